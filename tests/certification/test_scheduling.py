"""The daily work: modules and exam given once to the people who need a program; the sweep's candidates."""

import datetime

import pytest

from certification.models import Certificate, CertificateSource
from certification.scheduling import certificate_check_candidates, certification_work_assign
from courses.models import ModuleAssignment
from exams.models import QuizAssignment
from people.posts import Post
from tests.conftest import make_staff
from tests.courses.conftest import make_module

from .utils import complete_module, local, make_exam, make_program

D = datetime.date
pytestmark = pytest.mark.django_db


def test_newcomers_and_the_missing_get_modules_and_exam_once_and_the_certified_nothing():
    newcomer = make_staff(hired_on=D(2026, 5, 1), post=Post.COUNTER)
    missing = make_staff(hired_on=D(2020, 1, 1), post=Post.COUNTER)
    certified = make_staff(hired_on=D(2020, 1, 1), post=Post.COUNTER)
    other_post = make_staff(hired_on=D(2020, 1, 1), post=Post.STOCK_KEEPER)
    module = make_module()
    program = make_program("CTR", exam=make_exam(), modules=[module], posts=[Post.COUNTER])
    Certificate.objects.create(
        number="C1",
        program=program,
        staff=certified,
        issued_on=D(2026, 1, 1),
        expires_on=D(2028, 1, 1),
        source=CertificateSource.IMPORTED,
    )
    assert certification_work_assign(today=D(2026, 5, 10)) == 4  # two exams, two modules
    due = dict(ModuleAssignment.objects.values_list("staff_id", "due_on"))
    assert due == {newcomer.pk: D(2026, 5, 31), missing.pk: D(2026, 5, 17)}  # grace end; a week for the late
    assert set(QuizAssignment.objects.values_list("staff_id", flat=True)) == {newcomer.pk, missing.pk}
    assert other_post.pk not in due
    assert certification_work_assign(today=D(2026, 5, 11)) == 0


def test_the_sweep_picks_only_people_needing_the_program_with_evidence_toward_it():
    done = make_staff(hired_on=D(2020, 1, 1))
    make_staff(hired_on=D(2020, 1, 1))
    module = make_module()
    program = make_program("SEC", modules=[module])
    complete_module(done, module, local(2026, 5, 1))
    assert certificate_check_candidates(today=D(2026, 5, 10)) == [(done.pk, program.pk)]
