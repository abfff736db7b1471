"""The 发送测试消息 button of a hall robot: GET asks to confirm, POST queues the message (audited)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from people.audit import ROBOT_TEST, audit_record
from people.selectors import halls_visible_to

from .channels import robot_test_send
from .models import HallRobot


def robot_test(request, pk: int):
    if not request.user.has_perm("notices.change_hallrobot"):
        raise PermissionDenied
    robot = get_object_or_404(HallRobot.objects.select_related("hall"), pk=pk)
    if not halls_visible_to(request.user).filter(pk=robot.hall_id).exists():
        raise Http404
    if request.method == "POST":
        delivery = robot_test_send(robot=robot)
        audit_record(action=ROBOT_TEST, actor=request.user, target=robot, data={"delivery": delivery.pk})
        messages.success(request, _("测试消息已加入发送队列，结果见机器人消息记录。"))
        return redirect(reverse("notices_deliveries:inspect", args=[delivery.pk]))
    return TemplateResponse(request, "notices/robot_test.html", {"robot": robot})
