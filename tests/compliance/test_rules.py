"""R1–R5 exactly as training-policy.md "Exact semantics" defines them (pure core, no database)."""

import datetime
import json

from compliance import periods
from compliance.rules import Event, LaunchInfo, Person, SessionInfo, Thresholds, report_evaluate

D = datetime.date
UTC = datetime.UTC


def local(*args):
    return datetime.datetime(*args, tzinfo=periods.TZ)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def person(no="P1", *, hall="H1", backbone=False, hired=None, left=None):
    return Person(no, hall, backbone, hired or D(2020, 1, 1), left)


def ev(kind, at, no="P1", launch=None):
    return Event(no, kind, at, launch)


def one(p=None, events=(), launches=(), as_of=None, **kw):
    as_of = as_of or local(2026, 1, 20, 12)
    report = report_evaluate(people=[p or person()], events=events, launches=launches, as_of=as_of, **kw)
    return report.staff[0]


# R1 weekly -------------------------------------------------------------------------------------------


def test_week_with_a_sunday_2330_local_event_is_done():
    r = one(events=[ev("other", utc(2026, 1, 11, 15, 30))], as_of=local(2026, 1, 12, 9))
    assert r.weekly.missed == [] and r.weekly.done["2026-W02"] == utc(2026, 1, 11, 15, 30)
    assert r.weekly.pending == "2026-W03"


def test_monday_0010_local_event_counts_for_the_next_week_not_the_utc_sunday_week():
    r = one(events=[ev("weekly", utc(2026, 1, 11, 16, 10))], as_of=local(2026, 1, 19, 9))
    assert r.weekly.missed == ["2026-W02"]
    assert "2026-W03" in r.weekly.done and r.weekly.status == "missed"


def test_weeks_whose_monday_lies_in_the_previous_year_are_not_covered():
    # 1 January 2026 is a Thursday: the week of 29 Dec 2025 (2026-W01) belongs to the 2025 report.
    r = one(as_of=local(2026, 1, 4, 12))
    assert r.weekly.missed == [] and r.weekly.pending is None and r.weekly.status == "ok"


def test_running_week_is_pending_never_missed():
    r = one(as_of=local(2026, 1, 11, 23, 59))
    assert r.weekly.missed == [] and r.weekly.pending == "2026-W02" and r.weekly.status == "ok"


def test_week_is_missed_once_it_ended_before_the_as_of_day():
    r = one(as_of=local(2026, 1, 12, 0, 0))
    assert r.weekly.missed == ["2026-W02"] and r.weekly.pending == "2026-W03"
    assert r.to_dict()["compliant"] is False


def test_running_week_with_an_event_is_not_pending():
    r = one(events=[ev("weekly", local(2026, 1, 13, 10))], as_of=local(2026, 1, 14, 10))
    assert r.weekly.pending is None and r.weekly.missed == ["2026-W02"]


def test_any_kind_of_training_counts_for_the_week():
    r = one(events=[ev("centralized", local(2026, 1, 7, 10))], as_of=local(2026, 1, 12, 10))
    assert r.weekly.missed == []


def test_events_after_as_of_are_ignored():
    r = one(events=[ev("weekly", local(2026, 1, 11, 12))], as_of=local(2026, 1, 11, 11, 59))
    assert r.weekly.pending == "2026-W02" and r.weekly.done == {}


def test_week_of_hire_is_not_required_when_hired_after_its_monday():
    r = one(person(hired=D(2026, 1, 6)), as_of=local(2026, 1, 20, 10))
    assert r.weekly.missed == ["2026-W03"]


def test_running_week_is_not_pending_for_someone_hired_after_its_monday():
    r = one(person(hired=D(2026, 1, 13)), as_of=local(2026, 1, 14, 10))
    assert r.weekly.pending is None and r.weekly.missed == []


def test_leaver_is_not_required_in_the_week_of_the_last_day_unless_it_is_sunday():
    r = one(person(left=D(2026, 1, 14)), as_of=local(2026, 2, 2, 10))
    assert r.weekly.missed == ["2026-W02"]
    r = one(person(left=D(2026, 1, 18)), as_of=local(2026, 2, 2, 10))
    assert r.weekly.missed == ["2026-W02", "2026-W03"]


def test_leaver_has_no_pending_week_after_leaving():
    r = one(person(left=D(2026, 1, 13)), as_of=local(2026, 1, 14, 10))
    assert r.weekly.pending is None


def test_week_statuses_for_the_matrix():
    r = one(events=[ev("weekly", local(2026, 1, 14, 10))], as_of=local(2026, 1, 20, 10))
    assert [r.weekly.week_status(c) for c in ("2026-W02", "2026-W03", "2026-W04", "2026-W10")] == [
        "missed",
        "ok",
        "pending",
        "n/a",
    ]


# R2 annual -------------------------------------------------------------------------------------------


def annual_events(n_plan, n_central, start=None):
    start = start or local(2026, 1, 5, 10)
    out = [ev("plan", start + datetime.timedelta(days=7 * i)) for i in range(n_plan)]
    out += [ev("centralized", start + datetime.timedelta(days=7 * i, hours=3)) for i in range(n_central)]
    return out


def test_annual_met_with_12_of_which_4_centralized():
    r = one(events=annual_events(8, 4), as_of=local(2026, 6, 1))
    a = r.to_dict()["rules"]["annual"]
    assert a == {
        "status": "met",
        "year": 2026,
        "count": 12,
        "required": 12,
        "centralized": 4,
        "centralized_required": 4,
    }


def test_annual_in_progress_when_centralized_short():
    r = one(events=annual_events(12, 3), as_of=local(2026, 12, 31, 23))
    assert r.annual.status == "in_progress" and r.annual.count == 15 and r.annual.centralized == 3


def test_other_kinds_do_not_count_for_the_annual_plan():
    r = one(
        events=[ev("weekly", local(2026, 1, 6, 10)), ev("backbone", local(2026, 1, 7, 10))], as_of=local(2026, 2, 1)
    )
    assert r.annual.count == 0


def test_annual_prorated_for_a_mid_year_hire():
    r = one(person(hired=D(2026, 7, 1)), as_of=local(2026, 8, 1))
    assert (r.annual.required, r.annual.centralized_required) == (7, 3)


def test_annual_prorating_uses_366_days_in_a_leap_year():
    leap = one(person(hired=D(2024, 7, 2)), as_of=local(2024, 8, 1))
    common = one(person(hired=D(2025, 7, 2)), as_of=local(2025, 8, 1))
    assert leap.annual.required == 6 and common.annual.required == 7


def test_leaver_who_fell_short_is_missed():
    r = one(person(left=D(2026, 3, 31)), events=annual_events(1, 1), as_of=local(2026, 4, 1, 9))
    assert r.annual.required == 3 and r.annual.centralized_required == 1
    assert r.annual.status == "missed" and r.compliant is False


def test_leaver_on_the_as_of_day_is_still_in_progress():
    r = one(person(left=D(2026, 4, 1)), events=annual_events(2, 0), as_of=local(2026, 4, 1, 9))
    assert r.annual.status == "in_progress"


def test_leaver_who_met_the_prorated_quota_is_met():
    r = one(person(left=D(2026, 3, 31)), events=annual_events(2, 1), as_of=local(2026, 4, 1, 9))
    assert (r.annual.status, r.annual.count, r.annual.required) == ("met", 3, 3)


def test_annual_not_applicable_when_employed_no_day_of_the_year():
    assert one(person(left=D(2025, 12, 31)), as_of=local(2026, 2, 1)).annual.status == "n/a"
    assert one(person(hired=D(2027, 1, 1)), as_of=local(2026, 2, 1)).annual.status == "n/a"


def test_duplicate_events_count_once():
    events = annual_events(3, 1)
    r = one(events=events + events, as_of=local(2026, 6, 1))
    assert r.annual.count == 4 and r.annual.centralized == 1


def test_previous_year_events_do_not_count():
    r = one(events=[ev("plan", local(2025, 12, 31, 23, 59))], as_of=local(2026, 2, 1))
    assert r.annual.count == 0
    r = one(events=[ev("plan", utc(2025, 12, 31, 16, 0))], as_of=local(2026, 2, 1))
    assert r.annual.count == 1


# R3 backbone -----------------------------------------------------------------------------------------


def test_backbone_not_applicable_to_others():
    assert one(as_of=local(2026, 6, 1)).backbone.status == "n/a"


def test_backbone_months_that_ended_before_the_as_of_day():
    bb = person(backbone=True)
    r = one(bb, events=[ev("backbone", local(2026, 1, 15))], as_of=local(2026, 3, 31, 23))
    assert r.backbone.missed == ["2026-02"] and r.backbone.status == "missed"
    r = one(bb, events=[ev("backbone", local(2026, 1, 15))], as_of=local(2026, 2, 28, 23))
    assert r.backbone.missed == [] and r.backbone.status == "ok"


def test_backbone_month_boundary_is_local():
    bb = person(backbone=True)
    late_feb = one(bb, events=[ev("backbone", utc(2026, 2, 28, 15, 30))], as_of=local(2026, 3, 2))
    early_mar = one(bb, events=[ev("backbone", utc(2026, 2, 28, 16, 10))], as_of=local(2026, 4, 2))
    assert late_feb.backbone.missed == ["2026-01"]
    assert early_mar.backbone.missed == ["2026-01", "2026-02"] and "2026-03" in early_mar.backbone.done


def test_backbone_month_not_required_for_a_mid_month_hire_or_leaver():
    r = one(person(backbone=True, hired=D(2026, 1, 2), left=D(2026, 3, 30)), as_of=local(2026, 5, 1))
    assert r.backbone.missed == ["2026-02"]


def test_other_kinds_do_not_count_for_backbone():
    r = one(person(backbone=True), events=[ev("weekly", local(2026, 1, 15))], as_of=local(2026, 2, 1))
    assert r.backbone.missed == ["2026-01"]


# R4 new service --------------------------------------------------------------------------------------

ANN = utc(2026, 3, 6, 2)  # Friday 10:00 local
LAUNCH = LaunchInfo("5G-PKG", ANN)


def ns(at, launch="5G-PKG", no="P1"):
    return ev("new_service", at, no, launch)


def test_new_service_event_exactly_48_hours_later_counts():
    r = one(events=[ns(ANN + datetime.timedelta(hours=48))], launches=[LAUNCH], as_of=local(2026, 3, 20))
    assert r.new_service.status == "ok" and r.new_service.done == {"5G-PKG": ANN + datetime.timedelta(hours=48)}


def test_new_service_event_one_second_late_is_missed():
    late = ANN + datetime.timedelta(hours=48, seconds=1)
    r = one(events=[ns(late)], launches=[LAUNCH], as_of=local(2026, 3, 20))
    assert r.new_service.missed == ["5G-PKG"] and r.compliant is False


def test_new_service_event_before_the_announcement_does_not_count():
    r = one(events=[ns(ANN - datetime.timedelta(seconds=1))], launches=[LAUNCH], as_of=local(2026, 3, 20))
    assert r.new_service.missed == ["5G-PKG"]


def test_new_service_event_at_the_announcement_counts():
    assert one(events=[ns(ANN)], launches=[LAUNCH], as_of=local(2026, 3, 20)).new_service.status == "ok"


def test_new_service_pending_until_the_deadline_passes():
    deadline = ANN + datetime.timedelta(hours=48)
    assert one(launches=[LAUNCH], as_of=deadline).new_service.pending == ["5G-PKG"]
    r = one(launches=[LAUNCH], as_of=deadline + datetime.timedelta(seconds=1))
    assert r.new_service.pending == [] and r.new_service.missed == ["5G-PKG"]


def test_new_service_event_for_another_launch_or_kind_does_not_count():
    events = [ns(ANN + datetime.timedelta(hours=1), launch="OTHER"), ev("weekly", ANN + datetime.timedelta(hours=1))]
    assert one(events=events, launches=[LAUNCH], as_of=local(2026, 3, 20)).new_service.missed == ["5G-PKG"]


def test_launch_applies_only_to_its_halls():
    scoped = LaunchInfo("HALL-ONLY", ANN, frozenset({"H2"}))
    r = report_evaluate(
        people=[person("P1", hall="H1"), person("P2", hall="H2")],
        events=[],
        launches=[scoped],
        as_of=local(2026, 3, 20),
    )
    assert [p.new_service.missed for p in r.staff] == [[], ["HALL-ONLY"]]


def test_launch_applies_only_to_staff_employed_on_the_announcement_day():
    assert one(person(hired=D(2026, 3, 7)), launches=[LAUNCH], as_of=local(2026, 3, 20)).new_service.missed == []
    assert one(person(hired=D(2026, 3, 6)), launches=[LAUNCH], as_of=local(2026, 3, 20)).new_service.missed == [
        "5G-PKG"
    ]
    assert one(person(left=D(2026, 3, 5)), launches=[LAUNCH], as_of=local(2026, 3, 20)).new_service.missed == []


def test_launches_of_other_years_or_after_as_of_are_ignored():
    old = LaunchInfo("OLD", local(2025, 12, 31, 12))
    future = LaunchInfo("FUTURE", local(2026, 3, 21))
    r = one(launches=[old, future], as_of=local(2026, 3, 20))
    assert r.new_service.missed == [] and r.new_service.pending == []


# R5 onboarding ---------------------------------------------------------------------------------------


def test_onboarding_ok_until_the_end_of_the_seventh_day():
    hire = person(hired=D(2026, 3, 2))
    r = one(hire, events=[ev("onboarding", local(2026, 3, 9, 23, 59))], as_of=local(2026, 4, 1))
    assert r.onboarding.status == "ok"
    r = one(hire, events=[ev("onboarding", local(2026, 3, 10, 0, 0, 1))], as_of=local(2026, 4, 1))
    assert r.onboarding.status == "missed"


def test_onboarding_pending_then_missed():
    hire = person(hired=D(2026, 3, 2))
    assert one(hire, as_of=local(2026, 3, 9, 23)).onboarding.status == "pending"
    assert one(hire, as_of=local(2026, 3, 10, 0, 0, 1)).onboarding.status == "missed"


def test_onboarding_not_applicable_outside_the_year_or_before_hire():
    assert one(person(hired=D(2025, 12, 30)), as_of=local(2026, 1, 2)).onboarding.status == "n/a"
    assert one(person(hired=D(2026, 3, 2)), as_of=local(2026, 3, 1, 23)).onboarding.status == "n/a"


def test_onboarding_days_are_a_threshold():
    hire = person(hired=D(2026, 3, 2))
    r = one(hire, as_of=local(2026, 3, 4, 12), thresholds=Thresholds(onboarding_days=1))
    assert r.onboarding.status == "missed"


def test_other_thresholds_are_read():
    t = Thresholds(annual_required=2, centralized_required=1, new_service_hours=1)
    r = one(
        events=annual_events(1, 1) + [ns(ANN + datetime.timedelta(hours=2))],
        launches=[LAUNCH],
        as_of=local(2026, 3, 20),
        thresholds=t,
    )
    assert r.annual.status == "met" and r.new_service.missed == ["5G-PKG"]


# whole report ----------------------------------------------------------------------------------------


def test_report_json_shape_is_the_contract():
    r = report_evaluate(people=[person("B"), person("A")], events=[], launches=[], as_of=utc(2026, 1, 13, 4))
    data = json.loads(json.dumps(r.to_dict()))
    assert data["as_of"] == "2026-01-13T12:00:00+08:00"
    assert [s["staff_no"] for s in data["staff"]] == ["A", "B"]
    assert data["staff"][0] == {
        "staff_no": "A",
        "compliant": False,
        "rules": {
            "weekly": {"status": "missed", "missed": ["2026-W02"], "pending": "2026-W03"},
            "annual": {
                "status": "in_progress",
                "year": 2026,
                "count": 0,
                "required": 12,
                "centralized": 0,
                "centralized_required": 4,
            },
            "backbone": {"status": "n/a", "missed": []},
            "new_service": {"status": "ok", "missed": [], "pending": []},
            "onboarding": {"status": "n/a"},
        },
    }


def test_person_without_events_and_nothing_due_is_compliant():
    assert one(as_of=local(2026, 1, 3)).compliant is True


def test_hall_week_held_and_share_attended():
    people = [
        person("P1", hall="H1"),
        person("P2", hall="H1"),
        person("P3", hall="H2"),
        person("P4", hall="H1", hired=D(2026, 1, 7)),
    ]
    events = [ev("weekly", local(2026, 1, 6, 10), "P1"), ev("weekly", local(2026, 1, 6, 10), "P4")]
    sessions = [SessionInfo("weekly", local(2026, 1, 14, 10), frozenset({"H2"}))]
    r = report_evaluate(people=people, events=events, launches=[], as_of=local(2026, 1, 19, 10), sessions=sessions)
    by = {(h.hall_code, h.week): h for h in r.halls}
    w2 = by[("H1", "2026-W02")]
    assert (w2.held, w2.required, w2.attended, w2.share) == (True, 2, 1, 0.5)
    assert by[("H2", "2026-W03")].held and by[("H2", "2026-W03")].attended == 0
    assert not by[("H2", "2026-W02")].held and by[("H1", "2026-W04")].required == 3
