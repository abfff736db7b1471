"""Verification: the code printed in a PDF leads to its summary and hash; an edited copy is told apart."""

import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from records.documents import transcript_specs
from records.services import document_render
from records.verify import ALPHABET, CODE_LENGTH, code_new, sha256_of

from .helpers import needs_poppler, pdf_text
from .test_transcripts import Y2026


def _doc(org):
    return document_render(transcript_specs([org["staff_a1"]], **Y2026)[0])


def test_codes_are_long_random_and_unambiguous():
    codes = {code_new() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(c) == CODE_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    assert not set("01OIL") & set(ALPHABET)


def test_stored_hash_is_of_the_final_pdf_bytes(org):
    doc = _doc(org)
    data = doc.file_path.read_bytes()
    assert doc.sha256 == sha256_of(data) and doc.size == len(data)


@needs_poppler
def test_pdf_prints_its_code_and_verify_url(org, settings):
    doc = _doc(org)
    text = pdf_text(doc.file_path.read_bytes()).replace("\n", "")
    assert doc.code in text
    assert f"/verify/{doc.code}/" in text


def test_verify_page_is_public_and_shows_minimal_summary_and_hash(client, org):
    doc = _doc(org)
    response = client.get(reverse("records:verify", args=[doc.code]))
    assert response.status_code == 200
    body = response.content.decode()
    assert doc.sha256 in body and org["staff_a1"].name in body
    assert org["staff_a1"].hall.name not in body  # minimal: no more than name, period, kind, time, hash


def test_verify_accepts_lowercase_and_spaced_code(client, org):
    doc = _doc(org)
    code = doc.code.lower()
    assert client.get(reverse("records:verify", args=[f"{code[:4]}-{code[4:]}"])).status_code == 200


def test_unknown_code_is_404(client, db):
    assert client.get(reverse("records:verify", args=["ZZZZZZZZZZZZ"])).status_code == 404


def test_uploaded_genuine_copy_is_confirmed_and_edited_copy_is_rejected(client, org):
    doc = _doc(org)
    genuine = doc.file_path.read_bytes()
    with pikepdf.open(io.BytesIO(genuine)) as pdf:
        pdf.docinfo["/Title"] = "篡改"
        out = io.BytesIO()
        pdf.save(out)
    edited = out.getvalue()
    url = reverse("records:verify", args=[doc.code])

    ok = client.post(url, {"file": SimpleUploadedFile("a.pdf", genuine, "application/pdf")})
    assert "这是真实文档" in ok.content.decode()
    bad = client.post(url, {"file": SimpleUploadedFile("a.pdf", edited, "application/pdf")})
    assert "已被修改" in bad.content.decode() and "这是真实文档" not in bad.content.decode()


def test_verify_upload_without_file_shows_form_error(client, org):
    doc = _doc(org)
    response = client.post(reverse("records:verify", args=[doc.code]), {})
    assert response.status_code == 200
    assert "这是真实文档" not in response.content.decode() and "已被修改" not in response.content.decode()
