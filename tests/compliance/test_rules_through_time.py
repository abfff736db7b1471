"""R1–R5 through time (training-policy.md "Through time"): the turn of the year, leave and history.

Pure core, no database.
"""

import datetime

import pytest

from compliance import periods
from compliance.rules import Event, Facts, LaunchInfo, Person, SessionInfo, report_evaluate

D = datetime.date


def local(*args):
    return datetime.datetime(*args, tzinfo=periods.TZ)


def person(no="P1", *, hall="H1", backbone=False, hired=None, left=None, post="counter", leaves=(), history=()):
    return Person(no, hall, backbone, hired or D(2020, 1, 1), left, post, tuple(leaves), tuple(history))


def ev(kind, at, no="P1", launch=None):
    return Event(no, kind, at, launch)


def one(p=None, events=(), launches=(), as_of=None, year=None, **kw):
    report = report_evaluate(
        people=[p or person()], events=events, launches=launches, as_of=as_of or local(2026, 6, 1), year=year, **kw
    )
    return report.staff[0]


def every_monday(year, *, hour=10):
    return [
        ev("weekly", periods.day_start(m) + datetime.timedelta(hours=hour)) for m in periods.week_mondays_of_year(year)
    ]


# The turn of the year ----------------------------------------------------------------------------------


def test_last_week_of_2026_is_judged_in_2026s_report_in_january_and_absent_from_2027s():
    r = report_evaluate(people=[person()], events=[], launches=[], as_of=local(2027, 1, 5, 9), year=2026)
    assert r.year == 2026 and r.weeks[-1] == "2026-W53"
    assert r.staff[0].weekly.missed[-1] == "2026-W53" and r.staff[0].weekly.pending is None
    later = report_evaluate(people=[person()], events=[], launches=[], as_of=local(2027, 1, 5, 9))
    assert later.year == 2027 and "2026-W53" not in later.weeks and later.staff[0].weekly.missed == []


def test_last_week_of_the_year_is_pending_while_it_runs_into_january():
    r = one(as_of=local(2027, 1, 2, 9), year=2026)
    assert r.weekly.pending == "2026-W53" and "2026-W53" not in r.weekly.missed


def test_a_january_event_counts_for_the_last_week_of_the_previous_year():
    events = [*every_monday(2026)[:-1], ev("weekly", local(2027, 1, 2, 10))]
    r = one(events=events, as_of=local(2027, 1, 5, 9), year=2026)
    assert r.weekly.missed == [] and r.weekly.done["2026-W53"] == local(2027, 1, 2, 10)


def test_a_perfect_year_of_weeks_has_nothing_missed_after_the_year():
    r = one(events=every_monday(2026), as_of=local(2027, 2, 1), year=2026)
    assert r.weekly.status == "ok" and len(r.weekly.done) == 52


def test_december_backbone_month_is_checked_in_january():
    bb = person(backbone=True)
    events = [ev("backbone", periods.day_start(D(2026, m, 10))) for m in range(1, 12)]
    r = one(bb, events=events, as_of=local(2027, 1, 1, 10), year=2026)
    assert r.backbone.missed == ["2026-12"] and r.backbone.status == "missed"
    # an event in January counts for January, not for December
    r = one(bb, events=[*events, ev("backbone", local(2027, 1, 1, 9))], as_of=local(2027, 1, 1, 10), year=2026)
    assert r.backbone.missed == ["2026-12"]
    r = one(bb, events=[*events, ev("backbone", local(2026, 12, 31, 23))], as_of=local(2027, 1, 1, 10), year=2026)
    assert r.backbone.status == "ok" and "2026-12" in r.backbone.done


def test_launch_announced_on_31_december_with_nobody_trained_is_missed_in_january():
    launch = LaunchInfo("NYE", local(2026, 12, 31, 10))
    assert one(launches=[launch], as_of=local(2027, 1, 2, 10), year=2026).new_service.pending == ["NYE"]
    r = one(launches=[launch], as_of=local(2027, 1, 3), year=2026)
    assert r.new_service.missed == ["NYE"] and r.compliant is False
    assert one(launches=[launch], as_of=local(2027, 1, 3)).new_service.missed == []  # not 2027's launch


def test_a_january_event_within_48_hours_satisfies_a_december_launch():
    launch = LaunchInfo("NYE", local(2026, 12, 31, 10))
    r = one(
        events=[ev("new_service", local(2027, 1, 2, 9), launch="NYE")],
        launches=[launch],
        as_of=local(2027, 1, 3),
        year=2026,
    )
    assert r.new_service.status == "ok" and r.new_service.done == {"NYE": local(2027, 1, 2, 9)}


def test_hire_on_29_december_without_onboarding_is_missed_in_that_years_report_in_january():
    hire = person(hired=D(2026, 12, 29))
    assert one(hire, as_of=local(2027, 1, 5, 23), year=2026).onboarding.status == "pending"
    r = one(hire, as_of=local(2027, 1, 6, 0, 0, 1), year=2026)
    assert r.onboarding.status == "missed" and r.onboarding.deadline == local(2027, 1, 6)
    assert r.onboarding.start == D(2026, 12, 29)
    assert one(hire, as_of=local(2027, 1, 6, 12)).onboarding.status == "n/a"  # 2027's report


def test_january_onboarding_satisfies_a_december_hire():
    hire = person(hired=D(2026, 12, 29))
    r = one(hire, events=[ev("onboarding", local(2027, 1, 4, 10))], as_of=local(2027, 1, 6, 12), year=2026)
    assert r.onboarding.status == "ok" and r.onboarding.done_at == local(2027, 1, 4, 10)


def annual(n_plan, n_central, year=2026):
    start = local(year, 1, 5, 10)
    out = [ev("plan", start + datetime.timedelta(days=7 * i)) for i in range(n_plan)]
    return out + [ev("centralized", start + datetime.timedelta(days=7 * i, hours=3)) for i in range(n_central)]


def test_annual_is_met_or_missed_once_the_year_has_ended_never_in_progress():
    assert one(events=annual(12, 3), as_of=local(2026, 12, 31, 23)).annual.status == "in_progress"
    short = one(events=annual(12, 3), as_of=local(2027, 1, 1, 0, 0), year=2026)
    assert (short.annual.status, short.annual.year, short.compliant) == ("missed", 2026, False)
    assert one(events=annual(8, 4), as_of=local(2027, 3, 1), year=2026).annual.status == "met"


def test_annual_counts_only_events_of_the_calendar_year():
    events = [*annual(8, 3), ev("centralized", local(2027, 1, 1, 0, 0)), ev("plan", local(2025, 12, 31, 23))]
    r = one(events=events, as_of=local(2027, 1, 5), year=2026)
    assert (r.annual.count, r.annual.centralized, r.annual.status) == (11, 3, "missed")


def test_a_report_for_a_year_after_the_as_of_is_refused():
    with pytest.raises(ValueError, match="2027"):
        one(as_of=local(2026, 12, 31), year=2027)


def test_an_old_years_report_ignores_events_after_its_windows():
    events = [ev("plan", local(2026, 1, 2)), ev("weekly", local(2026, 1, 4, 23)), ev("weekly", local(2026, 1, 5, 1))]
    r = one(events=events, as_of=local(2026, 6, 1), year=2025)
    assert r.annual.count == 0 and r.annual.status == "missed"
    # 4 January 2026 lies in 2026-W01, whose Monday (29 December 2025) makes it 2025's last week
    assert list(r.weekly.done) == ["2026-W01"] and r.weekly.missed[-1] == "2025-W52"


# Leap day ----------------------------------------------------------------------------------------------


def test_leap_day_belongs_to_its_week_and_to_february():
    bb = person(backbone=True)
    events = [
        ev("backbone", local(2028, 1, 10)),
        ev("backbone", local(2028, 2, 29, 23, 59)),
        ev("other", local(2028, 2, 29, 12)),
    ]
    r = one(bb, events=events, as_of=local(2028, 3, 1, 0, 0), year=2028)
    assert r.backbone.missed == [] and "2028-02" in r.backbone.done
    assert "2028-W09" in r.weekly.done
    assert one(bb, events=events[:1], as_of=local(2028, 3, 1, 0, 0)).backbone.missed == ["2028-02"]


def test_leap_day_counts_in_pro_rating():
    assert periods.days_employed_in_year(2028, hired_on=D(2028, 2, 29), left_on=None) == 307
    leave = ((D(2028, 2, 1), D(2028, 2, 29)),)
    assert periods.days_employed_in_year(2028, hired_on=D(2020, 1, 1), left_on=None, leaves=leave) == 337
    r = one(person(hired=D(2028, 2, 29)), as_of=local(2028, 3, 1), year=2028)
    assert (r.annual.required, r.annual.centralized_required) == (11, 4)  # ceil(12 × 307/366), ceil(4 × 307/366)


def test_a_leave_on_the_leap_day_frees_its_week_only():
    p = person(leaves=[(D(2028, 2, 29), D(2028, 2, 29))])
    r = one(p, as_of=local(2028, 3, 13), year=2028)
    assert "2028-W09" not in r.weekly.missed and {"2028-W08", "2028-W10"} <= set(r.weekly.missed)


# Leave -------------------------------------------------------------------------------------------------

MATERNITY = (D(2026, 3, 2), D(2026, 6, 7))  # 14 weeks, Monday to Sunday: 2026-W10 .. 2026-W23


def test_maternity_leave_of_14_weeks_is_not_required():
    events = [e for e in every_monday(2026) if not MATERNITY[0] <= e.occurred_at.date() <= MATERNITY[1]]
    r = one(person(leaves=[MATERNITY]), events=events, as_of=local(2027, 1, 5), year=2026)
    assert r.weekly.missed == [] and r.weekly.status == "ok" and len(r.weekly.done) == 52 - 14
    nothing = one(person(leaves=[MATERNITY]), as_of=local(2026, 7, 1))
    assert "2026-W09" in nothing.weekly.missed and "2026-W24" in nothing.weekly.missed
    assert not {f"2026-W{w:02d}" for w in range(10, 24)} & set(nothing.weekly.missed)


def test_maternity_leave_pro_rates_the_annual_plan_and_frees_backbone_months():
    p = person(backbone=True, leaves=[MATERNITY])
    r = one(p, as_of=local(2027, 1, 5), year=2026)
    assert (r.annual.required, r.annual.centralized_required) == (9, 3)  # 267 of 365 days
    assert r.backbone.missed == ["2026-01", "2026-02", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]


def test_a_short_leave_frees_the_week_it_overlaps():
    p = person(leaves=[(D(2026, 1, 14), D(2026, 1, 15))])
    r = one(p, as_of=local(2026, 1, 26))
    assert r.weekly.missed == ["2026-W02", "2026-W04"]


def test_running_week_is_not_pending_when_a_leave_overlaps_any_day_of_it():
    assert one(person(leaves=[(D(2026, 1, 12), D(2026, 1, 12))]), as_of=local(2026, 1, 14)).weekly.pending is None
    later = person(leaves=[(D(2026, 1, 17), D(2026, 1, 20))])  # recorded ahead: the week will not be required
    assert one(later, as_of=local(2026, 1, 14)).weekly.pending is None
    assert one(person(leaves=[(D(2026, 1, 5), D(2026, 1, 11))]), as_of=local(2026, 1, 14)).weekly.pending == "2026-W03"


def test_new_service_does_not_apply_to_someone_on_leave_on_the_announcement_day():
    launch = LaunchInfo("5G", local(2026, 3, 6, 10))
    on_leave = person(leaves=[(D(2026, 3, 6), D(2026, 3, 6))])
    assert one(on_leave, launches=[launch], as_of=local(2026, 3, 20)).new_service.missed == []
    back = person(leaves=[(D(2026, 3, 1), D(2026, 3, 5))])
    assert one(back, launches=[launch], as_of=local(2026, 3, 20)).new_service.missed == ["5G"]


def test_leave_all_year_makes_the_annual_plan_not_applicable():
    r = one(person(leaves=[(D(2025, 12, 1), D(2027, 1, 31))]), as_of=local(2027, 1, 5), year=2026)
    assert r.annual.status == "n/a" and r.weekly.missed == [] and r.compliant


def test_hall_weeks_do_not_require_people_on_leave():
    people = [person("P1"), person("P2", leaves=[MATERNITY])]
    r = report_evaluate(people=people, events=[], launches=[], as_of=local(2026, 4, 1))
    by = {h.week: h for h in r.halls}
    assert by["2026-W09"].required == 2 and by["2026-W10"].required == 1


# History -----------------------------------------------------------------------------------------------


def history(*rows):
    return [Facts(*row) for row in rows]


def test_backbone_from_15_july_is_judged_from_august():
    p = person(
        backbone=True, history=history((D(2020, 1, 1), "H1", "counter", False), (D(2026, 7, 15), "H1", "counter", True))
    )
    assert one(p, as_of=local(2026, 7, 1)).backbone.status == "n/a"
    assert one(p, as_of=local(2026, 7, 20)).backbone.status == "ok"
    r = one(p, as_of=local(2026, 10, 1))
    assert r.backbone.missed == ["2026-08", "2026-09"]
    r = one(p, events=[ev("backbone", local(2026, m, 10)) for m in (8, 9)], as_of=local(2026, 10, 1))
    assert r.backbone.status == "ok"


def test_backbone_until_mid_month_is_not_required_that_month():
    p = person(history=history((D(2020, 1, 1), "H1", "counter", True), (D(2026, 3, 10), "H1", "counter", False)))
    r = one(p, as_of=local(2026, 6, 1))
    assert r.backbone.missed == ["2026-01", "2026-02"]


def test_a_change_of_post_is_a_new_start_for_onboarding():
    p = person(
        post="complaint",
        history=history((D(2020, 1, 1), "H1", "counter", False), (D(2026, 5, 11), "H1", "complaint", False)),
    )
    assert one(p, as_of=local(2026, 5, 10)).onboarding.status == "n/a"
    assert one(p, as_of=local(2026, 5, 12)).onboarding.status == "pending"
    r = one(p, events=[ev("onboarding", local(2026, 5, 1))], as_of=local(2026, 5, 20))
    assert (r.onboarding.status, r.onboarding.start) == ("missed", D(2026, 5, 11))
    r = one(p, events=[ev("onboarding", local(2026, 5, 11, 8))], as_of=local(2026, 5, 20))
    assert r.onboarding.status == "ok"


def test_onboarding_judges_the_latest_start_in_the_year():
    p = person(
        hired=D(2026, 2, 2),
        history=history((D(2026, 2, 2), "H1", "counter", False), (D(2026, 9, 1), "H1", "greeter", False)),
    )
    events = [ev("onboarding", local(2026, 2, 3))]
    assert one(p, events=events, as_of=local(2026, 8, 1)).onboarding.status == "ok"
    r = one(p, events=events, as_of=local(2026, 9, 20))
    assert (r.onboarding.status, r.onboarding.start) == ("missed", D(2026, 9, 1))


def test_a_hall_move_without_a_new_post_is_no_new_start():
    p = person(
        hall="H2", history=history((D(2020, 1, 1), "H1", "counter", False), (D(2026, 5, 11), "H2", "counter", False))
    )
    assert one(p, as_of=local(2026, 5, 20)).onboarding.status == "n/a"


def test_a_hall_move_changes_the_hall_of_the_weeks_from_the_next_monday():
    mover = person(
        "P1",
        hall="H2",
        history=history((D(2020, 1, 1), "H1", "counter", False), (D(2026, 1, 14), "H2", "counter", False)),
    )
    stay = person("P2", hall="H1")
    events = [ev("weekly", local(2026, 1, 20, 10), "P1")]
    sessions = [SessionInfo("weekly", local(2026, 1, 6, 10), frozenset({"H1"}))]
    r = report_evaluate(people=[mover, stay], events=events, launches=[], as_of=local(2026, 1, 27), sessions=sessions)
    by = {(h.hall_code, h.week): h for h in r.halls}
    assert [by[("H1", w)].required for w in ("2026-W02", "2026-W03", "2026-W04")] == [2, 2, 1]
    assert [by[("H2", w)].required for w in ("2026-W02", "2026-W03", "2026-W04")] == [0, 0, 1]
    assert by[("H2", "2026-W04")].held and by[("H2", "2026-W04")].attended == 1
    assert not by[("H1", "2026-W04")].held


def test_new_service_scope_uses_the_hall_on_the_announcement_day():
    launch = LaunchInfo("H2-ONLY", local(2026, 3, 6, 10), frozenset({"H2"}))
    moved_before = person(
        hall="H2", history=history((D(2020, 1, 1), "H1", "counter", False), (D(2026, 3, 1), "H2", "counter", False))
    )
    moved_after = person(
        hall="H2", history=history((D(2020, 1, 1), "H1", "counter", False), (D(2026, 3, 10), "H2", "counter", False))
    )
    assert one(moved_before, launches=[launch], as_of=local(2026, 3, 20)).new_service.missed == ["H2-ONLY"]
    assert one(moved_after, launches=[launch], as_of=local(2026, 3, 20)).new_service.missed == []


def test_first_known_facts_hold_from_the_hire_date():
    p = person(hired=D(2020, 1, 1), history=history((D(2026, 4, 1), "H1", "counter", True)))
    assert p.facts_on(D(2021, 1, 1)).is_backbone and p.starts() == [D(2020, 1, 1)]
    assert one(p, as_of=local(2026, 3, 2)).backbone.missed == ["2026-01", "2026-02"]
