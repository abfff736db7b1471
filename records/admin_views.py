"""Appraisals in the Wagtail admin, scoped to the people a user may see.

Wagtail checks model permissions; this module adds the per-object checks: every view works only on
appraisals of visible staff (others answer 404), a signed appraisal is never edited or deleted (a
revision is a new version), and only the hall manager of the trainee's hall may sign.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button, ListingButton

from people.selectors import staff_visible_to

from .selectors import appraisals_visible_to
from .services import appraisal_can_edit, appraisal_can_sign, appraisal_revise, appraisal_sign


class AppraisalForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_visible_to(self.for_user)

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.is_signed:
            raise ValidationError(_("已签署的评定不能修改，请新建版本。"))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("结束日期不能早于开始日期。"))
        if data.get("sessions_attended", 0) > data.get("sessions_planned", 0):
            self.add_error("sessions_attended", _("实际参加次数不能多于应参加次数。"))
        return data


class AppraisalIndexView(generic.IndexView):
    """Each row links to its edit page for who may edit it (a draft, a trainer) and to its detail page,
    where the hall manager signs, for everybody else; there is no edit button for who may not edit."""

    def get_edit_url(self, instance):
        if appraisal_can_edit(user=self.request.user, appraisal=instance):
            return super().get_edit_url(instance)
        return None

    def get_inspect_url(self, instance):
        return reverse("records_admin:appraisal_detail", args=[instance.pk])

    def get_delete_url(self, instance):
        return None if instance.is_signed else super().get_delete_url(instance)

    def get_list_more_buttons(self, instance):
        detail = self.get_inspect_url(instance)
        buttons = [MenuItem(_("详情与签署"), url=detail, icon_name="info-circle", priority=20)]
        if not instance.is_signed and appraisal_can_sign(user=self.request.user, appraisal=instance):
            buttons.append(ListingButton(_("签署"), url=detail, icon_name="check", priority=5))
        if edit_url := self.get_edit_url(instance):
            buttons.append(MenuItem(_("编辑"), url=edit_url, icon_name="edit", priority=10))
        if delete_url := self.get_delete_url(instance):
            buttons.append(MenuItem(_("删除"), url=delete_url, icon_name="bin", priority=30))
        return buttons


class AppraisalCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.trainer = self.request.user
        return super().save_instance()


class AppraisalEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        detail = Button(
            _("详情与签署"), url=reverse("records_admin:appraisal_detail", args=[self.object.pk]), icon_name="form"
        )
        return [*super().header_more_buttons, detail]

    def get_object(self, queryset=None):
        return get_object_or_404(appraisals_visible_to(self.request.user), pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        appraisal = get_object_or_404(appraisals_visible_to(request.user), pk=kwargs["pk"])
        if appraisal.is_signed:
            return redirect("records_admin:appraisal_detail", appraisal.pk)
        return super().dispatch(request, *args, **kwargs)


class AppraisalDeleteView(generic.DeleteView):
    def get_object(self, queryset=None):
        appraisal = get_object_or_404(appraisals_visible_to(self.request.user), pk=self.kwargs["pk"])
        if appraisal.is_signed:
            raise PermissionDenied
        return appraisal


def _next_url(request) -> str | None:
    """The page to return to after signing (``?next=``, this site only)."""
    url = request.POST.get("next") or request.GET.get("next")
    allowed = url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return url if allowed else None


def _detail(request, appraisal, *, status=200):
    context = {
        "appraisal": appraisal,
        "items": appraisal.items.all(),
        "can_sign": not appraisal.is_signed and appraisal_can_sign(user=request.user, appraisal=appraisal),
        "can_edit": appraisal_can_edit(user=request.user, appraisal=appraisal),
        "can_revise": appraisal.is_signed and request.user.has_perm("records.change_appraisal"),
        "pdf_url": reverse("records:appraisal", args=[appraisal.pk]),
        "next": _next_url(request),
    }
    return render(request, "records/admin/appraisal_detail.html", context, status=status)


def appraisal_detail(request, pk):
    """The appraisal read-only (the trainer's text as written) and, for the trainee's hall manager, the
    signature."""
    appraisal = get_object_or_404(appraisals_visible_to(request.user).select_related("trainer"), pk=pk)
    return _detail(request, appraisal)


@require_POST
def appraisal_sign_view(request, pk):
    """Sign (``appraisal_sign``); anybody but the hall's manager gets a 403 page, a second signature a
    message. Afterwards back to ``next`` (the landing page's 待签署 list) or the detail page."""
    appraisal = get_object_or_404(appraisals_visible_to(request.user).select_related("trainer"), pk=pk)
    try:
        appraisal_sign(appraisal_id=appraisal.pk, user=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return _detail(request, appraisal, status=403)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("records_admin:appraisal_detail", appraisal.pk)
    messages.success(
        request, _("已签署 %(name)s 的学员综合评定 v%(v)s。") % {"name": appraisal.staff.name, "v": appraisal.version}
    )
    return redirect(_next_url(request) or reverse("records_admin:appraisal_detail", args=[appraisal.pk]))


@require_POST
def appraisal_revise_view(request, pk):
    appraisal = get_object_or_404(appraisals_visible_to(request.user), pk=pk)
    if not request.user.has_perm("records.change_appraisal"):
        raise PermissionDenied
    try:
        new = appraisal_revise(appraisal_id=appraisal.pk, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("records_admin:appraisal_detail", appraisal.pk)
    messages.success(request, _("已新建版本 v%(v)s。") % {"v": new.version})
    return redirect("records_appraisals:edit", new.pk)
