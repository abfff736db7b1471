"""Demo content for ``seed_demo``: the shipped bank with its module quizzes, and one feedback poll."""

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
        stdout.write(
            f"考试：试题新增 {totals['created']}，不变 {totals['unchanged']}；新建测验 {totals['quizzes_created']}；"
            f"反馈问卷 /exams/polls/{poll.pk}/\n"
        )
