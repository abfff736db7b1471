"""Fuzz every JSON endpoint and every import with generated input: never a 500, never a partial write.

Hypothesis generates JSON values (nested, NaN/Infinity, huge numbers, unicode, wrong types), form fields,
search queries, random bytes and random rows. Each test keeps to a few dozen examples (``FUZZ``) so the
suite stays fast; run it on PostgreSQL too (``DATABASE_URL=postgres://… ./peixun test tests/test_fuzz.py``),
where NUL characters, over-long texts and out-of-range integers are errors SQLite lets through.
"""

import csv
import io
import json
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import LessonProgress
from evidence.models import Launch, TrainingEvent
from exams.attempts import attempt_start
from exams.bank import bank_file_read
from exams.formats import FORMATS, BankFileError
from exams.models import Answer, Question
from i18n.textfiles import DecodedTable, UnknownEncoding, decode_table
from people import roles
from people.models import Hall, Leave, Staff
from tests.conftest import make_staff, make_user
from tests.exams.utils import load_fixture_bank, make_quiz
from trainings.models import Attendance

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "³", "٣", "\x00", "0", "-1", "true"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
    max_leaves=12,
)
CELL = st.text(max_size=60) | st.sampled_from(
    ["", "0", "1", "是", "2026-01-05", "2026-13-45", "9" * 80, "\x00", "=1+1"]
)


def _counts() -> tuple:
    return tuple(
        m.objects.count()
        for m in (Staff, Hall, Leave, Launch, Attendance, TrainingEvent, Question, get_user_model(), LessonProgress)
    )


@pytest.fixture
def attempt(db, client):
    bank = load_fixture_bank()
    staff = make_staff()
    client.force_login(staff.user)
    attempt = attempt_start(staff=staff, quiz=make_quiz([bank[f"t-00{n}"] for n in range(1, 8)]))
    attempt.question_ids = [bank[f"t-00{n}"].pk for n in range(1, 8)]
    return attempt


@FUZZ
@given(question=st.integers(min_value=0, max_value=6), response=JSON, as_body=st.booleans())
def test_autosave_never_answers_500_and_a_refused_answer_changes_nothing(client, attempt, question, response, as_body):
    qid = attempt.question_ids[question]
    before = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "response"))
    body = json.dumps(response if as_body else {"question": qid, "response": response})
    reply = client.post(reverse("exams:attempt_answer", args=[attempt.pk]), data=body, content_type="application/json")
    assert reply.status_code < 500
    after = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "response"))
    if reply.status_code != 200:
        assert after == before


@FUZZ
@given(
    fields=st.dictionaries(st.text(min_size=1, max_size=10).map(lambda k: f"q{k}"), st.text(max_size=20), max_size=6)
)
def test_hand_in_form_never_answers_500(client, attempt, fields):
    reply = client.post(
        reverse("exams:attempt_submit", args=[attempt.pk]), fields, headers={"Accept": "application/json"}
    )
    assert reply.status_code < 500


@pytest.fixture
def lesson(db, client):
    from tests.courses.conftest import make_lesson, make_module

    staff = make_staff()
    client.force_login(staff.user)
    return make_lesson(make_module(), title="投诉处理", slug="stages")


@FUZZ
@given(
    endpoint=st.sampled_from(["lesson_check", "lesson_position", "lesson_complete"]),
    fields=st.fixed_dictionaries(
        {},
        optional={"block_id": st.text(max_size=40), "choice": st.text(max_size=10), "position": st.text(max_size=70)},
    ),
    as_json=st.booleans(),
)
def test_lesson_endpoints_never_answer_500_nor_complete_anything(client, lesson, endpoint, fields, as_json):
    headers = {"Accept": "application/json"} if as_json else {}
    reply = client.post(reverse(f"courses:{endpoint}", args=[lesson.pk]), fields, headers=headers)
    assert reply.status_code < 500
    assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()


@FUZZ
@given(query=st.text(max_size=40) | st.sampled_from(['"', "\x00", "(", "a OR", "NEAR(a b)", "*", '投诉"处理']))
def test_search_never_answers_500(client, db, query):
    client.force_login(make_user(None))
    assert client.get(reverse("courses:search"), {"q": query}).status_code < 500


IMPORTS = {
    "import_staff": [
        "staff_no",
        "name",
        "branch",
        "hall_code",
        "hall_name",
        "post",
        "is_backbone",
        "hired_on",
        "left_on",
    ],
    "import_leave": ["staff_no", "kind", "start", "end", "note"],
    "import_training": ["staff_no", "kind", "occurred_at", "topic", "trainer", "place", "score", "launch_code"],
    "import_launches": ["code", "name", "announced_at", "hall_codes"],
}


@pytest.fixture
def people(db):
    hall = Hall.objects.create(code="QC01", name="中山路营业厅", branch=make_staff().hall.branch)
    make_staff(hall, staff_no="1001")
    make_user("admin", roles.HR)
    return hall


@FUZZ
@given(
    command=st.sampled_from(sorted(IMPORTS)),
    rows=st.lists(st.lists(CELL, min_size=9, max_size=9), min_size=1, max_size=4),
    known=st.booleans(),
)
def test_every_import_takes_random_rows_all_or_nothing(tmp_path_factory, people, command, rows, known):
    header = IMPORTS[command]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [("1001" if known and name == "staff_no" else cell) for name, cell in zip(header, row, strict=False)]
        )
    path = tmp_path_factory.mktemp("fuzz") / "rows.csv"
    path.write_text(out.getvalue())
    before = _counts()
    try:
        call_command(command, str(path), stdout=StringIO(), stderr=StringIO())
    except CommandError:
        assert _counts() == before


@FUZZ
@given(
    command=st.sampled_from(sorted(IMPORTS)),
    data=st.binary(max_size=400) | st.binary(max_size=60).map(lambda b: b"PK\x03\x04" + b),
    suffix=st.sampled_from([".csv", ".xlsx", ".txt"]),
)
def test_every_import_takes_random_bytes(tmp_path_factory, people, command, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"file{suffix}"
    path.write_bytes(data)
    before = _counts()
    try:
        call_command(command, str(path), stdout=StringIO(), stderr=StringIO())
    except CommandError:
        assert _counts() == before


@FUZZ
@given(
    fmt=st.sampled_from(sorted(f for f in FORMATS if f != "yaml")),
    data=st.binary(max_size=400) | st.text(max_size=200).map(str.encode),
)
def test_every_question_bank_reader_takes_random_bytes(db, fmt, data):
    try:
        bank_file_read(data, fmt=fmt)
    except BankFileError:
        pass


@FUZZ
@given(
    page=st.sampled_from(["people_admin:import", "people_admin:import_leave", "exams_admin:import"]),
    data=st.binary(max_size=300),
    name=st.sampled_from(["f.csv", "f.xlsx", "f.xml", "f.txt", "f.gift", "f"]),
)
def test_admin_upload_pages_take_random_files(client, people, page, data, name):
    client.force_login(get_user_model().objects.get(username="admin"))
    before = _counts()
    reply = client.post(reverse(page), {"file": SimpleUploadedFile(name, data)})
    assert reply.status_code < 500
    if page.startswith("people"):
        assert _counts() == before  # a preview writes nothing


TABLE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(",\t\n\r"), max_size=80)


@FUZZ
@given(text=TABLE_TEXT, codec=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "gb18030"]))
def test_decoder_reads_back_every_table_text_in_every_office_encoding(text, codec):
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    decoded = decode_table(data)
    if codec == "gb18030" and decoded.encoding == "UTF-8":
        assert data.decode("utf-8") == decoded.text  # the same bytes are also UTF-8: UTF-8 comes first
    else:
        assert decoded.text == text
    first = next((line for line in text.splitlines() if line.strip()), "")
    assert decoded.delimiter == ("\t" if first.count("\t") > first.count(",") else ",")


@FUZZ
@given(data=st.binary(max_size=400))
def test_decoder_takes_random_bytes(data):
    try:
        decoded = decode_table(data)
    except UnknownEncoding:
        return
    assert isinstance(decoded, DecodedTable)
    assert decoded.delimiter in (",", "\t")
    assert decoded.encoding in ("UTF-8", "UTF-8 (BOM)", "UTF-16LE", "UTF-16BE", "GB18030")
