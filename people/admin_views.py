"""Staff and leave imports in the Wagtail admin: upload, preview of what will change, confirm.

Wagtail only checks "can access admin" for plugin views, so each view checks its permission
(``people.add_staff``, ``people.add_leave``).
The uploaded file waits under ``var/imports`` between preview and confirm and is validated again
on confirm, so the preview can never apply something other than what was shown; a file never
confirmed is deleted after a day (``people.tasks.import_previews_sweep``).
"""

import uuid
from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem

from lms.importsheets import XLSX_TYPE, template_xlsx
from lms.uploads import UploadRefused, pending_dir, upload_read

from .audit import audit_import
from .imports import HEADER, OPTIONAL, STAFF_COLUMNS, ImportFileError, read_table, validate_rows
from .leaves import LEAVE_COLUMNS, LEAVE_HEADER
from .models import Leave
from .services import leave_import_apply, leave_import_plan, staff_import_apply, staff_import_plan

SESSION_KEY = "people_import_token"
LEAVE_SESSION_KEY = "people_leave_import_token"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 或 XLSX 文件"),
        help_text=format_lazy("{}{}{}{}", _("表头："), ",".join(HEADER), _("；可选列："), ",".join(OPTIONAL)),
    )


class LeaveUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 或 XLSX 文件"),
        help_text=format_lazy(
            "{}{}{}",
            _("表头："),
            ",".join(LEAVE_HEADER),
            _("（可选列 note）；假别：病假、事假、婚假、丧假、产假、探亲假。"),
        ),
    )


def _stash(request, key: str, data: bytes, name: str) -> str:
    """Keep an uploaded file between preview and confirm; return its token (also kept in the session)."""
    token = uuid.uuid4().hex
    (pending_dir() / f"{token}{Path(name).suffix.lower() or '.csv'}").write_bytes(data)
    request.session[key] = token
    return token


def _stashed(request, key: str) -> Path | None:
    """The file kept for this session's confirm, if the posted token is the session's."""
    token = request.session.get(key)
    matches = list(pending_dir().glob(f"{token}.*")) if token and token == request.POST.get("token") else []
    return matches[0] if matches else None


def _audit(request, kind: str, path: Path, counts: dict, model=None) -> None:
    audit_import(actor=request.user, kind=kind, data=path.read_bytes(), file_name=path.name, counts=counts, model=model)


def _check(request, permission="people.add_staff"):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _validate(data: bytes, name: str):
    """The valid rows, every error, and how the file was read (None when it could not be)."""
    try:
        table = read_table(data, name, HEADER, columns=STAFF_COLUMNS)
    except ImportFileError as exc:
        return [], [str(exc)], None
    return *validate_rows(table, today=timezone.localdate()), table.source


def _upload(form) -> tuple[bytes, str, list]:
    """The uploaded file's bytes and name, or the reason it is refused unread (too big)."""
    upload = form.cleaned_data["file"]
    try:
        return upload_read(upload), upload.name, []
    except UploadRefused as exc:
        return b"", upload.name, [str(exc)]


def import_staff(request):
    _check(request)
    context = {"header": HEADER}
    if request.method == "POST" and "confirm" in request.POST:
        path = _stashed(request, SESSION_KEY)
        if path is None:
            context.update(form=UploadForm(), errors=[_("导入已过期，请重新上传文件。")])
            return render(request, "people/admin/import.html", context)
        rows, errors, _source = _validate(path.read_bytes(), path.name)
        if errors:
            context.update(form=UploadForm(), errors=errors)
            return render(request, "people/admin/import.html", context)
        plan = staff_import_apply(rows=rows)
        if plan.errors:
            context.update(form=UploadForm(), errors=plan.errors)
            return render(request, "people/admin/import.html", context)
        _audit(request, "staff", path, {"created": len(plan.create), "updated": len(plan.update)})
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request, _("导入完成：新增 %(c)d 人，更新 %(u)d 人。") % {"c": len(plan.create), "u": len(plan.update)}
        )
        return redirect("people_admin:import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, name, errors = _upload(form)
        rows, errors, source = _validate(data, name) if not errors else ([], errors, None)
        plan = staff_import_plan(rows=rows) if not errors else None
        errors = errors or plan.errors
        context["source"] = source
        if errors:
            context.update(form=form, errors=errors)
            return render(request, "people/admin/import.html", context)
        token = _stash(request, SESSION_KEY, data, name)
        context.update(form=form, plan=plan, token=token, rows=len(rows))
        return render(request, "people/admin/import.html", context)
    context["form"] = form
    return render(request, "people/admin/import.html", context)


def _leave_plan(data: bytes, name: str, *, apply=False):
    """The plan (or None), every error, and how the file was read (None when it could not be)."""
    try:
        table = read_table(data, name, LEAVE_HEADER, columns=LEAVE_COLUMNS)
    except ImportFileError as exc:
        return None, [str(exc)], None
    plan = (leave_import_apply if apply else leave_import_plan)(table=table)
    return plan, plan.errors, table.source


def import_leave(request):
    _check(request, "people.add_leave")
    template = "people/admin/import_leave.html"
    if request.method == "POST" and "confirm" in request.POST:
        path = _stashed(request, LEAVE_SESSION_KEY)
        if path is None:
            return render(request, template, {"form": LeaveUploadForm(), "errors": [_("导入已过期，请重新上传文件。")]})
        plan, errors, _source = _leave_plan(path.read_bytes(), path.name, apply=True)
        if errors:
            return render(request, template, {"form": LeaveUploadForm(), "errors": errors})
        _audit(request, "leave", path, {"created": len(plan.create), "updated": len(plan.update)}, model=Leave)
        path.unlink(missing_ok=True)
        request.session.pop(LEAVE_SESSION_KEY, None)
        messages.success(
            request, _("导入完成：新增休假 %(c)d 条，更新 %(u)d 条。") % {"c": len(plan.create), "u": len(plan.update)}
        )
        return redirect("people_admin:import_leave")
    form = LeaveUploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        data, name, errors = _upload(form)
        plan, errors, context["source"] = _leave_plan(data, name) if not errors else (None, errors, None)
        if errors:
            context["errors"] = errors
        else:
            context.update(plan=plan, token=_stash(request, LEAVE_SESSION_KEY, data, name))
    return render(request, template, context)


TEMPLATES = {
    "staff": (STAFF_COLUMNS, "people.add_staff", "staff-template.xlsx"),
    "leave": (LEAVE_COLUMNS, "people.add_leave", "leave-template.xlsx"),
}


def import_template(request, kind):
    """The XLSX template of an import (header in the user's language, example row, allowed values)."""
    if kind not in TEMPLATES:
        raise Http404
    columns, permission, filename = TEMPLATES[kind]
    _check(request, permission)
    response = HttpResponse(template_xlsx(columns), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
