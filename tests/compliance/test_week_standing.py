"""本周 and 此前 on the person's status panel: the running week is never missed, so weeks missed earlier in
the year are worded as earlier weeks and named with their dates; checked across a week and a year end."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from compliance import periods
from compliance.rules import Event, Person, report_evaluate, week_standing
from evidence.models import EventSource, TrainingEvent
from tests.conftest import make_staff
from trainings.models import TrainingSession

D = datetime.date


def local(*args):
    return datetime.datetime(*args, tzinfo=periods.TZ)


WEEKLY_AT = [local(2026, 12, 8, 10), local(2026, 12, 22, 10), local(2026, 12, 29, 10)]  # W50, W52, W53; not W51


def _standing(as_of, *, leaves=()):
    p = Person("P1", "H1", False, D(2026, 12, 7), leaves=leaves)
    year = periods.week_monday(periods.local_day(as_of)).year
    events = [Event("P1", "weekly", at, None) for at in WEEKLY_AT]
    report = report_evaluate(people=[p], events=events, launches=[], as_of=as_of, year=year, with_halls=False)
    return week_standing(report.staff[0].weekly, year=year, today=periods.local_day(as_of))


def test_on_sunday_night_the_running_week_is_pending_and_nothing_earlier_is_missed():
    s = _standing(local(2026, 12, 20, 23))
    assert (s.week, s.status, s.earlier_missed) == ("2026-W51", "pending", ())


def test_from_monday_the_week_just_ended_is_an_earlier_missed_week_with_its_dates():
    s = _standing(local(2026, 12, 21, 0, 5))
    assert (s.week, s.status) == ("2026-W52", "pending")
    assert [(w.code, w.monday, w.sunday) for w in s.earlier_missed] == [("2026-W51", D(2026, 12, 14), D(2026, 12, 20))]


def test_done_this_week_beside_an_earlier_miss():
    s = _standing(local(2026, 12, 22, 12))
    assert s.status == "ok" and s.done_at == WEEKLY_AT[1] and [w.code for w in s.earlier_missed] == ["2026-W51"]


def test_on_2_january_the_running_week_is_the_last_of_the_year_before():
    s = _standing(local(2027, 1, 2, 12))
    assert (s.year, s.week, s.monday, s.sunday) == (2026, "2026-W53", D(2026, 12, 28), D(2027, 1, 3))
    assert s.status == "ok" and [w.code for w in s.earlier_missed] == ["2026-W51"]


def test_in_the_first_week_of_the_new_year_last_years_misses_are_not_this_years():
    s = _standing(local(2027, 1, 4, 9))
    assert (s.year, s.week, s.status, s.earlier_missed) == (2027, "2027-W01", "pending", ())


def test_a_week_on_leave_is_not_required_rather_than_pending():
    s = _standing(local(2026, 12, 15, 9), leaves=((D(2026, 12, 16), D(2026, 12, 18)),))
    assert (s.status, s.earlier_missed) == ("n/a", ())


@pytest.fixture
def newcomer(org):
    """Hired on Monday 7 December 2026; trained in weeks 50, 52 and 53, not in week 51."""
    person = make_staff(org["hall_a"], staff_no="N1", hired_on=D(2026, 12, 7))
    for i, at in enumerate(WEEKLY_AT):
        TrainingEvent.objects.create(
            staff=person, kind="weekly", occurred_at=at, source=EventSource.IMPORT, source_ref=f"t:{i}"
        )
    return person


def _panel(client, person, at):
    with time_machine.travel(at, tick=False):
        client.force_login(person.user)
        html = client.get(reverse("home:my_training")).content.decode()
    return html[html.index('class="facts"') :].split("</dl>")[0]


@pytest.mark.parametrize(
    ("at", "says", "never"),
    [
        (local(2026, 12, 20, 23), ["本周：2026-12-14 至 12-20", "本周待完成"], ["此前缺"]),
        (
            local(2026, 12, 21, 9),
            ["本周：2026-12-21 至 12-27", "本周待完成", "2026 年此前缺 1 周", "2026-12-14 至 12-20（第 51 周）"],
            ["✓"],
        ),
        (local(2026, 12, 22, 12), ["✓ 本周已完成</span>；<span", "2026 年此前缺 1 周"], ["本年缺", "待完成"]),
        (local(2027, 1, 2, 12), ["本周：2026-12-28 至 01-03", "✓ 本周已完成", "2026 年此前缺 1 周"], ["2027 年"]),
        (local(2027, 1, 4, 9), ["本周：2027-01-04 至 01-10", "本周待完成"], ["此前缺"]),
    ],
)
def test_the_panel_words_this_week_and_earlier_weeks_apart_as_the_clock_moves(client, newcomer, at, says, never):
    facts = _panel(client, newcomer, at)
    for text in says:
        assert text in facts
    for text in never:
        assert text not in facts


def test_an_all_day_session_one_is_invited_to_shows_as_all_day_on_my_training(client, org):
    person = org["staff_a1"]
    start = periods.day_start(D(2026, 12, 9))
    session = TrainingSession.objects.create(
        topic="全天实操演练", starts_at=start, ends_at=start + datetime.timedelta(hours=23, minutes=59)
    )
    session.invitees.add(person)
    with time_machine.travel(local(2026, 12, 7, 9), tick=False):
        client.force_login(person.user)
        html = client.get(reverse("home:my_training")).content.decode()
    line = next(li for li in html.split("<li>") if "全天实操演练" in li)
    assert "2026-12-09 全天" in line and "00:00" not in line
