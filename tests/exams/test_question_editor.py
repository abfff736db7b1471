"""The question editor keeps only the parts of the chosen type and names a missing part on its field."""

import pytest

from exams.models import Choice, Question

from .utils import load_fixture_bank

NEW = "/admin/exams/questions/new/"


@pytest.fixture
def category(db):
    return load_fixture_bank()["t-001"].category


def post_data(category, qtype, *, choices=(), **extra):
    """What the editor posts: every type's fields (hidden ones included) and the choices formset."""
    data = {
        "category": category.pk,
        "type": qtype,
        "difficulty": 2,
        "name": f"新题-{qtype}",
        "text": "题干",
        "tags": "",
        "choices-TOTAL_FORMS": len(choices),
        "choices-INITIAL_FORMS": 0,
        "choices-MIN_NUM_FORMS": 0,
        "choices-MAX_NUM_FORMS": 1000,
        "tf_answer": "true",
        "accepted_text": "三声",
        "case_sensitive": "on",
        "items_text": "倾听\n致歉",
        "pairs_text": "进门 -> 您好\n离开 -> 慢走",
        "grader_info": "要点：先致歉",
        "explanation": "",
    }
    for index, (text, fraction) in enumerate(choices):
        data |= {
            f"choices-{index}-id": "",
            f"choices-{index}-ORDER": index + 1,
            f"choices-{index}-DELETE": "",
            f"choices-{index}-text": text,
            f"choices-{index}-fraction": fraction,
            f"choices-{index}-feedback": "",
        }
    return data | extra


def test_the_editor_marks_each_answer_panel_with_its_types_and_loads_its_script(org, client):
    client.force_login(org["trainer"])
    page = client.get(NEW).content.decode()
    for types in ("single multiple", "truefalse", "fill", "ordering", "matching", "essay"):
        assert f'data-question-types="{types}"' in page
    assert 'src="/static/exams/question_form.js"' in page


def test_a_true_false_question_keeps_neither_the_choices_nor_the_other_types_answers(category, org, client):
    client.force_login(org["trainer"])
    data = post_data(category, "truefalse", choices=[("甲", 1), ("", "not a number")])
    response = client.post(NEW, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question = Question.objects.get(name="新题-truefalse")
    assert question.data["answer"] is True and set(question.data) == {"answer", "true_feedback", "false_feedback"}
    assert not question.choices.exists()
    assert question.grader_info == "" and question.case_sensitive is False


def test_an_essay_keeps_its_grading_notes_and_a_fill_in_its_case_rule(category, org, client):
    client.force_login(org["trainer"])
    assert client.post(NEW, post_data(category, "essay")).status_code == 302
    assert client.post(NEW, post_data(category, "fill")).status_code == 302
    essay, fill = Question.objects.get(name="新题-essay"), Question.objects.get(name="新题-fill")
    assert essay.grader_info == "要点：先致歉" and essay.data == {}
    assert fill.case_sensitive is True and fill.grader_info == ""
    assert fill.data["accepted"][0]["text"] == "三声"


def test_a_single_choice_question_keeps_its_choices(category, org, client):
    client.force_login(org["trainer"])
    response = client.post(NEW, post_data(category, "single", choices=[("三声", 1), ("五声", 0)]))
    assert response.status_code == 302
    question = Question.objects.get(name="新题-single")
    assert [c.text for c in question.choices.all()] == ["三声", "五声"] and question.data == {}


def test_switching_a_saved_choice_question_to_ordering_drops_its_choices(category, org, client):
    client.force_login(org["trainer"])
    client.post(NEW, post_data(category, "single", choices=[("三声", 1), ("五声", 0)]))
    question = Question.objects.get(name="新题-single")
    data = post_data(category, "ordering", name="新题-single")
    existing = list(question.choices.all())
    data |= {"choices-TOTAL_FORMS": len(existing), "choices-INITIAL_FORMS": len(existing)}
    for index, choice in enumerate(existing):
        data |= {
            f"choices-{index}-id": choice.pk,
            f"choices-{index}-ORDER": index + 1,
            f"choices-{index}-text": choice.text,
            f"choices-{index}-fraction": choice.fraction,
            f"choices-{index}-feedback": "",
        }
    response = client.post(f"/admin/exams/questions/edit/{question.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    question.refresh_from_db()
    assert question.type == "ordering" and question.data == {"items": ["倾听", "致歉"]}
    assert not Choice.objects.filter(question=question).exists()


@pytest.mark.parametrize(
    ("qtype", "field", "blank", "reason"),
    [
        ("truefalse", "tf_answer", {"tf_answer": ""}, "判断题没有答案"),
        ("fill", "accepted_text", {"accepted_text": ""}, "填空题没有可接受的答案"),
        ("ordering", "items_text", {"items_text": "只有一项"}, "排序题至少需要两项"),
        ("matching", "pairs_text", {"pairs_text": ""}, "匹配题至少需要两对"),
        ("single", None, {}, "至少需要两个选项"),
    ],
)
def test_a_missing_part_of_the_chosen_type_is_an_error_on_its_field(category, org, client, qtype, field, blank, reason):
    client.force_login(org["trainer"])
    response = client.post(NEW, post_data(category, qtype, **blank))
    assert response.status_code == 200
    form = response.context["form"]
    assert reason in str(form.errors[field] if field else form.non_field_errors())
    assert reason in response.content.decode()
    assert not Question.objects.filter(name=f"新题-{qtype}").exists()


def test_a_missing_type_is_a_form_error_not_a_crash(category, org, client):
    client.force_login(org["trainer"])
    response = client.post(NEW, post_data(category, ""))
    assert response.status_code == 200 and "type" in response.context["form"].errors
    response = client.post(NEW, post_data(category, "numerical"))
    assert response.status_code == 200 and "type" in response.context["form"].errors
    assert not Question.objects.filter(name__startswith="新题").exists()
