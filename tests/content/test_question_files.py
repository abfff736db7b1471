"""The shipped question bank (content/questions/*.yaml) obeys the shared file contract.

The exams app loads these files with `load_curriculum`; a malformed question would only surface there as a
skipped row or a wrong mark, so the contract is pinned here on the raw YAML, without a database.
"""

import math
import os
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BANK = REPO / "content" / "questions"
MODULES = ("etiquette", "grooming", "complaint", "security")
TYPES = {"single", "multiple", "truefalse", "fill", "ordering", "matching", "essay"}
COMMON_FIELDS = {"key", "type", "text", "difficulty", "tags", "explanation"}
TYPE_FIELDS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "truefalse": {"answer"},
    "fill": {"accepted"},
    "ordering": {"items"},
    "matching": {"pairs", "distractors"},
    "essay": {"grader_info"},
}
MIN_PER_FILE = 32
MIN_PER_POST_FILE = 16
"""A post bank (``post-*.yaml``) backs one short post module and is drawn by the post's certification exam."""
MIN_TOTAL = 120
NON_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff]+")
COPY_WINDOW = 20


def _seeds_dir() -> Path | None:
    """The read-only source documents live next to the checkout; CI machines may not have them."""
    candidates = [os.environ.get("PEIXUN_SEEDS_DIR"), REPO.parent / "shared" / "seeds", "/work/shared/seeds"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def bank() -> dict[str, dict]:
    """Every YAML file in the bank folder, by module name, so a new file is checked the moment it appears."""
    return {path.stem: _load(path) for path in sorted(BANK.glob("*.yaml"))}


def test_the_four_shipped_modules_each_have_a_file(bank):
    assert set(MODULES) <= set(bank)


def _questions(bank: dict[str, dict]):
    for module, data in bank.items():
        for question in data["questions"]:
            yield module, question


def _nonempty_str(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _check_choices(question: dict) -> list[str]:
    choices = question.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        return ["needs at least two choices"]
    problems = []
    for choice in choices:
        if not _nonempty_str(choice.get("text")):
            problems.append("choice without text")
        fraction = choice.get("fraction")
        if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not -1.0 <= fraction <= 1.0:
            problems.append(f"fraction {fraction!r} outside -1..1")
        if set(choice) - {"text", "fraction", "feedback"}:
            problems.append(f"unknown choice fields {sorted(set(choice) - {'text', 'fraction', 'feedback'})}")
    texts = [c.get("text") for c in choices]
    if len(set(texts)) != len(texts):
        problems.append("duplicate choice texts")
    if problems:
        return problems
    fractions = [float(c["fraction"]) for c in choices]
    if question["type"] == "single":
        if sum(1 for f in fractions if math.isclose(f, 1.0)) != 1:
            problems.append("single choice needs exactly one choice worth 1.0")
    else:
        positive = sum(f for f in fractions if f > 0)
        if abs(positive - 1.0) > 1e-6:
            problems.append(f"positive fractions sum to {positive}, not 1.0")
        if not any(f <= 0 for f in fractions):
            problems.append("multiple choice needs a wrong (zero or negative) choice")
        if sum(1 for f in fractions if f > 0) < 2:
            problems.append("multiple choice needs at least two right choices")
    return problems


def _check_question(question: dict) -> list[str]:
    kind = question.get("type")
    if kind not in TYPES:
        return [f"unknown type {kind!r}"]
    problems = []
    unknown = set(question) - COMMON_FIELDS - TYPE_FIELDS[kind]
    if unknown:
        problems.append(f"unknown fields {sorted(unknown)}")
    if not _nonempty_str(question.get("text")):
        problems.append("no text")
    difficulty = question.get("difficulty")
    if isinstance(difficulty, bool) or difficulty not in (1, 2, 3):
        problems.append(f"difficulty {difficulty!r} not in 1..3")
    tags = question.get("tags")
    if not isinstance(tags, list) or not tags or not all(_nonempty_str(t) for t in tags):
        problems.append("tags must be a non-empty list of strings")
    if not _nonempty_str(question.get("explanation")):
        problems.append("no explanation")
    if kind in ("single", "multiple"):
        problems += _check_choices(question)
    elif kind == "truefalse":
        if not isinstance(question.get("answer"), bool):
            problems.append("truefalse answer must be true or false")
    elif kind == "fill":
        if question["text"].count("____") != 1:
            problems.append("fill text needs exactly one ____ blank")
        accepted = question.get("accepted")
        if not isinstance(accepted, list) or not accepted or not all(_nonempty_str(a) for a in accepted):
            problems.append("fill needs at least one accepted answer")
    elif kind == "ordering":
        items = question.get("items")
        if not isinstance(items, list) or len(items) < 3 or not all(_nonempty_str(i) for i in items):
            problems.append("ordering needs at least three items")
        elif len(set(items)) != len(items):
            problems.append("ordering items must be distinct")
    elif kind == "matching":
        pairs = question.get("pairs")
        if not isinstance(pairs, list) or len(pairs) < 3:
            problems.append("matching needs at least three pairs")
        elif not all(
            set(p) == {"left", "right"} and _nonempty_str(p["left"]) and _nonempty_str(p["right"]) for p in pairs
        ):
            problems.append("every pair needs a left and a right")
        else:
            lefts = [p["left"] for p in pairs]
            if len(set(lefts)) != len(lefts):
                problems.append("matching lefts must be distinct")
            rights = {p["right"] for p in pairs}
            distractors = question.get("distractors", [])
            if not isinstance(distractors, list) or rights & set(distractors):
                problems.append("distractors must be a list of wrong rights")
    elif kind == "essay":
        if not _nonempty_str(question.get("grader_info")):
            problems.append("essay needs grader_info for the trainer")
    return problems


def _by_category(bank: dict[str, dict]) -> dict[str, list[dict]]:
    """Questions per category: several files may share one (``etiquette.yaml``, ``etiquette-coverage.yaml``)."""
    grouped: dict[str, list[dict]] = {}
    for data in bank.values():
        grouped.setdefault(data["category"], []).extend(data["questions"])
    return grouped


def test_every_file_names_its_category_in_its_file_name(bank):
    for name, data in bank.items():
        assert name == data["category"] or name.startswith(data["category"] + "-"), name
        assert isinstance(data["questions"], list)


def test_every_question_matches_the_schema_of_its_type(bank):
    problems = {}
    for module, question in _questions(bank):
        found = _check_question(question)
        if found:
            problems[f"{module}:{question.get('key')}"] = found
    assert problems == {}


def test_question_keys_are_unique_across_all_files(bank):
    counts = Counter(question["key"] for _, question in _questions(bank))
    assert all(_nonempty_str(key) for key in counts)
    assert [key for key, n in counts.items() if n > 1] == []


def test_each_module_category_holds_enough_questions_and_the_bank_meets_the_issue_minimum(bank):
    sizes = {category: len(questions) for category, questions in _by_category(bank).items()}
    assert all(sizes[module] >= MIN_PER_FILE for module in MODULES), sizes
    assert all(size >= MIN_PER_POST_FILE for category, size in sizes.items() if category.startswith("post-")), sizes
    assert sum(sizes.values()) >= MIN_TOTAL


def test_each_category_can_fill_its_module_quiz(bank):
    from exams.curriculum import DRAW

    for category, questions in _by_category(bank).items():
        counts = Counter(q["type"] for q in questions)
        assert all(counts[kind] >= n for kind, n in DRAW), (category, dict(counts))


def test_each_category_mixes_all_seven_types(bank):
    """Essays only where a certification exam (trainer-graded) draws one (see test_question_quality): the
    module quizzes are machine-graded, so the other banks carry the six machine-graded types."""
    from certification.curriculum import programs_read

    programs = programs_read((Path(__file__).parents[2] / "content" / "programs.yaml").read_text(encoding="utf-8"))
    with_essay = {c for p in programs for c, counts in p["exam"]["draw"].items() if counts.get("essay")}
    for category, questions in _by_category(bank).items():
        expected = TYPES if category in with_essay else TYPES - {"essay"}
        assert {q["type"] for q in questions} == expected, category


def test_each_category_spans_all_three_difficulties(bank):
    for category, questions in _by_category(bank).items():
        assert {q["difficulty"] for q in questions} == {1, 2, 3}, category


def test_training_rhythm_questions_are_present_and_tagged(bank):
    tagged = [q for _, q in _questions(bank) if "培训制度" in q["tags"]]
    assert len(tagged) >= 5


def test_schema_check_rejects_broken_questions():
    single = {"key": "x", "type": "single", "text": "t", "difficulty": 1, "tags": ["a"], "explanation": "e"}
    assert _check_question(single | {"choices": [{"text": "a", "fraction": 1.0}, {"text": "b", "fraction": 0}]}) == []
    assert _check_question(single | {"choices": [{"text": "a", "fraction": 1.0}, {"text": "b", "fraction": 1.0}]})
    multiple = single | {"type": "multiple"}
    two_halves = [{"text": "a", "fraction": 0.5}, {"text": "b", "fraction": 0.5}]
    assert _check_question(multiple | {"choices": two_halves}), "no wrong choice"
    assert _check_question(multiple | {"choices": [*two_halves[:1], {"text": "c", "fraction": -0.5}]})
    assert _check_question(single | {"type": "fill", "accepted": ["1"]}), "no blank"
    assert _check_question(single | {"type": "truefalse", "answer": "yes"})
    assert _check_question(single | {"type": "ordering", "items": ["a", "b"]})
    assert _check_question(single | {"type": "essay", "difficulty": 4, "grader_info": "g"})
    assert _check_question(single | {"explanation": " ", "choices": two_halves[:1] * 2})


def _copied_windows(texts, corpus: str) -> set[str]:
    """Twenty-character CJK windows shared with the corpus.

    Punctuation, digits and spaces are dropped on both sides first, so a sentence copied with its commas
    changed or removed is still caught; this is stricter than comparing raw runs.
    """
    corpus_cjk = NON_CJK.sub("", corpus)
    copied = set()
    for text in texts:
        run = NON_CJK.sub("", text)
        for start in range(len(run) - COPY_WINDOW + 1):
            window = run[start : start + COPY_WINDOW]
            if window in corpus_cjk:
                copied.add(window)
    return copied


def test_copy_check_catches_a_sentence_lifted_with_its_punctuation_changed():
    source = "由于顾客的投诉多数属于发泄性质,只要得到同情和理解, 消除怨气"
    assert _copied_windows(["由于顾客的投诉多数属于发泄性质；只要得到同情和理解就能消除怨气。"], source)
    assert _copied_windows(["投诉往往是为了发泄情绪，先表示理解再处理。"], source) == set()


def test_no_twenty_character_run_is_copied_from_the_seed_documents(bank):
    seeds = _seeds_dir()
    if seeds is None:
        pytest.skip("seed documents not available on this machine")
    import opencc

    to_simplified = opencc.OpenCC("t2s")  # the seeds mix traditional and simplified characters
    corpus = to_simplified.convert(
        "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in sorted(seeds.glob("*.txt")))
    )
    copied = {
        (question["key"], window)
        for _, question in _questions(bank)
        for window in _copied_windows([to_simplified.convert(t) for t in _strings(question)], corpus)
    }
    assert copied == set()
