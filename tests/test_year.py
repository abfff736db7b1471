"""A year of operation, with the clock moved through the real beat schedule (``tests.beat.Beat``).

One hall through 2026, Monday by Monday: the beat assigns each week's quiz (and each month's quiz to the
backbone), people take what is assigned to them the way the quiz pages do (start, save answers, hand
in; grading runs on commit as on a worker), reminders and missed-quiz notices go out on their ticks,
and the compliance report is read at the turn of the year, for the year just closed:

- 甲 passes every weekly quiz: 52 events, no missed week;
- 乙 fails each first try, passes the retake (fresh questions), and skips the last week of the year;
- 丙 is on maternity leave for 14 weeks: never assigned those weeks, none of them required;
- 丁 becomes backbone on 15 July: the monthly quiz from August, R3 from August only;
- 戊 is hired on 29 December and gets no security education; a launch is announced on 31 December
  and nobody is trained: both are judged in January, in 2026's report.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from compliance import periods
from compliance.selectors import report_build
from compliance.services import launch_announce
from evidence.models import EventKind, Launch, TrainingEvent
from exams.attempts import attempt_hand_in, attempt_save_answers, attempt_start
from exams.models import AssignmentKind, Attempt, QuestionCategory, Quiz, QuizAssignment, QuizSlot
from notices.models import Notification
from people.models import Leave, LeaveKind
from people.posts import Post
from people.services import staff_change_record
from tests.beat import Beat, local
from tests.conftest import make_hall, make_staff, make_user
from tests.exams.utils import make_choice_questions
from trainings.services import attendance_record, session_create

pytestmark = pytest.mark.django_db


def module_quizzes() -> dict[str, Quiz]:
    """The four module quizzes the schedule rotates through: 2 questions drawn from 6, 3 attempts, pass 80."""
    quizzes = {}
    for key in periods.QUIZ_MODULES:
        make_choice_questions(6, category=key)
        quiz = Quiz.objects.create(
            title=f"{key} 测验",
            source_key=f"module:{key}",
            pass_mark=80,
            attempts_allowed=3,
            event_kind=EventKind.ONBOARDING if key == "security" else EventKind.PLAN,
        )
        QuizSlot.objects.create(quiz=quiz, category=QuestionCategory.objects.get(path=key), count=2)
        quizzes[key] = quiz
    return quizzes


def answers(attempt: Attempt, *, right: bool) -> dict[int, int]:
    """What the person taps: the option "对" (the right one) or the first wrong one, by position shown."""
    out = {}
    for slot in attempt.layout:
        options = slot["o"]
        out[slot["q"]] = options.index("对") if right else next(i for i, o in enumerate(options) if o != "对")
    return out


def take(beat: Beat, assignment: QuizAssignment, *, right: bool) -> Attempt:
    staff = assignment.staff
    attempt = beat.act(attempt_start, staff=staff, quiz=assignment.quiz, assignment=assignment)
    beat.act(attempt_save_answers, attempt_id=attempt.pk, staff=staff, answers=answers(attempt, right=right))
    beat.act(attempt_hand_in, attempt_id=attempt.pk, staff=staff)
    attempt.refresh_from_db()
    return attempt


def open_assignments(staff, at):
    return list(
        QuizAssignment.objects.filter(
            staff=staff,
            passed_at__isnull=True,
            due_at__gt=at,
            kind__in=[AssignmentKind.WEEKLY, AssignmentKind.BACKBONE],
        ).select_related("quiz", "staff")
    )


@pytest.fixture(scope="module")
def year_2026(django_db_setup, django_db_blocker):
    """Run the whole year once for this module's tests, in a transaction rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield simulate_2026()
        transaction.set_rollback(True)


def simulate_2026() -> dict:
    quizzes = module_quizzes()
    hall = make_hall(code="QC01", name="青城中山路营业厅")
    trainer = make_user("trainer-2026")
    people = {
        "甲": make_staff(hall, staff_no="P1", name="甲"),
        "乙": make_staff(hall, staff_no="P2", name="乙"),
        "丙": make_staff(hall, staff_no="P3", name="丙"),
        "丁": make_staff(hall, staff_no="P4", name="丁"),
    }
    Leave.objects.create(
        staff=people["丙"], kind=LeaveKind.MATERNITY, start=datetime.date(2026, 3, 2), end=datetime.date(2026, 6, 7)
    )
    retakes = []
    with Beat(local(2026, 1, 1)) as beat:
        day = datetime.date(2026, 1, 1)
        while day <= datetime.date(2027, 1, 10):
            beat.tick(local(day.year, day.month, day.day, 8))
            if day == datetime.date(2026, 7, 15):
                p = people["丁"]
                staff_change_record(staff=p, effective_on=day, hall=hall, post=p.post, is_backbone=True)
                p.refresh_from_db()
            if day.month in (3, 6, 9, 12) and day.day == 10:
                session = session_create(
                    trainer=trainer,
                    halls=[hall],
                    kind=EventKind.CENTRALIZED,
                    topic=f"{day.month} 月集中培训",
                    starts_at=local(day.year, day.month, day.day, 14),
                    ends_at=local(day.year, day.month, day.day, 16),
                )
                for p in people.values():
                    if p.is_employed_on(day) and not Leave.objects.filter(staff=p, start__lte=day, end__gte=day):
                        beat.act(attendance_record, session=session, staff=p, method="sheet")
            if day.weekday() == 0 or day.day == 1:
                beat.move_to(local(day.year, day.month, day.day, 10))
                for name, p in people.items():
                    for a in open_assignments(p, beat.now):
                        if name == "乙" and a.period_key == "weekly:2026-W53":
                            continue
                        if name == "乙" and a.kind == AssignmentKind.WEEKLY:
                            first = take(beat, a, right=False)
                            second = take(beat, a, right=True)
                            retakes.append((a, first, second))
                        else:
                            take(beat, a, right=True)
            if day == datetime.date(2026, 12, 29):
                people["戊"] = make_staff(hall, staff_no="P5", name="戊", hired_on=day, post=Post.COUNTER)
            if day == datetime.date(2026, 12, 31):
                beat.move_to(local(2026, 12, 31, 20))
                launch = Launch.objects.create(
                    code="5G-NEW", name="5G 新套餐", announced_at=beat.now, quiz_ref="module:security"
                )
                beat.act(launch_announce, launch=launch)
            beat.tick(local(day.year, day.month, day.day, 23))
            day += datetime.timedelta(days=1)
        runs = dict(beat.runs)
    return {"people": people, "quizzes": quizzes, "retakes": retakes, "runs": runs, "hall": hall}


def person(report, staff):
    return next(r for r in report.staff if r.person.staff_no == staff.staff_no)


def test_the_beat_ran_every_monday_and_every_first_of_the_month(year_2026):
    runs = year_2026["runs"]
    assert runs["compliance.tasks.weekly_quizzes_tick"] == 53  # 52 Mondays of 2026 and 4 January 2027
    assert runs["compliance.tasks.backbone_quizzes_tick"] == 13  # 1 January 2026 … 1 January 2027
    assert runs["compliance.tasks.quiz_reminders_tick"] >= 2 * 365


def test_a_person_who_passes_every_weekly_quiz_has_52_events_and_no_missed_week(year_2026):
    p1 = year_2026["people"]["甲"]
    weekly = QuizAssignment.objects.filter(staff=p1, kind=AssignmentKind.WEEKLY, period_key__startswith="weekly:2026")
    assert weekly.count() == 52
    assert weekly.filter(passed_at__isnull=False).count() == 52
    events = TrainingEvent.objects.filter(staff=p1, source="quiz", source_ref__in=[a.source_ref for a in weekly])
    assert events.count() == 52
    report = report_build(as_of=local(2027, 1, 5, 12), year=2026)
    r = person(report, p1)
    assert r.weekly.missed == []
    assert len(r.weekly.done) == 52
    assert r.weekly.status == "ok"
    assert r.annual.status == "met"  # 39 quiz events of kind plan and 4 centralized sessions


def test_a_retaker_gets_fresh_questions_and_the_event_dates_from_the_passing_retake(year_2026):
    retakes = year_2026["retakes"]
    retakes = [r for r in retakes if r[0].period_key.startswith("weekly:2026")]
    assert len(retakes) == 51
    for assignment, first, second in retakes:
        assert first.assignment_id == second.assignment_id == assignment.pk
        assert (first.number, second.number) == (1, 2)
        assert first.score < 80 <= second.score
        assert not set(first.question_ids()) & set(second.question_ids())  # 6 in the bank, 2 drawn
        event = TrainingEvent.objects.get(staff=assignment.staff, source_ref=assignment.source_ref)
        assert event.occurred_at == second.finished_at


def test_the_last_week_of_the_year_is_pending_until_sunday_and_missed_in_january(year_2026):
    p2 = year_2026["people"]["乙"]
    assert person(report_build(as_of=local(2027, 1, 2, 12), year=2026), p2).weekly.pending == "2026-W53"
    january = report_build(as_of=local(2027, 1, 5, 12), year=2026)
    assert person(january, p2).weekly.missed == ["2026-W53"]
    assert "2026-W53" not in report_build(as_of=local(2027, 1, 5, 12)).weeks
    missed = QuizAssignment.objects.get(staff=p2, period_key="weekly:2026-W53")
    keys = set(Notification.objects.filter(user=p2.user).values_list("key", flat=True))
    assert {f"quiz-remind-24:{missed.pk}", f"quiz-remind-2:{missed.pk}", f"quiz-missed:{missed.pk}"} <= keys


def test_maternity_leave_weeks_are_neither_assigned_nor_required(year_2026):
    p3 = year_2026["people"]["丙"]
    leave_weeks = {periods.week_code(datetime.date(2026, 3, 2) + datetime.timedelta(weeks=w)) for w in range(14)}
    assigned = set(
        QuizAssignment.objects.filter(staff=p3, kind=AssignmentKind.WEEKLY).values_list("period_key", flat=True)
    )
    assert not {f"weekly:{code}" for code in leave_weeks} & assigned
    r = person(report_build(as_of=local(2027, 1, 5, 12), year=2026), p3)
    assert r.weekly.missed == []
    assert len(r.weekly.done) == 52 - 14
    assert r.annual.required < 12  # pro-rated by the days not on leave


def test_backbone_from_mid_july_is_required_from_august_and_december_is_judged_in_january(year_2026):
    p4 = year_2026["people"]["丁"]
    monthly = QuizAssignment.objects.filter(
        staff=p4, kind=AssignmentKind.BACKBONE, period_key__startswith="backbone:2026"
    )
    assert sorted(monthly.values_list("period_key", flat=True)) == [f"backbone:2026-{m:02d}" for m in range(8, 13)]
    events = TrainingEvent.objects.filter(staff=p4, kind=EventKind.BACKBONE, occurred_at__year=2026)
    assert events.count() == 5
    december = person(report_build(as_of=local(2026, 12, 31, 12), year=2026), p4).backbone
    assert "2026-12" not in december.missed and "2026-07" not in december.missed
    january = person(report_build(as_of=local(2027, 1, 5, 12), year=2026), p4).backbone
    assert january.status == "ok"
    assert sorted(january.done) == [f"2026-{m:02d}" for m in range(8, 13)]


def test_a_late_december_launch_and_hire_are_judged_in_january_in_the_year_they_began(year_2026):
    p5 = year_2026["people"]["戊"]
    before = report_build(as_of=local(2027, 1, 2, 12), year=2026)
    assert person(before, p5).new_service.pending == ["5G-NEW"]
    assert person(before, p5).onboarding.status == "pending"
    after = report_build(as_of=local(2027, 1, 6, 12), year=2026)
    for staff in year_2026["people"].values():
        assert person(after, staff).new_service.missed == ["5G-NEW"]
    assert person(after, p5).onboarding.status == "missed"
    assert person(after, year_2026["people"]["甲"]).annual.status == "met"
    assert {person(after, s).annual.status for s in year_2026["people"].values()} <= {"met", "missed"}
    assert person(after, p5).annual.status == "missed"
    assert person(report_build(as_of=local(2027, 1, 6, 12)), p5).onboarding.status == "n/a"


def test_the_weekly_quiz_score_is_kept_on_its_event(year_2026):
    p1 = year_2026["people"]["甲"]
    scores = set(TrainingEvent.objects.filter(staff=p1, source="quiz").values_list("score", flat=True))
    assert scores == {Decimal("100.00")}
