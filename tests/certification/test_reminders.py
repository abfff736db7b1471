"""Which certification notices are due: plain pytest over ``ProgramStatus`` values, no database."""

import datetime
import subprocess
import sys

from certification import reminders
from certification.status import CERTIFIED, EXPIRED, EXPIRING, IN_GRACE, MISSING, NOT_REQUIRED, ProgramStatus

D = datetime.date
EXPIRY = D(2027, 3, 31)


def held(days_left: int) -> ProgramStatus:
    status = EXPIRED if days_left < 0 else EXPIRING if days_left <= 60 else CERTIFIED
    return ProgramStatus("SEC", status, "SG-1", D(2025, 3, 31), EXPIRY, days_left)


def test_the_pure_core_imports_without_django():
    code = "import sys, certification.reminders; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_stage_is_the_most_urgent_reached_so_a_missed_day_is_sent_the_next_day():
    stages = {days: reminders.reminder_stage(days) for days in (61, 31, 30, 29, 8, 7, 6, 1, 0, -1)}
    assert stages == {61: None, 31: None, 30: 30, 29: 30, 8: 30, 7: 7, 6: 7, 1: 7, 0: 0, -1: None}


def test_reminders_name_the_program_person_and_expiry_so_a_renewal_starts_afresh():
    due = reminders.notice_due(held(30), person="A1")
    assert due == reminders.Due(reminders.REMIND, 30, False, "cert-remind-30:SEC:A1:20270331")
    assert reminders.notice_due(held(29), person="A1").key == due.key
    assert reminders.notice_due(held(7), person="A1").key == "cert-remind-7:SEC:A1:20270331"
    assert reminders.notice_due(held(0), person="A1").stage == 0
    assert reminders.notice_due(held(31), person="A1") is None


def test_a_certified_status_with_a_short_window_is_still_reminded_30_days_ahead():
    row = ProgramStatus("SEC", CERTIFIED, "SG-1", D(2025, 3, 31), EXPIRY, 30)
    assert reminders.notice_due(row, person="A1").stage == 30


def test_expiry_tells_the_managers_from_the_day_after_for_a_fortnight():
    first = reminders.notice_due(held(-1), person="A1")
    assert first == reminders.Due(reminders.EXPIRED_NOTICE, None, True, "cert-expired:SEC:A1:20270331")
    assert reminders.notice_due(held(-reminders.LATE_DAYS), person="A1") == first
    assert reminders.notice_due(held(-reminders.LATE_DAYS - 1), person="A1") is None


def test_missing_after_grace_is_keyed_by_the_grace_end_so_a_new_start_is_told_again():
    def missing(days_left, ends):
        return ProgramStatus("SEC", MISSING, days_left=days_left, grace_ends_on=ends)

    due = reminders.notice_due(missing(-1, D(2027, 1, 31)), person="N1")
    assert due == reminders.Due(reminders.MISSING_NOTICE, None, True, "cert-missing:SEC:N1:20270131")
    assert reminders.notice_due(missing(-1, D(2028, 1, 31)), person="N1").key != due.key
    assert reminders.notice_due(missing(-30, D(2027, 1, 31)), person="N1") is None


def test_in_grace_and_not_required_are_never_told():
    assert reminders.notice_due(ProgramStatus("SEC", IN_GRACE, days_left=0, grace_ends_on=EXPIRY), person="N") is None
    assert reminders.notice_due(ProgramStatus("SEC", NOT_REQUIRED), person="N") is None
