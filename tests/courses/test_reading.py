"""Lessons completed by script: a completion counts only after the lesson's reading time since it was served."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from courses import progress as svc
from courses.models import LessonProgress
from courses.reading import ReadingRule, required_seconds, seconds_left, text_length
from evidence.models import TrainingEvent

from .conftest import CHECK_ID, make_lesson

JSON = {"Accept": "application/json"}
START = timezone.make_aware(datetime.datetime(2026, 5, 4, 10, 0))


def test_reading_time_follows_length_within_minimum_and_cap():
    rule = ReadingRule(chars_per_minute=400, fraction=0.3, minimum=10, cap=600)
    assert required_seconds(4000, rule) == 180  # 10 minutes to read, 30 % of it
    assert required_seconds(20, rule) == 10
    assert required_seconds(10**6, rule) == 600
    assert (
        text_length("标题", blocks=[{"type": "paragraph", "value": "<p>先 倾听&nbsp;再<b>致歉</b></p>", "id": "x"}])
        == 9
    )
    assert seconds_left(opened_at=None, now=START, required=30) == 30
    assert seconds_left(opened_at=START, now=START + datetime.timedelta(seconds=29.5), required=30) == 1
    assert seconds_left(opened_at=START, now=START + datetime.timedelta(seconds=30), required=30) == 0


def test_a_script_posting_check_and_complete_for_every_lesson_records_nothing(client, course, org):
    client.force_login(org["staff_a1"].user)
    with time_machine.travel(START, tick=False) as clock:
        for lesson in course["lessons"]:
            client.get(lesson.url)
            client.post(reverse("courses:lesson_check", args=[lesson.pk]), {"block_id": CHECK_ID, "choice": "0"})
            response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]), headers=JSON)
            required = svc.lesson_required_seconds(lesson)
            assert response.status_code == 400
            assert response.json()["seconds_left"] == required
            assert f"还需 {required} 秒" in response.json()["message"]
        assert not LessonProgress.objects.filter(completed_at__isnull=False).exists()
        assert not TrainingEvent.objects.exists()
        # One second short of the longer lesson's time: that one still refuses; at the time it counts.
        longest = max(course["lessons"], key=svc.lesson_required_seconds)
        clock.shift(datetime.timedelta(seconds=svc.lesson_required_seconds(longest) - 1))
        response = client.post(reverse("courses:lesson_complete", args=[longest.pk]), headers=JSON)
        assert response.status_code == 400 and response.json()["seconds_left"] == 1
        clock.shift(datetime.timedelta(seconds=1))
        for lesson in course["lessons"]:
            response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]), headers=JSON)
            assert response.status_code == 200 and response.json()["completed"] is True
    assert TrainingEvent.objects.filter(staff=org["staff_a1"]).count() == 1


def test_complete_without_ever_opening_the_lesson_is_refused(client, course, org):
    lesson = course["lessons"][1]
    client.force_login(org["staff_a1"].user)
    response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]), headers=JSON)
    assert response.status_code == 400 and response.json()["seconds_left"] == svc.lesson_required_seconds(lesson)
    assert not LessonProgress.objects.exists()


def test_the_clock_starts_at_the_first_opening_not_the_latest(client, course, org):
    lesson = course["lessons"][1]
    client.force_login(org["staff_a1"].user)
    with time_machine.travel(START, tick=False) as clock:
        client.get(lesson.url)
        clock.shift(datetime.timedelta(minutes=20))
        client.get(lesson.url)
        response = client.post(reverse("courses:lesson_complete", args=[lesson.pk]), headers=JSON)
    assert response.status_code == 200
    assert LessonProgress.objects.get().opened_at == START


@pytest.mark.parametrize("per_minute,expected", [(400, 14), (10, 544), (1, 600)])
def test_reading_speed_is_a_setting(settings, course, org, per_minute, expected):
    settings.PEIXUN_READING_CHARS_PER_MINUTE = per_minute
    long = make_lesson(
        course["module"],
        title="长课",
        slug="long",
        body=[
            {"type": "paragraph", "value": "<p>" + "字" * 300 + "</p>", "id": "44444444-4444-4444-8444-444444444444"}
        ],
    )
    assert svc.lesson_required_seconds(long) == expected  # 302 characters, 30 %, at most 600 s
