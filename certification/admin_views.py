"""A certificate's page in the admin with HR's 撤销 (revoke, reason required) and 补发 (reissue) actions.

Anyone who may see the person sees the page and the PDF; only HR gets the forms, and the POST views
refuse everyone else (``revocation`` checks again)."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from people.selectors import staff_visible_to

from .models import Certificate
from .revocation import certificate_can_revoke, certificate_reissue_by, certificate_revoke_by
from .services import CertificationError


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class ReissueForm(forms.Form):
    reason = forms.CharField(label=_("补发原因"), max_length=300, required=False)


def _certificate(request, pk) -> Certificate:
    visible = staff_visible_to(request.user).order_by().values("pk")
    queryset = Certificate.objects.filter(staff__in=visible).select_related("program", "staff__hall", "revoked_by")
    return get_object_or_404(queryset, pk=pk)


def _page(request, certificate, *, revoke_form=None, reissue_form=None, status=200):
    can = certificate_can_revoke(request.user)
    context = {
        "certificate": certificate,
        "can_revoke": can and not certificate.revoked,
        "can_reissue": can,
        "revoke_form": revoke_form or RevokeForm(),
        "reissue_form": reissue_form or ReissueForm(),
        "replaced_by": list(certificate.replaced_by.all()),
    }
    return render(request, "certification/admin/certificate_detail.html", context, status=status)


def certificate_detail(request, pk):
    return _page(request, _certificate(request, pk))


@require_POST
def certificate_revoke_view(request, pk):
    certificate = _certificate(request, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        return _page(request, certificate, revoke_form=form, status=400)
    try:
        certificate_revoke_by(certificate_id=certificate.pk, user=request.user, reason=form.cleaned_data["reason"])
    except CertificationError as exc:
        form.add_error("reason", str(exc))
        return _page(request, certificate, revoke_form=form, status=400)
    messages.success(request, _("上岗证已撤销。"))
    return redirect("certification_admin:certificate_detail", certificate.pk)


@require_POST
def certificate_reissue_view(request, pk):
    certificate = _certificate(request, pk)
    form = ReissueForm(request.POST)
    if not form.is_valid():
        return _page(request, certificate, reissue_form=form, status=400)
    new = certificate_reissue_by(certificate_id=certificate.pk, user=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, _("已补发新证 %(number)s。") % {"number": new.number})
    return redirect("certification_admin:certificate_detail", new.pk)
