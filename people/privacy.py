"""A person's personal information (PIPL): everything held about them as a download, and erasing a leaver.

The download is a ZIP of ``data.json`` (every app's sections, ``lms.personal_data``) and the person's
stored files. Erasing anonymises the account and the profile and lets each app erase what it keeps
(``PERSONAL_ERASE``); the profile row stays, under an opaque staff number, so that training events, quiz
results and every count built on them stay as they were. Both are audited.
"""

import io
import json
import secrets
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.personal_data import Section, personal_data_erase, personal_data_sections

from . import audit
from .models import Staff
from .retention import erasable_from

ERASED_PREFIX = "DEL-"


def personal_data(staff: Staff) -> list[Section]:
    """The ``PERSONAL_DATA`` hook of people: profile, account, post and hall history, leave."""
    user = staff.user
    profile = {
        "staff_no": staff.staff_no,
        "name": staff.name,
        "hall": staff.hall.code,
        "hall_name": staff.hall.name,
        "post": staff.post,
        "is_backbone": staff.is_backbone,
        "hired_on": staff.hired_on,
        "left_on": staff.left_on,
        "account": None
        if user is None
        else {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "roles": sorted(user.groups.values_list("name", flat=True)),
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
    }
    history = list(staff.changes.order_by("effective_on").values("effective_on", "hall__code", "post", "is_backbone"))
    leave = list(staff.leaves.order_by("start").values("kind", "start", "end", "note"))
    return [Section("profile", profile), Section("history", history), Section("leave", leave)]


def personal_data_zip(*, staff: Staff, actor) -> bytes:
    """Return the ZIP of everything held about ``staff``; the download is audited as an export."""
    sections = personal_data_sections(staff)
    document = {"generated_at": timezone.now(), **{s.key: s.rows for s in sections}}
    out = io.BytesIO()
    files = [(name, path) for s in sections for name, path in s.files if path.is_file()]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("data.json", json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1))
        for name, path in files:
            zf.write(path, arcname=f"files/{name}")
    audit.audit_record(
        action=audit.EXPORT,
        actor=actor,
        target=staff,
        people=[staff],
        data={"what": "personal_data", "files": len(files)},
    )
    return out.getvalue()


def is_erased(staff: Staff) -> bool:
    return staff.staff_no.startswith(ERASED_PREFIX)


def staff_erase_check(*, staff: Staff, today) -> None:
    """Raise ``ValidationError`` unless ``staff`` is a leaver past the retention period (not yet erased)."""
    if is_erased(staff):
        raise ValidationError(_("该人员的个人信息已注销。"))
    allowed = erasable_from(staff.left_on, years=settings.PEOPLE_ERASE_AFTER_YEARS)
    if allowed is None:
        raise ValidationError(_("在职人员不能注销个人信息（需先填写最后工作日）。"))
    if today < allowed:
        raise ValidationError(
            _("保留期未满：最后工作日为 %(left)s，%(date)s 起才可注销。")
            % {"left": staff.left_on.isoformat(), "date": allowed.isoformat()}
        )


@transaction.atomic
def staff_erase(*, staff_id: int, actor, today=None) -> Staff:
    """Erase a leaver after the retention period: all or nothing.

    The account gets an opaque username, no name or e-mail, an unusable password and no roles, and is made
    inactive; the profile is renamed "已删除员工 #<id>" under an opaque staff number; leave notes are cleared;
    each app erases its own (``PERSONAL_ERASE``: records deletes the PDFs and anonymises verification);
    the log entries about the person keep their facts with the new name and number.
    """
    today = today or timezone.localdate()
    staff = Staff.objects.select_for_update(of=("self",)).select_related("user").get(pk=staff_id)
    staff_erase_check(staff=staff, today=today)
    personal_data_erase(staff)
    token = f"{ERASED_PREFIX}{secrets.token_hex(8).upper()}"
    name = _("已删除员工 #%(id)d") % {"id": staff.pk}
    user = staff.user
    if user is not None:
        user.groups.clear()
    audit.audit_forget(staff=staff, name=name, staff_no=token)
    if user is not None:
        user.username = token
        user.first_name = user.last_name = user.email = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
    staff.leaves.exclude(note="").update(note="")
    left_on = staff.left_on
    staff.name, staff.staff_no = name, token
    staff.save(update_fields=["name", "staff_no"])
    audit.audit_record(action=audit.ERASE, actor=actor, target=staff, people=[staff], data={"left_on": left_on})
    return staff
