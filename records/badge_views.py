"""The public side of Open Badges: check a credential at /verify/, our key set, issuer profile and status."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from certification.models import Certificate

from .badges import (
    MALFORMED,
    NOT_OURS,
    SIGNATURE_INVALID,
    badge_verify,
    credential_url,
    issuer_profile,
    issuer_url,
    jwks,
)
from .certificates import VALIDITY_LABELS
from .forms import BadgeVerifyForm


def _json(data: dict) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # verifiers elsewhere read these
    return response


@require_GET
def badge_keys(request):
    return _json(jwks())


@require_GET
def badge_issuer(request):
    return _json(issuer_profile())


@require_GET
def badge_status(request, number):
    """A 1EdTech revocation list for one credential: empty unless the certificate is revoked."""
    certificate = get_object_or_404(Certificate, number=number)
    revoked = []
    if certificate.revoked_at is not None:
        revoked = [{"id": credential_url(number), "revocationReason": certificate.revoke_reason}]
    return _json({"id": credential_url(number), "issuer": issuer_url(), "revokedCredentials": revoked})


@require_http_methods(["GET", "POST"])
def badge_check(request):
    """Check a pasted or uploaded credential; bad input answers 400 with the form and its message."""
    form, check = BadgeVerifyForm(), None
    if request.method == "POST":
        form = BadgeVerifyForm(request.POST, request.FILES)
        if form.is_valid():
            check = badge_verify(form.cleaned_data["credential"])
    status = 400 if form.errors or (check and check.outcome == MALFORMED) else 200
    context = {
        "form": form,
        "check": check,
        "label": VALIDITY_LABELS.get(check.outcome) if check else None,
        "outcomes": {"malformed": MALFORMED, "not_ours": NOT_OURS, "signature_invalid": SIGNATURE_INVALID},
    }
    return render(request, "records/badge_check.html", context, status=status)
