"""The three shipped programs: loaded by load_curriculum with exams drawn from the bank; twice = no change."""

from io import StringIO

import pytest
from django.core.management import call_command

from certification.curriculum import ProgramsFileError, programs_file, programs_read
from certification.models import Program
from exams.models import QuizSlot


def snapshot():
    programs = [
        (p.code, p.name, tuple(p.posts), p.exam_id, p.practical_required, tuple(p.modules.values_list("pk", flat=True)))
        for p in Program.objects.order_by("code")
    ]
    slots = sorted(QuizSlot.objects.filter(quiz__source_key__startswith="cert:").values_list("pk", "quiz_id", "count"))
    return programs, slots


def test_the_shipped_file_holds_the_three_programs():
    programs = {p["code"]: p for p in programs_read(programs_file().read_text(encoding="utf-8"))}
    assert set(programs) == {"SEC", "CTR", "CMP"}
    assert programs["SEC"]["posts"] == [] and set(programs["CTR"]["posts"]) == {"counter", "front_desk"}


def test_a_bad_programs_file_is_refused():
    with pytest.raises(ProgramsFileError):
        programs_read("programs:\n  - code: 'bad code'\n    name: x\n")


@pytest.mark.django_db
def test_load_curriculum_creates_the_programs_with_their_exams_and_a_second_run_changes_nothing():
    out = StringIO()
    call_command("load_curriculum", stdout=out)
    assert "认证项目：新建 3" in out.getvalue()
    sec, ctr, cmp = (Program.objects.get(code=c) for c in ("SEC", "CTR", "CMP"))
    assert (sec.posts, ctr.posts, cmp.posts) == ([], ["counter", "front_desk"], ["complaint"])
    assert [m.source_key for m in sec.modules.all()] == ["security"]
    assert sorted(m.source_key for m in ctr.modules.all()) == [
        "etiquette",
        "grooming",
        "post-counter",
        "post-front-desk",
    ]
    assert sorted(m.source_key for m in cmp.modules.all()) == ["complaint", "post-complaint"]
    assert ctr.practical_required and not sec.practical_required
    assert sec.exam.source_key == "cert:SEC" and sec.exam.pass_mark == 80 and sec.exam.attempts_allowed == 3
    assert sum(s.count for s in sec.exam.slots.all()) == 12
    assert {s.category.path for s in ctr.exam.slots.all()} == {
        "etiquette",
        "grooming",
        "service-standards",
        "post-counter",
        "post-front-desk",
    }
    assert {s.category.path for s in cmp.exam.slots.all()} == {"complaint", "post-complaint"}
    before = snapshot()
    out = StringIO()
    call_command("load_curriculum", stdout=out)
    assert "认证项目：新建 0，重置 0，不变 3" in out.getvalue()
    assert snapshot() == before
