"""Every import reads files as Chinese offices save them: UTF-8 (BOM optional), GBK/GB18030 and Excel's
UTF-16 "Unicode text" with tabs, and says how it read them; undecodable bytes are refused, nothing written."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from certification.models import Certificate, Program
from evidence.models import Launch
from exams.formats import read_bank
from exams.formats.model import format_from_filename
from people.models import Leave, Staff
from tests.certification.utils import make_program
from trainings.models import TrainingSession

RARE = "𠀀"
"""A character GB18030 has and GBK lacks (CJK Extension B)."""

IMPORTS = {
    "import_staff": (
        "staff_no,name,branch,hall_code,hall_name,post,is_backbone,hired_on,left_on\n"
        "S9,张敏RARE,QC,HA,甲营业厅,综合受理,否,2021-03-01,\n",
        lambda: Staff.objects.get(staff_no="S9").name,
        "张敏RARE",
    ),
    "import_leave": (
        "staff_no,kind,start,end,note\nA1,病假,2026-03-02,2026-03-04,住院RARE\n",
        lambda: Leave.objects.get().note,
        "住院RARE",
    ),
    "import_training": (
        "staff_no,kind,occurred_at,topic,trainer,place,score,launch_code\nA1,weekly,2026-01-06T10:00,礼仪RARE,周,,90,\n",
        lambda: TrainingSession.objects.get().topic,
        "礼仪RARE",
    ),
    "import_launches": (
        "code,name,announced_at,hall_codes\nL9,新品RARE,2026-01-06T10:00,HA\n",
        lambda: Launch.objects.get(code="L9").name,
        "新品RARE",
    ),
    "import_programs": (
        "code,name,posts,validity_months,window_days,grace_days\nP9,认证RARE,综合受理,,,\n",
        lambda: Program.objects.get(code="P9").name,
        "认证RARE",
    ),
    "import_certificates": (
        "staff_no,program,issued_on,expires_on,number\nA1,SEC,2025-01-01,2027-01-01,编号RARE\n",
        lambda: Certificate.objects.get().number,
        "编号RARE",
    ),
}
ENCODINGS = {
    "utf-8": ("utf-8", ",", "UTF-8，逗号分隔"),
    "utf-8-bom": ("utf-8-sig", ",", "UTF-8 (BOM)，逗号分隔"),
    "gbk": ("gbk", ",", "GB18030，逗号分隔"),
    "gb18030": ("gb18030", ",", "GB18030，逗号分隔"),
    "utf-16-tabs": ("utf-16", "\t", "UTF-16LE，制表符分隔"),
}


@pytest.mark.parametrize("codec", ["utf-8-sig", "gb18030", "utf-16"])
def test_a_question_bank_as_chinese_excel_saves_text_is_read(codec):
    data = "营业厅的服务时间？\nA. 9:00–18:00\nB. 全天\nANSWER: A\n".encode(codec)
    assert format_from_filename("题库.txt", data) == "aiken"
    questions, problems = read_bank(data, "aiken")
    assert problems == []
    assert [q.text for q in questions] == ["营业厅的服务时间？"]


@pytest.fixture
def known(org):
    make_program("SEC")
    return org


def _file(tmp_path, text: str, codec: str, delimiter: str):
    rare = "" if codec == "gbk" else RARE
    path = tmp_path / "file.csv"
    path.write_bytes(text.replace("RARE", rare).replace(",", delimiter).encode(codec))
    return path, rare


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("command", sorted(IMPORTS))
def test_each_import_reads_each_office_encoding_and_says_which(tmp_path, known, command, encoding):
    text, stored, expected = IMPORTS[command]
    codec, delimiter, said = ENCODINGS[encoding]
    path, rare = _file(tmp_path, text, codec, delimiter)
    out = StringIO()
    call_command(command, str(path), stdout=out, stderr=StringIO())
    assert out.getvalue().splitlines()[0] == f"读取文件：{said}"
    assert stored() == expected.replace("RARE", rare)


@pytest.mark.parametrize("command", sorted(IMPORTS))
def test_each_import_refuses_bytes_of_no_known_encoding_and_writes_nothing(tmp_path, known, command):
    path = tmp_path / "file.csv"
    path.write_bytes(b"staff_no,name\n\x80\x81\xff\x01\xfe\x02")
    counts = [m.objects.count() for m in (Staff, Leave, TrainingSession, Launch, Program, Certificate)]
    with pytest.raises(CommandError, match="无法识别文件的编码（已尝试 UTF-8/UTF-16/GB18030）"):
        call_command(command, str(path), stdout=StringIO(), stderr=StringIO())
    assert [m.objects.count() for m in (Staff, Leave, TrainingSession, Launch, Program, Certificate)] == counts


@pytest.mark.parametrize(
    ("page", "command"), [("people_admin:import", "import_staff"), ("people_admin:import_leave", "import_leave")]
)
def test_admin_import_previews_say_how_they_read_the_file(client, known, page, command):
    client.force_login(known["hr"])
    text = IMPORTS[command][0].replace("RARE", RARE).replace(",", "\t")
    upload = SimpleUploadedFile("表.txt", text.encode("utf-16"))
    html = client.post(reverse(page), {"file": upload}).content.decode()
    assert "文件读取方式：UTF-16LE，制表符分隔" in html
    assert "确认导入" in html


def test_admin_import_refuses_undecodable_bytes_with_the_encodings_tried(client, known):
    client.force_login(known["hr"])
    upload = SimpleUploadedFile("staff.csv", b"\x80\x81\xff\x01\xfe\x02")
    before = Staff.objects.count()
    html = client.post(reverse("people_admin:import"), {"file": upload}).content.decode()
    assert "无法识别文件的编码（已尝试 UTF-8/UTF-16/GB18030）" in html
    assert "确认导入" not in html
    assert Staff.objects.count() == before
