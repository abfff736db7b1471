"""Demo content for ``seed_demo``: the shipped bank with its module quizzes, and one feedback poll."""

from django.utils.translation import gettext

from .curriculum import questions_load
from .models import Poll, PollChoice

DEMO_POLL = "本周培训对您的工作有帮助吗？"


def seed_exams(*, stdout=None) -> None:
    totals = questions_load(stdout=None)
    poll, created = Poll.objects.get_or_create(question=DEMO_POLL)
    if created:
        for order, text in enumerate(("很有帮助", "有一些帮助", "帮助不大")):
            PollChoice.objects.create(poll=poll, text=text, sort_order=order)
    if stdout:
        line = gettext(
            "考试：试题新增 %(created)s，不变 %(unchanged)s；新建测验 %(quizzes_created)s；反馈问卷 %(poll)s"
        )
        stdout.write(line % {**totals, "poll": f"/exams/polls/{poll.pk}/"} + "\n")
