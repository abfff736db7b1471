"""Every file in the shared question-bank test data imports, with the specifics SOURCES.md lists."""

from pathlib import Path

import pytest

from exams.formats import format_from_filename, read_bank

BANKS = Path("/work/shared/testdata/question-banks")
pytestmark = pytest.mark.skipif(not BANKS.is_dir(), reason="shared question-bank test data not present")


def read(rel: str, fmt: str | None = None):
    path = BANKS / rel
    return read_bank(path.read_bytes(), fmt or format_from_filename(path.name))


def by_type(questions):
    counts = {}
    for q in questions:
        counts[q.type] = counts.get(q.type, 0) + 1
    return counts


def test_every_shared_bank_file_imports_without_crashing():
    files = [p for p in BANKS.rglob("*") if p.is_file() and p.name != "SOURCES.md"]
    assert len(files) == 14
    for path in files:
        fmt = "aiken" if path.parent.name == "aiken" else format_from_filename(path.name)
        questions, problems = read_bank(path.read_bytes(), fmt)
        assert questions or problems, path


def test_moodle_multichoice_with_several_correct_answers_keeps_fractions_and_penalty():
    (q,), problems = read("moodle-xml/qtype_multichoice/testquestion.moodle.xml")
    assert problems == []
    assert q.type == "multiple" and q.penalty == 0.3333333
    assert [(c.text, c.fraction) for c in q.choices] == [
        ("Tokyo", 0.0),
        ("Spain", 0.0),
        ("London", 0.5),
        ("Barcelona", 0.0),
        ("Paris", 0.5),
    ]
    assert all(c.feedback == "" for c in q.choices)
    assert q.category == ("Default for C1",) and q.explanation == "Berlin, Paris and London"


def test_moodle_truefalse_reads_answer_feedback_and_penalty():
    (q,), _ = read("moodle-xml/qtype_truefalse/testquestion.moodle.xml")
    assert q.type == "truefalse" and q.answer is True and q.penalty == 1.0
    assert q.true_feedback == "This is the right answer." and q.false_feedback == "This is the wrong answer."
    assert q.explanation == "You should have selected true."


def test_moodle_shortanswer_keeps_partial_credit_and_wildcard():
    (q,), _ = read("moodle-xml/qtype_shortanswer/testquestion.moodle.xml")
    assert q.type == "fill" and q.case_sensitive is False
    assert [(a.text, a.fraction) for a in q.accepted] == [("frog", 1.0), ("toad", 0.8), ("*", 0.0)]
    assert q.accepted[2].feedback == "That is a bad answer."


def test_moodle_matching_empty_subquestion_is_a_distractor_and_answers_may_repeat():
    (q,), _ = read("moodle-xml/qtype_match/testquestion.moodle.xml")
    assert q.type == "matching"
    assert [(p.left, p.right) for p in q.pairs] == [("frog", "amphibian"), ("cat", "mammal"), ("newt", "amphibian")]
    assert q.distractors == ["insect"]


def test_moodle_essay_imports_with_empty_grader_info():
    (q,), _ = read("moodle-xml/qtype_essay/testquestion.moodle.xml")
    assert q.type == "essay" and q.grader_info == "" and q.name == "essay-001"


def test_moodle_nested_categories_drop_the_module_prefix():
    questions, problems = read("moodle-xml/nested_categories_with_questions.xml")
    assert problems == []
    assert by_type(questions) == {"truefalse": 4, "essay": 1}
    assert [q.category for q in questions] == [
        ("Iota",),
        ("Iota", "Kappa"),
        ("Iota", "Kappa"),
        ("Iota", "Kappa", "Lambda"),
        ("Iota", "Mu"),
    ]
    assert questions[0].text == "Testing Iota Question"


def test_moodle_numerical_questions_are_reported_not_imported():
    questions, problems = read("moodle-xml/numericalRef.xml")
    assert questions == [] and len(problems) == 2
    assert all("numerical" in p.reason for p in problems)


def test_gift_moodle_fixture_types_weights_and_wildcard():
    questions, problems = read("gift/questions.gift.txt")
    assert by_type(questions) == {"essay": 1, "matching": 1, "single": 1, "multiple": 1, "fill": 1, "truefalse": 3}
    assert len(problems) == 1 and "numerical" in problems[0].reason
    essay, matching, single, multiple, fill, tf, *_ = questions
    assert matching.text == "Match the activity to the description."
    assert matching.pairs[0].left == "An activity supporting asynchronous discussions." and matching.distractors == [
        "Chat"
    ]
    assert [p.right for p in matching.pairs] == ["Forum", "Choice", "Database", "Wiki"]
    assert [(c.text, c.fraction) for c in single.choices] == [("yellow", 1.0), ("red", 0.0), ("blue", 0.0)]
    assert single.choices[1].feedback == "wrong, it's yellow"
    assert [c.fraction for c in multiple.choices] == [0.5, -1.0, 0.5, -1.0]
    assert [(a.text, a.fraction) for a in fill.accepted] == [("Frog", 1.0), ("Cat", 0.5), ("*", 0.0)]
    assert tf.answer is False and tf.explanation.startswith("This is, of course")
    assert tf.false_feedback == "You gave the right answer." and tf.true_feedback == "42 is the Ultimate Answer."
    assert [q.name for q in questions[-2:]] == ["2-08 TSL", "2-08 TSL"]


def test_gift_category_line_and_escapes():
    questions, problems = read("gift/questions_in_category.gift.txt")
    assert problems == [] and by_type(questions) == {"matching": 1, "single": 1, "fill": 1, "truefalse": 1}
    assert {q.category for q in questions} == {("Default for New Features",)}
    greeting = questions[1]
    assert greeting.text == "Listen to this greeting:\nWhat language is being spoken?"
    assert questions[3].text == "Moodle is an acronym for Modular Object-Oriented Dynamic Learning Environment."
    assert [c.text for c in greeting.choices if c.fraction == 1] == ["French"]
    assert questions[2].accepted[0].text == "Moodler" and questions[2].accepted[0].feedback == ""


def test_gift_standard_examples_count_by_type():
    questions, problems = read("gift/examples.txt")
    counts = by_type(questions)
    assert counts["single"] + counts["multiple"] == 18
    assert counts == {"single": 16, "multiple": 2, "truefalse": 5, "fill": 9, "matching": 3}
    assert len(problems) == 8 and all("numerical" in p.reason for p in problems)
    control = next(q for q in questions if q.name == "GIFT Control Characters")
    assert [c.text for c in control.choices] == ["~", "=", "#", "{", "}", "\\"]
    assert control.choices[-1].fraction == 1.0


def test_gift_categories_file_with_description_and_lowercase_true():
    questions, problems = read("gift/gift_file_categories.txt")
    assert len(questions) + len(problems) == 19
    assert by_type(questions) == {"single": 4, "multiple": 1, "truefalse": 4, "fill": 2, "matching": 1, "essay": 1}
    assert sum("numerical" in p.reason for p in problems) == 5
    assert sum("description" in p.reason for p in problems) == 1
    tf_lower = next(q for q in questions if q.text == "Solo con un feedback.")
    assert tf_lower.answer is True and tf_lower.category == ("TrueFalseCategory",)
    essay = next(q for q in questions if q.type == "essay")
    assert "Hammarskjöld" in essay.text and essay.category == ("EssayDescriptionCategory",)


def test_gift_numerical_only_file_reports_all_ten():
    questions, problems = read("gift/numerical1.gift")
    assert questions == [] and len(problems) == 10


def test_aiken_reads_both_questions_with_their_answer():
    questions, problems = read("aiken/questions.aiken.txt", "aiken")
    assert problems == []
    assert [[c.fraction for c in q.choices] for q in questions] == [[0, 1, 0, 0], [1, 0]]
    assert questions[1].text.startswith(
        'Moodle\'s abilities include handling user input that includes <html class="cool"> &'
    )


def test_aiken_errors_imports_the_two_valid_questions_and_reports_three():
    questions, problems = read("aiken/aiken_errors.txt", "aiken")
    assert [q.text for q in questions] == ["A good question", "A second good question"]
    assert [c.text for c in questions[1].choices] == ["Incorrect (No space)", "Correct (No space)"]
    assert questions[1].choices[1].fraction == 1.0
    assert len(problems) == 3
