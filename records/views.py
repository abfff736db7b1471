"""Downloads (permission-checked, never from a public URL), the public verification page, bulk export."""

import hashlib

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from lms.queue import BROKER_DOWN
from people import roles
from people.audit import audit_export
from people.models import Staff
from people.selectors import halls_visible_to, staff_visible_to

from .badges import badge_sign
from .certificates import (
    VALIDITY_LABELS,
    certificate_of_document,
    certificate_spec,
    certificate_validity,
    certificates_downloadable_by,
)
from .documents import appraisal_spec, hall_report_spec, session_record_spec, transcript_specs
from .exports import export_job_queue
from .forms import ExportForm, HallReportForm, PeriodForm, VerifyUploadForm
from .models import DocumentKind, ExportChunk, ExportJob, JobStatus, VerifiedDocument
from .selectors import appraisals_visible_to, document_by_code, sessions_recordable_by
from .services import document_render
from .verify import code_normalise


def _pdf_response(doc: VerifiedDocument, filename: str) -> FileResponse:
    response = FileResponse(doc.file_path.open("rb"), as_attachment=True, filename=filename)
    response["Content-Type"] = "application/pdf"
    response["Cache-Control"] = "private, no-store"
    return response


def _audit(request, doc: VerifiedDocument, people) -> None:
    audit_export(actor=request.user, people=people, what=doc.kind, target=doc, data={"code": doc.code})


def _bad_period(form) -> HttpResponseBadRequest:
    messages = [f"{field}: {msg}" if field != "__all__" else msg for field, errs in form.errors.items() for msg in errs]
    return HttpResponseBadRequest("\n".join(messages), content_type="text/plain; charset=utf-8")


@login_required
def transcript_download(request, staff_no):
    staff = get_object_or_404(staff_visible_to(request.user), staff_no=staff_no)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return _bad_period(form)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    doc = document_render(transcript_specs([staff], start=start, end=end)[0])
    _audit(request, doc, [staff])
    return _pdf_response(doc, f"{staff.staff_no}_{start:%Y%m%d}-{end:%Y%m%d}.pdf")


def _hall_report_page(request, form: HallReportForm, *, status: int = 200):
    """The chooser page: the form, and once it is valid the download link of the chosen period."""
    context = {"form": form, "fixed_hall": next(iter(form.halls.values())) if len(form.halls) == 1 else None}
    if form.is_bound and form.is_valid():
        hall, start, end = (form.cleaned_data[f] for f in ("hall", "start", "end"))
        url = reverse("records:hall_report", args=[hall]) + "?" + urlencode(form.period_query())
        context |= {"hall": form.halls[hall], "start": start, "end": end, "download_url": url}
    return render(request, "records/hall_report_choose.html", context, status=status)


@login_required
def hall_report_choose(request):
    """营业厅培训报告: pick one of one's halls and a period (year, quarter, month or dates), then download.
    A hall the user may not see answers 404, as the download does."""
    halls = list(halls_visible_to(request.user).select_related("branch").order_by("code"))
    code = request.GET.get("hall")
    if not halls or (code is not None and code not in {h.code for h in halls}):
        raise Http404
    initial = {"year": timezone.localdate().year, "hall": halls[0].code}
    form = HallReportForm(request.GET if code else None, halls=halls, initial=initial)
    return _hall_report_page(request, form)


@login_required
def hall_report_download(request, code):
    hall = get_object_or_404(halls_visible_to(request.user).select_related("branch"), code=code)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        data = request.GET.copy()
        data["hall"] = hall.code
        return _hall_report_page(request, HallReportForm(data, halls=[hall]), status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    spec = hall_report_spec(hall, start=start, end=end)
    doc = document_render(spec)
    _audit(request, doc, Staff.objects.filter(staff_no__in=[r["staff_no"] for r in spec.data["people"]]))
    return _pdf_response(doc, f"hall_{hall.code}_{start:%Y%m%d}-{end:%Y%m%d}.pdf")


@login_required
def appraisal_download(request, pk):
    appraisal = get_object_or_404(appraisals_visible_to(request.user), pk=pk)
    doc = document_render(appraisal_spec(appraisal))
    _audit(request, doc, [appraisal.staff])
    return _pdf_response(doc, f"appraisal_{appraisal.staff.staff_no}_v{appraisal.version}.pdf")


@login_required
def session_record_download(request, pk):
    session = get_object_or_404(sessions_recordable_by(request.user), pk=pk)
    spec = session_record_spec(session)
    doc = document_render(spec)
    _audit(request, doc, Staff.objects.filter(staff_no__in=[r["staff_no"] for r in spec.data["attendees"]]))
    return _pdf_response(doc, f"session_{session.pk}_{timezone.localtime(session.starts_at):%Y%m%d}.pdf")


@login_required
def certificate_pdf(request, number):
    """The 上岗证 PDF of a certificate of someone the user may see (not revoked; others 404)."""
    certificate = get_object_or_404(certificates_downloadable_by(request.user), number=number)
    doc = document_render(certificate_spec(certificate))
    return _pdf_response(doc, f"{certificate.number}.pdf")


@login_required
def certificate_badge(request, number):
    """The certificate as a signed Open Badges 3.0 credential (VC-JWT), same scope as the PDF."""
    certificate = get_object_or_404(certificates_downloadable_by(request.user), number=number)
    response = HttpResponse(badge_sign(certificate), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.jwt"'
    response["Cache-Control"] = "private, no-store"
    return response


def _certificate_state(doc: VerifiedDocument) -> dict | None:
    """The certificate behind a 上岗证 PDF and its validity today (computed now, not when printed)."""
    if doc.kind != DocumentKind.CERTIFICATE:
        return None
    certificate = certificate_of_document(doc.summary)
    if certificate is None:
        return None
    state = certificate_validity(certificate, day=timezone.localdate())
    replaced = [c.number for c in certificate.replaced_by.all()]
    return {"certificate": certificate, "state": state, "label": VALIDITY_LABELS[state], "replaced_by": replaced}


@require_http_methods(["GET", "POST"])
def verify(request, code):
    doc = document_by_code(code_normalise(code))
    if doc is None:
        raise Http404
    result = None
    form = VerifyUploadForm()
    if request.method == "POST":
        form = VerifyUploadForm(request.POST, request.FILES)
        if form.is_valid():
            digest = hashlib.sha256()
            for block in form.cleaned_data["file"].chunks():
                digest.update(block)
            result = digest.hexdigest() == doc.sha256
    context = {"doc": doc, "form": form, "result": result, "certificate": _certificate_state(doc)}
    return render(request, "records/verify.html", context)


def _require_hr(user):
    if not roles.has_role(user, roles.HR):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request):
    _require_hr(request.user)
    form = ExportForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = export_job_queue(created_by=request.user, hall=data["hall"], branch=data["branch"], year=data["year"])
        if job is not None:
            return redirect("records:export_detail", job.pk)
        form.add_error(None, BROKER_DOWN)
        request.broker_down_shown = True
        status = 503
    jobs = ExportJob.objects.filter(created_by=request.user).select_related("hall", "branch")[:20]
    return render(request, "records/export_list.html", {"form": form, "jobs": jobs}, status=status)


@login_required
def export_detail(request, pk):
    _require_hr(request.user)
    job = get_object_or_404(ExportJob.objects.select_related("hall", "branch"), pk=pk, created_by=request.user)
    return render(request, "records/export_detail.html", {"job": job})


@login_required
def export_download(request, pk):
    _require_hr(request.user)
    job = get_object_or_404(ExportJob.objects.select_related("hall", "branch"), pk=pk, created_by=request.user)
    if job.status != JobStatus.DONE or not job.zip_path.is_file():
        raise Http404
    people = [pk for ids in ExportChunk.objects.filter(job=job).values_list("staff_ids", flat=True) for pk in ids]
    audit_export(actor=request.user, people=people, what="bulk_export", target=job, data={"year": job.year})
    return FileResponse(job.zip_path.open("rb"), as_attachment=True, filename=job.download_name)
