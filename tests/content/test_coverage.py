"""The coverage table (content/coverage.yaml) keeps every listed requirement taught and tested.

Each entry names the lessons that teach a requirement of the seed documents and the bank questions that
test it. A lesson or question removed or renamed in the shipped files would silently drop a requirement
from the curriculum; these tests fail instead. Keys starting with ``TODO-`` stand for content on another
branch (the per-post modules) and are skipped until the lead replaces them.
"""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
FIELDS = {"id", "requirement", "source", "lessons", "questions"}
SOURCES = ("000", "001", "002", "003")


def _yaml(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def requirements() -> list[dict]:
    return _yaml(CONTENT / "coverage.yaml")["requirements"]


def shipped_lessons() -> set[str]:
    """Lesson keys of every module file."""
    return {lesson["key"] for path in (CONTENT / "curriculum").glob("*.yaml") for lesson in _yaml(path)["lessons"]}


def shipped_questions() -> set[str]:
    """Question keys of every bank file."""
    return {question["key"] for path in (CONTENT / "questions").glob("*.yaml") for question in _yaml(path)["questions"]}


def pending(key: str) -> bool:
    return key.startswith("TODO-")


def missing(entries: list[dict], *, field: str, shipped: set[str]) -> dict[str, list[str]]:
    """Keys of ``field`` that no shipped file holds, by requirement id (``TODO-`` keys are not checked)."""
    found = {}
    for entry in entries:
        lost = [key for key in entry[field] if not pending(key) and key not in shipped]
        if lost:
            found[entry["id"]] = lost
    return found


def test_every_entry_has_its_fields_and_a_unique_id():
    entries = requirements()
    assert entries
    for entry in entries:
        assert set(entry) == FIELDS, entry.get("id")
        assert isinstance(entry["requirement"], str) and entry["requirement"].strip(), entry["id"]
        assert entry["source"].startswith(SOURCES), entry["id"]
        for field in ("lessons", "questions"):
            assert isinstance(entry[field], list), (entry["id"], field)
            assert all(isinstance(key, str) and key.strip() for key in entry[field]), (entry["id"], field)
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))


def test_every_requirement_is_taught_in_a_lesson_and_tested_by_a_question():
    empty = [e["id"] for e in requirements() if not e["lessons"] or not e["questions"]]
    assert empty == []


def test_every_listed_lesson_is_in_a_module_file():
    assert missing(requirements(), field="lessons", shipped=shipped_lessons()) == {}


def test_every_listed_question_is_in_a_bank_file():
    assert missing(requirements(), field="questions", shipped=shipped_questions()) == {}


def test_a_lost_lesson_or_question_is_reported_and_pending_keys_are_not():
    entries = [
        {"id": "X1", "lessons": ["etiquette-phone", "gone-lesson"], "questions": ["ly-001"]},
        {"id": "X2", "lessons": ["TODO-posts"], "questions": ["TODO-posts", "gone-question"]},
    ]
    assert missing(entries, field="lessons", shipped={"etiquette-phone"}) == {"X1": ["gone-lesson"]}
    assert missing(entries, field="questions", shipped={"ly-001"}) == {"X2": ["gone-question"]}


def test_the_table_spans_every_seed_document():
    sources = {entry["source"][:3] for entry in requirements()}
    assert sources == set(SOURCES)
