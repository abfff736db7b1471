"""Notices on 我的培训: listed, and marked read all at once."""

from django.urls import reverse

from notices.models import Notification


def login(client, user):
    client.force_login(user)
    return client


def test_invitation_notice_is_listed_and_can_be_marked_read(client, org, running):
    c = login(client, org["staff_a1"].user)
    assert "培训通知：投诉处理" in c.get(reverse("compliance:my_training"), follow=True).content.decode()
    c.post(reverse("notices:read"))
    assert not Notification.objects.filter(user=org["staff_a1"].user, read_at__isnull=True).exists()
