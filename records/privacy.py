"""What records holds about one person (PIPL): their appraisals and PDFs for the download, and erasing.

Erasing deletes from disk every stored PDF that names the person: their own documents (transcripts,
appraisals), the hall reports of the halls they worked in, the sign-in records of the sessions they
attended, and the bulk export ZIPs that included them. The rows stay (the verification code still
checks a paper copy's hash); the person's own documents show "已注销人员" instead of the name. A deleted
hall report or session record is rendered again, without the name, when next downloaded. Files are
deleted after the erasure commits.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from lms.personal_data import Section
from people.models import StaffChange
from trainings.models import Attendance

from .models import Appraisal, AppraisalItem, DocumentKind, ExportChunk, VerifiedDocument


def personal_data(staff) -> list[Section]:
    """The ``PERSONAL_DATA`` hook of records: appraisals with their items, and the person's PDFs."""
    appraisals = list(
        Appraisal.objects.filter(staff=staff)
        .order_by("period_start", "version")
        .values(
            "id",
            "version",
            "period_start",
            "period_end",
            "sessions_planned",
            "sessions_attended",
            "attendance_note",
            "text",
            "rating",
            "status",
            "signed_at",
            "created_at",
        )
    )
    items = AppraisalItem.objects.filter(appraisal__staff=staff).order_by("sort_order", "pk")
    by_appraisal = {}
    for row in items.values("appraisal_id", "item", "category", "done"):
        by_appraisal.setdefault(row.pop("appraisal_id"), []).append(row)
    for appraisal in appraisals:
        appraisal["items"] = by_appraisal.get(appraisal["id"], [])
    docs = list(VerifiedDocument.objects.filter(staff=staff).exclude(path="").order_by("created_at"))
    rows = [
        {"code": d.code, "kind": d.kind, "title": d.title, "version": d.version, "sha256": d.sha256}
        | {"created_at": d.created_at, "file": f"{d.kind}_{d.code}.pdf"}
        for d in docs
    ]
    files = [(f"{d.kind}_{d.code}.pdf", d.file_path) for d in docs]
    return [Section("appraisals", appraisals), Section("documents", rows, files)]


def personal_data_erase(staff) -> None:
    """The ``PERSONAL_ERASE`` hook of records (see the module docstring)."""
    anonymous = _("已注销人员")
    own = list(VerifiedDocument.objects.filter(staff=staff))
    for doc in own:
        doc.title = doc.title.replace(staff.name, anonymous)
        doc.summary = {k: v for k, v in doc.summary.items() if k != "staff_no"} | {"name": anonymous}
    VerifiedDocument.objects.bulk_update(own, ["title", "summary"])
    halls = set(StaffChange.objects.filter(staff=staff).values_list("hall_id", flat=True)) | {staff.hall_id}
    sessions = Attendance.objects.filter(staff=staff).values_list("session_id", flat=True)
    naming = VerifiedDocument.objects.filter(kind=DocumentKind.HALL_REPORT, hall_id__in=halls) | (
        VerifiedDocument.objects.filter(
            kind=DocumentKind.SESSION_RECORD, subject_key__in=[f"session_record:{pk}" for pk in sessions]
        )
    )
    paths = [d.file_path for d in own if d.path] + [d.file_path for d in naming.exclude(path="")]
    paths += [c.job.zip_path for c in ExportChunk.objects.select_related("job") if staff.pk in c.staff_ids]
    transaction.on_commit(lambda: _unlink(paths))


def _unlink(paths) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
