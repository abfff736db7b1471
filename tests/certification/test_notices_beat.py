"""The daily certification notices through the real beat schedule, with the clock moved day by day:
reminders 30, 7 and 0 days ahead, the managers told at expiry, a newcomer's lapse told once, nothing twice."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from certification.models import Certificate, CertificateSource
from certification.reminding import certification_notices_send
from certification.tasks import certification_notices_tick
from notices.models import Notification
from people.models import Staff
from tests.beat import Beat, local
from tests.conftest import make_staff

from .utils import make_program

D = datetime.date
TICK = "certification.tasks.certification_notices_tick"


def certify(staff, program, issued_on, expires_on, number):
    return Certificate.objects.create(
        number=number,
        program=program,
        staff=staff,
        issued_on=issued_on,
        expires_on=expires_on,
        source=CertificateSource.IMPORTED,
    )


def days(start: D, end: D):
    day = start
    while day <= end:
        yield day
        day += datetime.timedelta(days=1)


def run_days(beat, start, end, *, twice=False):
    """Tick at 09:05 every day; ``twice``: run the notices task once more, as a retry or a second beat would."""
    for day in days(start, end):
        beat.tick(local(day.year, day.month, day.day, 9, 5))
        if twice:
            certification_notices_tick.apply(throw=True)


def sent(user):
    return list(
        Notification.objects.filter(user=user, key__startswith="cert-")
        .order_by("created_at", "pk")
        .values_list("created_at__date", "key")
    )


@pytest.fixture
def sec(db):
    return make_program("SEC", name="安全保密")


def test_a_certificate_is_reminded_30_7_and_0_days_ahead_and_the_manager_told_at_expiry_once(org, sec):
    a1, manager = org["staff_a1"], org["manager_a"]
    certify(a1, sec, D(2025, 3, 31), D(2027, 3, 31), "SG-A1")
    certify(manager, sec, D(2026, 1, 1), D(2028, 1, 1), "SG-MA")
    for other in ("staff_a2", "staff_b1", "manager_b"):
        certify(org[other], sec, D(2026, 1, 1), D(2028, 1, 1), f"SG-{other}")
    with Beat(local(2027, 2, 20)) as beat:
        run_days(beat, D(2027, 2, 20), D(2027, 4, 20), twice=True)
    assert beat.runs[TICK] == 60
    assert sent(a1.user) == [
        (D(2027, 3, 1), "cert-remind-30:SEC:A1:20270331"),
        (D(2027, 3, 24), "cert-remind-7:SEC:A1:20270331"),
        (D(2027, 3, 31), "cert-remind-0:SEC:A1:20270331"),
        (D(2027, 4, 1), "cert-expired:SEC:A1:20270331"),
    ]
    assert sent(manager.user) == [(D(2027, 4, 1), "cert-expired:SEC:A1:20270331")]
    assert sent(org["manager_b"].user) == []
    texts = dict(Notification.objects.filter(user=a1.user).values_list("key", "text"))
    assert (
        texts["cert-remind-30:SEC:A1:20270331"]
        == "您的安全保密上岗证将于 2027-03-31 到期（还有 30 天），请在到期前完成复训认证。"
    )
    assert texts["cert-remind-0:SEC:A1:20270331"] == "您的安全保密上岗证今天（2027-03-31）到期，请尽快完成复训认证。"
    told = Notification.objects.get(user=manager.user, key__startswith="cert-expired:")
    assert told.text == f"{a1.name}（A1）的安全保密上岗证已于 2027-03-31 到期。"
    assert told.url == "/compliance/hall/"


def test_a_tick_missed_on_the_30th_day_sends_the_reminder_the_next_day(org, sec):
    a1 = org["staff_a1"]
    certify(a1, sec, D(2025, 3, 31), D(2027, 3, 31), "SG-A1")
    with Beat(local(2027, 2, 27)) as beat:
        run_days(beat, D(2027, 2, 27), D(2027, 2, 28))
        beat.move_to(local(2027, 3, 1, 23))  # the worker was down all of 1 March
        run_days(beat, D(2027, 3, 2), D(2027, 3, 3))
    assert sent(a1.user) == [(D(2027, 3, 2), "cert-remind-30:SEC:A1:20270331")]


def test_a_renewal_inside_the_window_stops_the_reminders_of_the_old_expiry(org, sec):
    a1 = org["staff_a1"]
    certify(a1, sec, D(2025, 3, 31), D(2027, 3, 31), "SG-A1")
    with Beat(local(2027, 3, 1)) as beat:
        run_days(beat, D(2027, 3, 1), D(2027, 3, 10))
        certify(a1, sec, D(2027, 3, 10), D(2029, 3, 31), "SG-A1-R")
        run_days(beat, D(2027, 3, 11), D(2027, 4, 10))
    assert [key for _day, key in sent(a1.user)] == ["cert-remind-30:SEC:A1:20270331"]


def test_a_leap_day_expiry_is_reminded_on_its_own_days(org, sec):
    a1 = org["staff_a1"]
    certify(a1, sec, D(2026, 2, 28), D(2028, 2, 29), "SG-LEAP")
    with Beat(local(2028, 1, 25)) as beat:
        run_days(beat, D(2028, 1, 25), D(2028, 3, 5))
    assert sent(a1.user) == [
        (D(2028, 1, 30), "cert-remind-30:SEC:A1:20280229"),
        (D(2028, 2, 22), "cert-remind-7:SEC:A1:20280229"),
        (D(2028, 2, 29), "cert-remind-0:SEC:A1:20280229"),
        (D(2028, 3, 1), "cert-expired:SEC:A1:20280229"),
    ]
    assert sent(org["manager_a"].user) == [(D(2028, 3, 1), "cert-expired:SEC:A1:20280229")]


def test_a_new_hire_reaching_missing_after_grace_is_told_once_and_so_is_the_manager(org, sec):
    for key in ("staff_a1", "staff_a2", "manager_a", "staff_b1", "manager_b"):
        certify(org[key], sec, D(2026, 1, 1), D(2028, 1, 1), f"SG-{key}")
    newcomer = make_staff(org["hall_a"], staff_no="N1", hired_on=D(2027, 1, 1))
    with Beat(local(2026, 12, 31)) as beat:
        run_days(beat, D(2026, 12, 31), D(2027, 2, 15), twice=True)
    # grace: 30 days after the hire day, through 31 January; missing from 1 February
    assert sent(newcomer.user) == [(D(2027, 2, 1), "cert-missing:SEC:N1:20270131")]
    assert sent(org["manager_a"].user) == [(D(2027, 2, 1), "cert-missing:SEC:N1:20270131")]
    assert sent(org["manager_b"].user) == []
    told = Notification.objects.get(user=org["manager_a"].user)
    assert told.text == f"{newcomer.name}（N1）新岗宽限期已于 2027-01-31 结束，仍未取得安全保密上岗证。"


def test_people_long_missing_when_the_program_arrived_are_not_sent_news(org, sec):
    with Beat(local(2027, 3, 1)) as beat:
        run_days(beat, D(2027, 3, 1), D(2027, 3, 3))
    assert not Notification.objects.filter(key__startswith="cert-").exists()


def test_the_notices_take_the_same_queries_for_three_people_or_thirty(org, sec):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            certification_notices_send(today=D(2027, 4, 1))
        return len(ctx.captured_queries)

    for staff in Staff.objects.all():
        certify(staff, sec, D(2025, 3, 31), D(2027, 3, 31), f"SG-{staff.staff_no}")
    few = count()
    for n in range(30):
        staff = make_staff(org["hall_a"], staff_no=f"X{n}")
        certify(staff, sec, D(2025, 3, 31), D(2027, 3, 31), f"SG-X{n}")
    Notification.objects.all().delete()
    assert count() == few
    assert Notification.objects.filter(key="cert-expired:SEC:X29:20270331").count() == 2
