"""Each import offers an XLSX template made from the columns its reader uses: headings in the user's
language, an example row, drop-down lists of allowed values and a 说明 sheet; a filled template imports."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from certification.imports import CERTIFICATE_COLUMNS, PROGRAM_COLUMNS
from certification.models import Certificate, Program
from evidence.imports import LAUNCH_COLUMNS
from evidence.models import EventKind, Launch
from lms.importsheets import template_xlsx
from people.imports import STAFF_COLUMNS
from people.leaves import LEAVE_COLUMNS
from people.models import Leave, Staff
from people.posts import Post
from tests.certification.utils import make_program
from trainings.imports import TRAINING_COLUMNS
from trainings.models import TrainingSession

IMPORTS = {
    # command: (columns, cells to change in the example row so it fits the test's people, what it creates)
    "import_staff": (STAFF_COLUMNS, {}, lambda: Staff.objects.filter(staff_no="10086").exists()),
    "import_leave": (LEAVE_COLUMNS, {"staff_no": "A1"}, lambda: Leave.objects.filter(staff__staff_no="A1").exists()),
    "import_training": (TRAINING_COLUMNS, {"staff_no": "A1"}, lambda: TrainingSession.objects.exists()),
    "import_launches": (
        LAUNCH_COLUMNS,
        {"hall_codes": "HA"},
        lambda: Launch.objects.filter(code="5G-2026-03").exists(),
    ),
    "import_programs": (PROGRAM_COLUMNS, {}, lambda: Program.objects.filter(code="CTR").exists()),
    "import_certificates": (CERTIFICATE_COLUMNS, {"staff_no": "A1", "program": "SEC"}, Certificate.objects.exists),
}


@pytest.fixture
def known(org):
    make_program("SEC")
    return org


def _filled(data: bytes, columns, changes: dict) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    for index, column in enumerate(columns, start=1):
        if column.code in changes:
            sheet.cell(row=2, column=index, value=changes[column.code])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("command", sorted(IMPORTS))
def test_a_filled_template_imports(tmp_path, known, command, language):
    columns, changes, created = IMPORTS[command]
    with translation.override(language):
        data = template_xlsx(columns)
    path = tmp_path / "filled.xlsx"
    path.write_bytes(_filled(data, columns, changes))
    assert not created()
    out = StringIO()
    call_command(command, str(path), stdout=out, stderr=StringIO())  # read in Chinese, whatever the template's
    assert out.getvalue().startswith("读取文件：XLSX")
    assert created()


def test_template_has_headings_in_the_users_language_an_example_and_a_notes_sheet():
    book = load_workbook(io.BytesIO(template_xlsx(STAFF_COLUMNS)))
    assert book.sheetnames == ["导入数据", "说明", "lists"]
    rows = list(book["导入数据"].iter_rows(values_only=True))
    assert rows[0][:3] == ("工号", "姓名", "地市公司")
    assert rows[1][:2] == ("10086", "张敏")
    notes = list(book["说明"].iter_rows(values_only=True))
    assert notes[2] == ("列", "列代码", "必填列", "说明", "可选值")
    by_code = {row[1]: row for row in notes[3:]}
    assert by_code["post"][4].split("、")[:2] == ["营业厅经理", "值班经理"]
    assert by_code["effective_on"][2] == "否"
    with translation.override("en"):
        book = load_workbook(io.BytesIO(template_xlsx(STAFF_COLUMNS)))
    assert book.sheetnames[:2] == ["Data", "Description"]
    assert next(book["Data"].iter_rows(values_only=True))[:3] == ("Staff no.", "Name", "City branch")


def test_choice_columns_get_a_drop_down_of_the_allowed_values():
    book = load_workbook(io.BytesIO(template_xlsx(TRAINING_COLUMNS)))
    rules = book["导入数据"].data_validations.dataValidation
    assert [(r.type, r.formula1, str(r.sqref)) for r in rules] == [("list", "lists!$B$1:$B$7", "B2:B1001")]
    assert [row[1] for row in book["lists"].iter_rows(values_only=True)] == EventKind.values
    staff = load_workbook(io.BytesIO(template_xlsx(STAFF_COLUMNS)))
    posts = [row[5] for row in staff["lists"].iter_rows(values_only=True)]
    assert len(posts) == len(Post.choices) and "综合受理" in posts


def test_database_choices_list_the_programs(tmp_path, known):
    make_program("CTR")
    path = tmp_path / "certificates.xlsx"
    call_command("import_certificates", "--template", str(path), stdout=StringIO())
    book = load_workbook(path)
    assert [row[1] for row in book["lists"].iter_rows(values_only=True)] == ["CTR", "SEC"]


def test_an_import_command_without_a_file_says_so(db):
    with pytest.raises(CommandError, match="请给出要导入的文件"):
        call_command("import_training", stdout=StringIO())


@pytest.mark.parametrize(("page", "kind"), [("people_admin:import", "staff"), ("people_admin:import_leave", "leave")])
def test_each_import_page_links_its_template(client, known, page, kind):
    client.force_login(known["hr"])
    url = reverse("people_admin:import_template", args=[kind])
    assert url in client.get(reverse(page)).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-template.xlsx"'
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["导入数据", "说明", "lists"]


def test_templates_are_refused_without_the_import_permission(client, known):
    client.force_login(known["manager_a"].user)
    assert client.get(reverse("people_admin:import_template", args=["staff"])).status_code in (302, 403)
    client.force_login(known["hr"])
    assert client.get(reverse("people_admin:import_template", args=["nothing"])).status_code == 404
