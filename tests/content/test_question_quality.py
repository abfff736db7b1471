"""The shipped bank measures knowledge (issue 16) and teaches the hall's rules as the sources give them.

The figures come from ``exams.quality.bank_figures`` over the bank files as the loader reads them; the
accuracy checks are the ones a program can make on the raw files (terms, spellings, number style, facts
marked as common practice). Whether a distractor is a mistake a real employee could make needs a reader.
"""

import re
from pathlib import Path

import pytest
import yaml

from certification.curriculum import programs_read
from exams.curriculum import DRAW, MODULE_AUDIENCE
from exams.formats import read_bank
from exams.quality import LONGEST_RIGHT_LIMIT, bank_figures

CONTENT = Path(__file__).resolve().parents[2] / "content"
BANK = CONTENT / "questions"
TRAINING_KEYS = {"aq-019", "aq-020", "aq-021", "aq-105", "aq-204", "aq-302", "aq-303", "aq-502"}
"""The training-management questions that used to sit in the security bank."""
TRAINING_WORDS = ("培训制度", "培训记录", "培训档案", "48 小时", "集中培训", "营业骨干", "每周不少于")
UNITS = "分钟|小时|毫米|厘米|米|字|次|颗|秒|元|天|声|度"


def _bank():
    questions = []
    for path in sorted(BANK.glob("*.yaml")):
        found, problems = read_bank(path.read_bytes(), "yaml")
        assert problems == [], path.name
        questions += found
    return questions


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _strings(value, *, skip=("accepted",)):
    """Every string of a YAML value, leaving out the fields that hold answers to match (fill-in answers)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in skip:
                yield from _strings(item, skip=skip)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, skip=skip)


def _content_texts() -> dict[str, list[str]]:
    """The learner-facing text of every curriculum, bank and programs file and every media text file."""
    texts = {}
    for path in sorted([*CONTENT.glob("curriculum/*.yaml"), *BANK.glob("*.yaml"), CONTENT / "programs.yaml"]):
        texts[path.name if path.parent == CONTENT else f"{path.parent.name}/{path.name}"] = list(_strings(_yaml(path)))
    for path in sorted(CONTENT.glob("media/*.txt")) + sorted(CONTENT.glob("media/*.csv")):
        texts[f"media/{path.name}"] = [path.read_text(encoding="utf-8")]
    return texts


def _by_key() -> dict[str, dict]:
    return {
        q["key"]: q | {"category": data["category"]}
        for p in BANK.glob("*.yaml")
        for data in [_yaml(p)]
        for q in data["questions"]
    }


def _lesson_text(module: str) -> str:
    return "\n".join(_strings(_yaml(CONTENT / "curriculum" / f"{module}.yaml")))


@pytest.fixture(scope="module")
def figures():
    return {f.category: f for f in bank_figures(_bank())}


def test_in_no_category_is_the_right_option_the_longest_in_more_than_35_percent(figures):
    shares = {name: round(f.longest_right_share, 2) for name, f in figures.items()}
    assert all(share <= LONGEST_RIGHT_LIMIT for share in shares.values()), shares
    assert all(f.choice_questions > 0 for f in figures.values())


def test_every_matching_question_has_a_distractor_and_no_choice_repeats(figures):
    assert {name: f.matching_without_distractor for name, f in figures.items() if f.matching_without_distractor} == {}
    assert {name: f.repeated_options for name, f in figures.items() if f.repeated_options} == {}


def test_every_essay_is_drawn_by_a_trainer_graded_certification_exam(figures):
    assert all(qtype != "essay" for qtype, _count in DRAW), "module quizzes are machine-graded"
    programs = programs_read((CONTENT / "programs.yaml").read_text(encoding="utf-8"))
    with_essay = {
        category
        for program in programs
        for category, counts in program["exam"]["draw"].items()
        if counts.get("essay", 0) >= 1
    }
    assert {name for name, f in figures.items() if f.essays} <= with_essay
    assert {name for name, f in figures.items() if f.essays} == {
        "complaint",
        "etiquette",
        "grooming",
        "security",
        "service-standards",
    }


def test_training_management_questions_are_in_the_training_bank_not_in_security():
    by_key = _by_key()
    assert {by_key[key]["category"] for key in TRAINING_KEYS} == {"training"}
    security = [q for q in by_key.values() if q["category"] == "security"]
    leaked = {q["key"]: word for q in security for word in TRAINING_WORDS for text in _strings(q) if word in text} | {
        q["key"]: "tag" for q in security if "培训制度" in q["tags"]
    }
    assert leaked == {}
    programs = {p["code"]: p for p in programs_read((CONTENT / "programs.yaml").read_text(encoding="utf-8"))}
    assert set(programs["SEC"]["exam"]["draw"]) == {"security"}


def test_the_training_bank_is_for_the_people_who_run_trainings():
    assert set(MODULE_AUDIENCE["training"]) == {"hall_manager", "duty_manager", "trainer"}
    training = [q for q in _by_key().values() if q["category"] == "training"]
    assert len(training) >= 10 and all("培训制度" in q["tags"] for q in training)


def test_no_call_centre_rules_and_only_post_terms_from_people_posts():
    found = {
        (name, word)
        for name, texts in _content_texts().items()
        for text in texts
        for word in ("值机", "接线员", "话务员", "班长", "主管", "引导员", "培训师")
        if word in text
    }
    assert found == set()
    assert "工号牌" in _lesson_text("security")
    assert "工号" in " ".join(_strings(_by_key()["aq-005"]))


def test_one_spelling_for_a_snag_in_stockings():
    joined = "\n".join(t for texts in _content_texts().values() for t in texts)
    assert "抽丝" in joined and "挑丝" not in joined and "勾丝" not in joined


def test_numbers_with_units_are_written_one_way():
    """Like the lessons: a space between number and unit and before a number after a Chinese character."""
    glued = re.compile(rf"\d(?:{UNITS})|[\u4e00-\u9fff]\d+(?:～\d+)? (?:{UNITS})|\d至\d")
    found = {(name, m.group()) for name, texts in _content_texts().items() for t in texts for m in glued.finditer(t)}
    assert found == set()


def test_where_the_sources_disagree_the_hall_rule_is_taught_and_the_other_mentioned():
    etiquette, security = _lesson_text("etiquette"), _lesson_text("security")
    assert "每分钟 150 字" in etiquette and "120 字" in etiquette
    assert "三声之内" in etiquette and "响两声后" in etiquette
    assert "提前 10 分钟到岗" in security and "10～15 分钟" in security
    by_key = _by_key()
    assert [c["text"] for c in by_key["ly-011"]["choices"] if c["fraction"] > 0] == ["约 150 字"]
    assert "120 字" not in "".join(c["text"] for c in by_key["ly-011"]["choices"])
    assert [c["text"] for c in by_key["aq-006"]["choices"] if c["fraction"] > 0] == ["10 分钟"]


def test_the_tie_covers_the_belt_buckle_as_in_the_source_and_the_self_check():
    grooming = _lesson_text("grooming")
    assert "盖住皮带扣" in grooming and "落在皮带扣上" not in grooming


def test_facts_without_a_source_are_marked_as_common_practice_in_the_lessons():
    security, complaint, grooming = _lesson_text("security"), _lesson_text("complaint"), _lesson_text("grooming")
    assert "防抢（通行做法）" in security and "防火（通行做法）" in security
    assert "备用金" not in security and "长短款不能互相抵补" not in security
    visitor = next(line for line in security.splitlines() if "进出时间" in line)
    assert "通行做法" in visitor
    distance = next(line for line in complaint.splitlines() if "一米" in line)
    assert "通行做法" in distance
    nails = next(line for line in grooming.splitlines() if line.startswith("男员工：指甲"))
    assert "不涂指甲油" not in nails.split("。")[0]


def test_no_question_tests_an_unsourced_fact_as_regulation():
    by_key = _by_key()
    assert not {"aq-017", "aq-025", "aq-301"} & set(by_key)
    bank_text = {key: " ".join(_strings(q)) for key, q in by_key.items()}
    assert {key for key, text in bank_text.items() if re.search(r"110|119|备用金|一米以内", text)} == set()
    assert all("通行做法" in bank_text[key] for key in ("aq-009", "aq-104"))


def test_the_system_defaults_are_taught_as_defaults_not_as_regulation():
    by_key = _by_key()
    assert "本系统" in by_key["aq-204"]["text"] and by_key["aq-204"]["answer"] is True
    assert "周末" in by_key["aq-302"]["explanation"] and "本系统默认" in by_key["aq-302"]["explanation"]
    assert [c["text"] for c in by_key["aq-019"]["choices"] if c["fraction"] > 0] == ["到岗后第 7 天结束前"]
    assert "默认" in by_key["aq-019"]["text"]


def test_network_quality_and_billing_errors_are_two_causes_not_one():
    question = _by_key()["ts-010"]
    assert "导致" not in question["text"] and "计费" not in question["text"]


def test_the_training_record_names_the_trainer_as_the_source_does():
    choices = [c["text"] for c in _by_key()["aq-105"]["choices"] if c["fraction"] > 0]
    assert "培训老师" in choices
