"""The audit trail: who did what, when, to whom, stored as Wagtail log entries (``ModelLogEntry``).

Every app records through ``audit_record``; the actions are ``peixun.*`` and registered with Wagtail's
``register_log_actions`` hook (``wagtail_hooks``), so the admin shows them like its own create/edit/delete.
An entry's object is the thing acted on (an attempt, a session, a document, a user; a model class for an
import), its user the actor (None: the system), its ``data`` the people concerned and the old → new
values. ``data["people_key"]`` (``|12|34|``) lets the report filter by person on any database.
Nothing in the admin edits or deletes an entry; erasing a person rewrites only their name and staff
number inside the entries (``audit_forget``).
"""

import hashlib

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import log as wagtail_log
from wagtail.models import ModelLogEntry

from .models import Staff

PREFIX = "peixun."
ID_BATCH = 5000
IMPORT = "peixun.import"
GRADE = "peixun.grade"
REGRADE = "peixun.regrade"
ATTENDANCE = "peixun.attendance"
SCORE = "peixun.score"
APPRAISAL_SIGN = "peixun.appraisal_sign"
APPRAISAL_REVISE = "peixun.appraisal_revise"
CERTIFICATE_ISSUE = "peixun.certificate_issue"
CERTIFICATE_REVOKE = "peixun.certificate_revoke"
CERTIFICATE_REISSUE = "peixun.certificate_reissue"
EXPORT = "peixun.export"
ROLE_CHANGE = "peixun.role_change"
ERASE = "peixun.erase"
ROBOT_TEST = "peixun.robot_test"

ACTIONS = {
    IMPORT: (_("导入"), _("导入了文件")),
    GRADE: (_("评分"), _("测验已评分")),
    REGRADE: (_("改分"), _("修改了评分")),
    ATTENDANCE: (_("签到"), _("修改了签到")),
    SCORE: (_("培训成绩"), _("修改了培训成绩")),
    APPRAISAL_SIGN: (_("签署评定"), _("签署了学员综合评定")),
    APPRAISAL_REVISE: (_("修订评定"), _("新建了评定版本")),
    CERTIFICATE_ISSUE: (_("发证"), _("颁发了上岗证")),
    CERTIFICATE_REVOKE: (_("吊销证书"), _("吊销了上岗证")),
    CERTIFICATE_REISSUE: (_("补发证书"), _("补发了上岗证")),
    EXPORT: (_("导出个人数据"), _("导出或下载了个人数据")),
    ROLE_CHANGE: (_("角色变更"), _("变更了角色")),
    ERASE: (_("注销个人信息"), _("注销了个人信息")),
    ROBOT_TEST: (_("群机器人测试"), _("向群机器人发送了测试消息")),
}


def register_actions(actions) -> None:
    """The ``register_log_actions`` hook: make the ``peixun.*`` actions known to Wagtail."""
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


def _key(ids) -> str:
    return "|" + "|".join(str(i) for i in ids) + "|" if ids else ""


def audit_record(*, action: str, actor, target, people=(), data: dict | None = None) -> ModelLogEntry:
    """Record one audited action and return its entry.

    ``actor``: the user who acted (None: the system, or the user of Wagtail's active log context);
    ``target``: the model instance acted on, or a model class (an import into that model);
    ``people``: the ``Staff`` rows (or their ids) concerned; ``data``: JSON-able facts (old → new values).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    people = list(people)
    staff = list({p.pk: p for p in people if isinstance(p, Staff)}.values())
    ids = sorted({p for p in people if p is not None and not isinstance(p, Staff)} - {s.pk for s in staff})
    for start in range(0, len(ids), ID_BATCH):  # batches: SQLite limits the variables of one query
        staff += Staff.objects.filter(pk__in=ids[start : start + ID_BATCH]).only("pk", "staff_no")
    staff.sort(key=lambda s: s.pk)
    facts = {
        **(data or {}),
        "people": [s.pk for s in staff],
        "staff_nos": [s.staff_no for s in staff],
        "people_key": _key(s.pk for s in staff),
    }
    if isinstance(target, type):
        target = ContentType.objects.get_for_model(target)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return wagtail_log(instance=target, action=action, user=actor, data=facts)


def audit_export(*, actor, people, what: str, target=None, data: dict | None = None) -> ModelLogEntry:
    """Record an export or download of personal data: ``what`` names it (``"transcript"``, ``"staff_list"``…),
    ``people`` are the persons in it (rows or ids), ``target`` the thing downloaded (default: the staff model)."""
    return audit_record(
        action=EXPORT, actor=actor, target=target or Staff, people=people, data={"what": what, **(data or {})}
    )


class AuditedExportMixin:
    """For a Wagtail listing or report with CSV/XLSX export of people: each export records who exported
    which people (``export_people``: the staff ids of the exported items; default ``item.staff_id``)."""

    audit_what = "list"

    def export_people(self, items) -> list[int]:
        return [item.staff_id for item in items]

    def as_spreadsheet(self, queryset, spreadsheet_format):
        """Audit, then export the same ``queryset`` (iterating it caches its rows; passing it on, not a
        list, keeps Wagtail's headings and display values, which read ``queryset.model``)."""
        audit_export(
            actor=self.request.user,
            people=self.export_people(queryset),
            what=self.audit_what,
            data={"format": spreadsheet_format, "query": self.request.GET.urlencode()},
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


def audit_import(*, actor, kind: str, data: bytes, file_name: str, counts: dict, model=None) -> ModelLogEntry:
    """Record an applied import: ``kind`` (e.g. ``"staff"``), the file's name and SHA-256, the counts of
    what it changed; the entry's object is the imported model (default: staff). The file's hash names the
    rows, so the people of a large file are not listed."""
    facts = {"kind": kind, "file": file_name, "sha256": hashlib.sha256(data).hexdigest(), "counts": counts}
    return audit_record(action=IMPORT, actor=actor, target=model or Staff, data=facts)


def people_of(staff_id: int) -> Q:
    """The condition "this entry concerns the person ``staff_id``"."""
    return Q(data__people_key__icontains=f"|{staff_id}|")


def audit_entries() -> QuerySet[ModelLogEntry]:
    """Return every audited entry, newest first, with its user loaded."""
    return ModelLogEntry.objects.filter(action__startswith=PREFIX).select_related("user", "content_type")


def audit_forget(*, staff: Staff, name: str, staff_no: str) -> int:
    """Replace an erased person's name and staff number in the log entries about them (Wagtail's and ours).

    An entry is about them if its object is their profile or account, its people include them, or its
    label names them as ``str(staff)``. The entries keep their action, time, actor and other facts.
    ``staff`` still holds the old values; return how many entries changed.
    """
    old_label = str(staff)
    new_label = f"{name}（{staff_no}）"
    about = (
        Q(content_type=ContentType.objects.get_for_model(Staff), object_id=str(staff.pk))
        | people_of(staff.pk)
        | Q(label__contains=old_label)
    )
    if staff.user_id:
        about |= Q(content_type=ContentType.objects.get_for_model(staff.user), object_id=str(staff.user_id))
    swaps = [(old_label, new_label), (staff.name, name)]
    entries = list(ModelLogEntry.objects.filter(about))
    for entry in entries:
        entry.label = _replaced(entry.label, swaps, staff.staff_no, staff_no)
        entry.data = _replaced(entry.data, swaps, staff.staff_no, staff_no)
    ModelLogEntry.objects.bulk_update(entries, ["label", "data"], batch_size=500)
    return len(entries)


def _replaced(value, swaps, old_no: str, new_no: str):
    """Return ``value`` (a label or JSON data) with each ``swaps`` text replaced inside strings, and
    strings equal to the old staff number replaced by the new one."""
    if isinstance(value, str):
        if value == old_no:
            return new_no
        for old, new in swaps:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replaced(v, swaps, old_no, new_no) for v in value]
    if isinstance(value, dict):
        return {k: _replaced(v, swaps, old_no, new_no) for k, v in value.items()}
    return value


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """``m2m_changed`` on ``User.groups``: record the old and new roles of each user whose groups changed.

    Only changes made by a user in the admin (user edit or group edit) are recorded: those run inside
    Wagtail's log context, which names the actor. Accounts an import creates get the staff role without an
    entry of their own (the import has one). The roles are read before and after the change.
    """
    actor = get_active_log_context().user
    if actor is None:
        return
    if action in ("pre_add", "pre_remove", "pre_clear"):
        if not reverse:
            users = [instance]
        elif action == "pre_clear":
            users = list(instance.user_set.all())
        else:
            users = list(get_user_model().objects.filter(pk__in=pk_set))
        instance._peixun_roles_before = [(user, _group_names(user)) for user in users]
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    for user, old in instance.__dict__.pop("_peixun_roles_before", []):
        new = _group_names(user)
        if new != old:
            staff = Staff.objects.filter(user=user).only("pk", "staff_no")
            audit_record(action=ROLE_CHANGE, actor=actor, target=user, people=staff, data={"old": old, "new": new})


def _group_names(user) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))
