"""Earning, renewing and revoking certificates with the clock moved across the policy's edges."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from certification import status
from certification.models import Certificate, CertificateSource
from certification.selectors import certification_statuses, requirements_progress
from certification.services import (
    CertificationError,
    certificate_check,
    certificate_reissue,
    certificate_revoke,
    practical_assessment_record,
)
from people.models import Staff, StaffChange
from people.posts import Post
from tests.conftest import make_staff

from .utils import complete_module, local, make_exam, make_program, pass_exam

D = datetime.date


def status_now(staff, program):
    return certification_statuses(staff=Staff.objects.filter(pk=staff.pk), as_of=timezone.now(), programs=[program])[
        staff.pk
    ][0]


@pytest.fixture
def earned(db):
    """A counter clerk who passed the exam of an exam-only program on 2024-03-01 and was certified."""
    staff, exam = make_staff(), make_exam()
    program = make_program(exam=exam)
    with time_machine.travel(local(2024, 3, 1, 15), tick=False):
        pass_exam(staff, exam, local(2024, 3, 1, 10))
        certificate = certificate_check(staff_id=staff.pk, program_id=program.pk)
    return {"staff": staff, "exam": exam, "program": program, "certificate": certificate}


def test_meeting_every_requirement_issues_one_certificate_valid_24_months(earned):
    c = earned["certificate"]
    assert (c.issued_on, c.expires_on, c.source) == (D(2024, 3, 1), D(2026, 3, 1), CertificateSource.EARNED)
    assert c.number == f"SG-2024-{c.pk:06d}"
    assert c.evidence["exam"]["assignment"] and c.evidence["earned_on"] == "2024-03-01"
    with time_machine.travel(local(2024, 3, 2), tick=False):
        assert certificate_check(staff_id=earned["staff"].pk, program_id=earned["program"].pk) is None
    assert Certificate.objects.count() == 1


def test_the_status_moves_through_expiring_to_expired_at_the_exact_days(earned):
    staff, program = earned["staff"], earned["program"]
    expected = [
        (local(2025, 12, 30, 23), status.CERTIFIED),
        (local(2025, 12, 31, 0), status.EXPIRING),  # 60 days before 2026-03-01
        (local(2026, 3, 1, 23), status.EXPIRING),  # the expiry day
        (local(2026, 3, 2, 0), status.EXPIRED),
    ]
    for at, want in expected:
        with time_machine.travel(at, tick=False):
            assert status_now(staff, program).status == want, at


def test_an_exam_passed_before_the_window_renews_nothing(earned):
    staff, program = earned["staff"], earned["program"]
    with time_machine.travel(local(2025, 12, 30, 15), tick=False):
        pass_exam(staff, earned["exam"], local(2025, 12, 30, 10))
        assert certificate_check(staff_id=staff.pk, program_id=program.pk) is None
    with time_machine.travel(local(2026, 1, 5), tick=False):
        assert certificate_check(staff_id=staff.pk, program_id=program.pk) is None


def test_renewal_inside_the_window_extends_from_the_old_expiry(earned):
    staff, program = earned["staff"], earned["program"]
    with time_machine.travel(local(2025, 12, 31, 11), tick=False):
        pass_exam(staff, earned["exam"], local(2025, 12, 31, 10))
        renewed = certificate_check(staff_id=staff.pk, program_id=program.pk)
        assert status_now(staff, program).status == status.CERTIFIED
    assert (renewed.issued_on, renewed.expires_on, renewed.source) == (
        D(2025, 12, 31),
        D(2028, 3, 1),
        CertificateSource.RENEWED,
    )
    assert renewed.replaces == earned["certificate"] and renewed.evidence["renews"] == earned["certificate"].number
    earned["certificate"].refresh_from_db()
    assert earned["certificate"].expires_on == D(2026, 3, 1)  # nothing overwritten
    with time_machine.travel(local(2026, 3, 2), tick=False):
        assert status_now(staff, program).status == status.CERTIFIED


def test_renewal_after_expiry_runs_from_the_day_earned(earned):
    staff, program = earned["staff"], earned["program"]
    with time_machine.travel(local(2026, 4, 10, 11), tick=False):
        assert status_now(staff, program).status == status.EXPIRED
        pass_exam(staff, earned["exam"], local(2026, 4, 10, 10))
        renewed = certificate_check(staff_id=staff.pk, program_id=program.pk)
        assert status_now(staff, program).status == status.CERTIFIED
    assert (renewed.issued_on, renewed.expires_on) == (D(2026, 4, 10), D(2028, 4, 10))


def test_a_revoked_certificate_makes_the_person_missing_and_is_not_reissued_from_the_old_pass(earned, org):
    staff, program = earned["staff"], earned["program"]
    with time_machine.travel(local(2024, 6, 1), tick=False):
        with pytest.raises(CertificationError):
            certificate_revoke(certificate_id=earned["certificate"].pk, by=org["hr"], reason=" ")
        certificate_revoke(certificate_id=earned["certificate"].pk, by=org["hr"], reason="冒名顶替考试")
        assert status_now(staff, program).status == status.MISSING
        assert certificate_check(staff_id=staff.pk, program_id=program.pk) is None
        pass_exam(staff, earned["exam"], local(2024, 6, 1, 9))
        again = certificate_check(staff_id=staff.pk, program_id=program.pk)
    assert (again.source, again.issued_on, again.expires_on) == (CertificateSource.EARNED, D(2024, 6, 1), D(2026, 6, 1))


def test_a_reissue_keeps_the_dates_under_a_new_number_and_revokes_the_old(earned, org):
    new = certificate_reissue(certificate_id=earned["certificate"].pk, by=org["hr"], reason="证件遗失")
    old = Certificate.objects.get(pk=earned["certificate"].pk)
    assert old.revoked and old.revoke_reason == "证件遗失"
    assert (new.issued_on, new.expires_on, new.source, new.replaces) == (
        old.issued_on,
        old.expires_on,
        CertificateSource.REISSUED,
        old,
    )
    assert new.number != old.number


def test_the_modules_exam_and_practical_are_all_needed_and_listed_while_left(db, org):
    from tests.courses.conftest import make_module

    staff, exam = make_staff(hired_on=D(2024, 1, 1)), make_exam()
    module = make_module()
    program = make_program(exam=exam, modules=[module], practical_required=True)
    with time_machine.travel(local(2024, 1, 10), tick=False):
        left = requirements_progress(staff=staff, program=program, as_of=timezone.now()).left
        assert (left.modules, left.exam, left.practical) == (frozenset({module.pk}), True, True)
        complete_module(staff, module, local(2024, 1, 5))
        pass_exam(staff, exam, local(2024, 1, 6))
        progress = requirements_progress(staff=staff, program=program, as_of=timezone.now())
        assert (progress.status.status, progress.left.practical, progress.left.done) == (status.IN_GRACE, True, False)
        assert certificate_check(staff_id=staff.pk, program_id=program.pk) is None
        practical_assessment_record(
            program=program,
            staff=staff,
            assessed_on=D(2024, 1, 8),
            passed=True,
            note="流程熟练",
            assessor=org["trainer"],
        )
        certificate = certificate_check(staff_id=staff.pk, program_id=program.pk)
    assert certificate.issued_on == D(2024, 1, 8)
    assert certificate.evidence["modules"][0]["module"] == module.pk and certificate.evidence["practical"]["assessment"]


def test_a_passed_practical_assessment_issues_the_certificate_after_commit(db, org, django_capture_on_commit_callbacks):
    staff = make_staff()
    program = make_program(practical_required=True)
    with time_machine.travel(local(2025, 5, 6), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            practical_assessment_record(program=program, staff=staff, assessed_on=D(2025, 5, 6), passed=False)
        assert not Certificate.objects.exists()
        with django_capture_on_commit_callbacks(execute=True):
            practical_assessment_record(program=program, staff=staff, assessed_on=D(2025, 5, 6), passed=True)
    assert Certificate.objects.get().issued_on == D(2025, 5, 6)


def test_new_exam_evidence_queues_the_check_through_the_evidence_hook(db, django_capture_on_commit_callbacks):
    staff, exam = make_staff(), make_exam()
    program = make_program(exam=exam)
    with time_machine.travel(local(2025, 5, 6, 11), tick=False), django_capture_on_commit_callbacks(execute=True):
        pass_exam(staff, exam, local(2025, 5, 6, 10))
    assert Certificate.objects.get(program=program, staff=staff).issued_on == D(2025, 5, 6)


def test_no_certificate_for_a_post_that_does_not_require_the_program(db):
    staff, exam = make_staff(post=Post.STOCK_KEEPER), make_exam()
    program = make_program(exam=exam, posts=[Post.COUNTER])
    with time_machine.travel(local(2025, 5, 6, 11), tick=False):
        pass_exam(staff, exam, local(2025, 5, 6, 10))
        assert certificate_check(staff_id=staff.pk, program_id=program.pk) is None


def test_a_post_change_into_a_required_post_gives_a_new_grace_then_missing(db):
    staff = make_staff(post=Post.COUNTER, hired_on=D(2020, 1, 1))
    StaffChange.objects.create(staff=staff, effective_on=D(2020, 1, 1), hall=staff.hall, post=Post.STOCK_KEEPER)
    StaffChange.objects.create(staff=staff, effective_on=D(2025, 5, 1), hall=staff.hall, post=Post.COUNTER)
    program = make_program(exam=make_exam(), posts=[Post.COUNTER])
    for at, want in [
        (local(2025, 4, 30), status.NOT_REQUIRED),
        (local(2025, 5, 31), status.IN_GRACE),
        (local(2025, 6, 1), status.MISSING),
    ]:
        with time_machine.travel(at, tick=False):
            assert status_now(staff, program).status == want


def test_statuses_take_the_same_number_of_queries_for_3_and_30_people(db, django_assert_num_queries):
    program = make_program(exam=make_exam())
    hall = make_staff().hall
    for _n in range(2):
        make_staff(hall)
    with django_assert_num_queries(3):
        three = certification_statuses(staff=Staff.objects.all(), as_of=D(2025, 1, 1), programs=[program])
    for _n in range(27):
        make_staff(hall)
    with django_assert_num_queries(3):
        thirty = certification_statuses(staff=Staff.objects.all(), as_of=D(2025, 1, 1), programs=[program])
    assert (len(three), len(thirty)) == (3, 30)
    with django_assert_num_queries(4):
        certification_statuses(staff=Staff.objects.all(), as_of=D(2025, 1, 1))


def test_evidence_so_old_that_its_certificate_would_have_expired_issues_nothing(db):
    staff, exam = make_staff(), make_exam()
    program = make_program(exam=exam)
    with time_machine.travel(local(2027, 1, 10), tick=False):
        pass_exam(staff, exam, local(2024, 1, 9))
        assert certificate_check(staff_id=staff.pk, program_id=program.pk) is None
        assert status_now(staff, program).status == status.MISSING
