"""Staff import in the Wagtail admin: upload, preview of what will change, confirm.

Wagtail only checks "can access admin" for plugin views, so each view checks ``people.add_staff``.
The uploaded file waits under ``var/imports`` between preview and confirm and is validated again
on confirm, so the preview can never apply something other than what was shown.
"""

import uuid
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .imports import HEADER, OPTIONAL, ImportFileError, check_size, read_table, validate_rows
from .services import staff_import_apply, staff_import_plan

SESSION_KEY = "people_import_token"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV 或 XLSX 文件"),
        help_text=format_lazy("{}{}{}{}", _("表头："), ",".join(HEADER), _("；可选列："), ",".join(OPTIONAL)),
    )


def _pending_dir() -> Path:
    path = Path(settings.VAR_DIR) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check(request):
    if not request.user.has_perm("people.add_staff"):
        raise PermissionDenied


def _validate(data: bytes, name: str):
    try:
        check_size(len(data))
        return validate_rows(read_table(data, name, HEADER), today=timezone.localdate())
    except ImportFileError as exc:
        return [], [str(exc)]


def import_staff(request):
    _check(request)
    context = {"header": HEADER}
    if request.method == "POST" and "confirm" in request.POST:
        token = request.session.get(SESSION_KEY)
        matches = list(_pending_dir().glob(f"{token}.*")) if token and token == request.POST.get("token") else []
        if not matches:
            context.update(form=UploadForm(), errors=[_("导入已过期，请重新上传文件。")])
            return render(request, "people/admin/import.html", context)
        path = matches[0]
        rows, errors = _validate(path.read_bytes(), path.name)
        if errors:
            context.update(form=UploadForm(), errors=errors)
            return render(request, "people/admin/import.html", context)
        plan = staff_import_apply(rows=rows)
        path.unlink(missing_ok=True)
        request.session.pop(SESSION_KEY, None)
        messages.success(
            request, _("导入完成：新增 %(c)d 人，更新 %(u)d 人。") % {"c": len(plan.create), "u": len(plan.update)}
        )
        return redirect("people_import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        rows, errors = _validate(data, upload.name)
        if errors:
            context.update(form=form, errors=errors)
            return render(request, "people/admin/import.html", context)
        token = uuid.uuid4().hex
        (_pending_dir() / f"{token}{Path(upload.name).suffix.lower() or '.csv'}").write_bytes(data)
        request.session[SESSION_KEY] = token
        context.update(form=form, plan=staff_import_plan(rows=rows), token=token, rows=len(rows))
        return render(request, "people/admin/import.html", context)
    context["form"] = form
    return render(request, "people/admin/import.html", context)
