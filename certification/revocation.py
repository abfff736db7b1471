"""HR's revoke and reissue of a certificate (from the admin): the permission, the write, the notices.

Only HR revokes or reissues; the check is here, on the server, whatever the page showed. The person and
their hall manager(s) are told in the site (and by e-mail after commit), once per certificate: the keys
name the certificate's number, so a repeated request notifies nobody twice.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notices.services import notification_send
from people import roles
from people.selectors import hall_managers

from .models import Certificate
from .services import certificate_reissue, certificate_revoke


def certificate_can_revoke(user) -> bool:
    return roles.has_role(user, roles.HR)


def _notify(certificate: Certificate, *, key: str, text: str, manager_text: str, **extra) -> None:
    staff = certificate.staff
    values = {"number": certificate.number, "program": certificate.program.name, "name": staff.name, **extra}
    notification_send(
        users=[staff.user], key=f"{key}:{certificate.number}", text=text % values, url=reverse("home:my_training")
    )
    managers = [m.user for m in hall_managers([staff.hall_id]) if m.pk != staff.pk]
    notification_send(users=managers, key=f"{key}-manager:{certificate.number}", text=manager_text % values)


def certificate_revoke_by(*, certificate_id: int, user, reason: str) -> Certificate:
    """Revoke (HR only; a reason is required) and tell the person and their hall managers."""
    if not certificate_can_revoke(user):
        raise PermissionDenied
    with transaction.atomic():
        certificate = certificate_revoke(certificate_id=certificate_id, by=user, reason=reason)
        certificate = Certificate.objects.select_related("program", "staff__user").get(pk=certificate.pk)
        _notify(
            certificate,
            key="certificate-revoked",
            text=_("您的上岗证 %(number)s（%(program)s）已被撤销，原因：%(reason)s"),
            manager_text=_("%(name)s 的上岗证 %(number)s（%(program)s）已被撤销，原因：%(reason)s"),
            reason=certificate.revoke_reason,
        )
    return certificate


def certificate_reissue_by(*, certificate_id: int, user, reason: str = "") -> Certificate:
    """Reissue (HR only): a new number for the same program, person and dates; the old one is revoked."""
    if not certificate_can_revoke(user):
        raise PermissionDenied
    with transaction.atomic():
        new = certificate_reissue(certificate_id=certificate_id, by=user, reason=(reason or "").strip())
        new = Certificate.objects.select_related("program", "staff__user", "replaces").get(pk=new.pk)
        _notify(
            new,
            key="certificate-reissued",
            text=_("您的上岗证（%(program)s）已补发，新证书编号 %(number)s，原证书 %(old)s 作废。"),
            manager_text=_("%(name)s 的上岗证（%(program)s）已补发，新证书编号 %(number)s，原证书 %(old)s 作废。"),
            old=new.replaces.number,
        )
    return new
