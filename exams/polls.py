"""Voting in feedback polls: one vote per person, guaranteed by the database."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Poll, Vote


class VoteError(Exception):
    pass


def poll_vote(*, poll: Poll, staff, choice_id: int, comment: str = "") -> Vote:
    """Record the person's vote; voting again (or from two tabs at once) is refused, not counted twice."""
    if not poll.is_open:
        raise VoteError(_("该问卷已关闭。"))
    choice = poll.choices.filter(pk=choice_id).first()
    if choice is None:
        raise VoteError(_("请选择一个选项。"))
    try:
        with transaction.atomic():
            return Vote.objects.create(
                poll=poll, choice=choice, staff=staff, comment=comment[:2000] if poll.allow_comment else ""
            )
    except IntegrityError as exc:
        raise VoteError(_("您已经投过票了。")) from exc
