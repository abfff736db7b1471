"""Writes of records: render-or-reuse a verifiable document, sign and revise appraisals."""

import functools
import hashlib
import itertools
import json
import os
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from people import audit, roles
from people.selectors import staff_of_user

from .documents import DocumentSpec
from .models import Appraisal, AppraisalItem, AppraisalStatus, VerifiedDocument
from .pdf import STYLESHEET, JsonAttachment, pdf_render
from .verify import code_new, qr_svg, sha256_of

BASE_TEMPLATE = "records/pdf_base.html"


@functools.cache
def _template_fingerprint(name: str) -> str:
    """Hash of the document template, the base layout and its stylesheet: a layout change invalidates cached PDFs."""
    sources = [get_template(n).template.source for n in (BASE_TEMPLATE, name)] + [STYLESHEET.read_text()]
    return hashlib.sha256("\0".join(sources).encode()).hexdigest()


def content_hash(spec: DocumentSpec) -> str:
    payload = {"template": _template_fingerprint(spec.template), "data": spec.data}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def verify_url(code: str) -> str:
    return settings.PEIXUN_BASE_URL.rstrip("/") + reverse("records:verify", args=[code])


def _write_atomically(path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def document_html(spec: DocumentSpec, *, code: str, generated_at) -> str:
    """Return the HTML of ``spec`` with its verification code, QR code and generation time filled in."""
    url = verify_url(code)
    doc_meta = {
        "title": spec.title,
        "author": settings.RECORDS_ORG_NAME,
        "org_name": settings.RECORDS_ORG_NAME,
        "description": spec.title,
        "keywords": spec.kind,
        "code": code,
        "verify_url": url,
        "qr_svg": qr_svg(url),
        "generated_at": generated_at,
    }
    return render_to_string(spec.template, {**spec.data, **spec.extra_context, "doc": doc_meta})


def _render_new(spec: DocumentSpec, digest: str) -> VerifiedDocument:
    """Render ``spec`` to a file and return its unsaved row (code printed inside, hash of final bytes)."""
    code = code_new()
    generated_at = timezone.localtime()
    pdf = pdf_render(
        html=document_html(spec, code=code, generated_at=generated_at),
        attachments=(JsonAttachment(name="record.json", data=spec.data),),
    )
    relative = f"{spec.kind}/{generated_at:%Y%m}/{code}.pdf"
    _write_atomically(settings.RECORDS_DIR / relative, pdf)
    return VerifiedDocument(
        code=code,
        kind=spec.kind,
        title=spec.title,
        subject_key=spec.subject_key,
        staff_id=spec.staff_id,
        hall_id=spec.hall_id,
        content_hash=digest,
        sha256=sha256_of(pdf),
        size=len(pdf),
        summary=spec.summary,
        path=relative,
        created_at=generated_at,
    )


def _save_new(rows: list[VerifiedDocument]) -> None:
    """Number each new row after its subject's latest version and insert them all in one statement."""
    latest = dict(
        VerifiedDocument.objects.filter(subject_key__in={r.subject_key for r in rows})
        .values_list("subject_key")
        .annotate(v=Max("version"))
    )
    for row in rows:
        latest[row.subject_key] = row.version = latest.get(row.subject_key, 0) + 1
    VerifiedDocument.objects.bulk_create(rows)


def documents_render(specs: list[DocumentSpec]) -> list[VerifiedDocument]:
    """Return the stored document of each spec, rendering only those whose content changed.

    Three queries however many specs: cached rows, latest versions, one insert. If a concurrent render
    took a version number first, the insert is retried with fresh numbers.
    """
    digests = [content_hash(spec) for spec in specs]
    cached = {}
    for doc in VerifiedDocument.objects.filter(
        subject_key__in={s.subject_key for s in specs}, content_hash__in=set(digests)
    ).exclude(sha256=""):
        cached.setdefault((doc.subject_key, doc.content_hash), []).append(doc)
    found, new = [], []
    for spec, digest in zip(specs, digests, strict=True):
        usable = [d for d in cached.get((spec.subject_key, digest), []) if d.file_path.is_file()]
        doc = usable[0] if usable else _render_new(spec, digest)
        if not usable:
            new.append(doc)
            cached[(spec.subject_key, digest)] = [doc]
        found.append(doc)
    if not new:
        return found
    for attempt in itertools.count():
        try:
            with transaction.atomic():
                _save_new(new)
            return found
        except IntegrityError:
            if attempt >= 2:
                raise


def document_render(spec: DocumentSpec) -> VerifiedDocument:
    """Return the stored document for ``spec`` (see ``documents_render``)."""
    return documents_render([spec])[0]


def appraisal_can_sign(*, user, appraisal: Appraisal) -> bool:
    """Only the hall manager of the trainee's own hall signs (HR does not sign on their behalf)."""
    me = staff_of_user(user)
    return bool(me and roles.has_role(user, roles.HALL_MANAGER) and me.hall_id == appraisal.staff.hall_id)


def appraisal_can_edit(*, user, appraisal: Appraisal) -> bool:
    """A draft is edited by those with the change permission (trainers); a signed one by nobody."""
    return not appraisal.is_signed and user.has_perm("records.change_appraisal")


@transaction.atomic
def appraisal_sign(*, appraisal_id: int, user) -> Appraisal:
    appraisal = Appraisal.objects.select_for_update().select_related("staff").get(pk=appraisal_id)
    if not appraisal_can_sign(user=user, appraisal=appraisal):
        raise PermissionDenied(_("只有学员所在营业厅的经理可以签署。"))
    if appraisal.is_signed:
        raise ValidationError(_("该评定已签署，不能再次签署。"))
    appraisal.status = AppraisalStatus.SIGNED
    appraisal.signed_by = user
    appraisal.signed_at = timezone.now()
    appraisal.save(update_fields=["status", "signed_by", "signed_at"])
    audit.audit_record(
        action=audit.APPRAISAL_SIGN,
        actor=user,
        target=appraisal,
        people=[appraisal.staff],
        data={
            "version": appraisal.version,
            "rating": appraisal.rating,
            "old": AppraisalStatus.DRAFT,
            "new": appraisal.status,
        },
    )
    return appraisal


@transaction.atomic
def appraisal_revise(*, appraisal_id: int, actor=None) -> Appraisal:
    """Return a new draft version copied from a signed appraisal (the signed one stays as it was)."""
    old = Appraisal.objects.select_for_update().get(pk=appraisal_id)
    if not old.is_signed:
        raise ValidationError(_("草稿可以直接修改，无需新建版本。"))
    latest = Appraisal.objects.filter(series=old.series).aggregate(v=Max("version"))["v"]
    items = list(old.items.all())
    new = Appraisal.objects.get(pk=old.pk)
    new.pk = None
    new.version = latest + 1
    new.status = AppraisalStatus.DRAFT
    new.signed_by = None
    new.signed_at = None
    new.save()
    AppraisalItem.objects.bulk_create(
        AppraisalItem(appraisal=new, sort_order=i.sort_order, item=i.item, category=i.category, done=i.done)
        for i in items
    )
    audit.audit_record(
        action=audit.APPRAISAL_REVISE,
        actor=actor,
        target=new,
        people=[new.staff_id],
        data={"old": {"id": old.pk, "version": old.version}, "new": {"id": new.pk, "version": new.version}},
    )
    return new
