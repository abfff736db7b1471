"""The WeasyPrint entry point: fonts embedded and subset, text extractable, PDF/A with JSON, fetcher."""

import base64
import http.server
import io
import json
import logging
import threading

import pikepdf
import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from records.pdf import PDF_ORIGIN, FetchDenied, JsonAttachment, SafeURLFetcher, pdf_render

from .helpers import needs_poppler, pdf_fonts, pdf_text

PAGE = """<!DOCTYPE html><html lang="zh-Hans"><head><meta charset="utf-8"><title>测试文档</title>
<style>html {{ font-family: "WenQuanYi Micro Hei"; }}</style></head><body><p>张三丰 培训成绩 95.5 分</p>{extra}</body></html>"""


@needs_poppler
def test_rendered_pdf_embeds_subset_cjk_font_and_text_reads_back():
    pdf = pdf_render(html=PAGE.format(extra=""))
    assert "张三丰 培训成绩 95.5 分" in pdf_text(pdf)
    fonts = pdf_fonts(pdf)
    assert fonts and all(" yes yes " in row for row in fonts)
    assert any("WenQuanYi" in row for row in fonts)


def test_rendered_pdf_is_pdfa3b_with_record_json_attached():
    pdf = pdf_render(
        html=PAGE.format(extra=""), attachments=(JsonAttachment(name="record.json", data={"姓名": "张三丰"}),)
    )
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        assert meta.pdfa_status == "3B"
        files = doc.attachments
        assert list(files) == ["record.json"]
        assert json.loads(files["record.json"].get_file().read_bytes()) == {"姓名": "张三丰"}
        assert str(doc.Root.AF[0].AFRelationship) == "/Data"
        assert doc.docinfo["/Title"] == "测试文档"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/x.png",
        "https://example.com/x.png",
        "file:///etc/passwd",
        "ftp://example.com/x.png",
        "data:image/png;base64,iVBORw0KGgo=",
        PDF_ORIGIN + "/static/../../../../etc/passwd",
        PDF_ORIGIN + "/media/../../etc/passwd",
        PDF_ORIGIN + "/media/documents/secret.pdf",
        PDF_ORIGIN + "/elsewhere/x.png",
        "https://pdf.peixun.invalid.evil.example/static/css/peixun.css",
    ],
)
def test_fetcher_denies_everything_but_static_and_allowed_media(url):
    with pytest.raises(FetchDenied):
        SafeURLFetcher().fetch(url)


def test_fetcher_reads_project_static_files_from_disk():
    response = SafeURLFetcher().fetch(PDF_ORIGIN + "/static/css/peixun.css")
    assert response.read().startswith(b"")
    assert response.url.startswith("file:///") and response.url.endswith("css/peixun.css")


def test_fetcher_reads_allowed_media_but_not_other_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "logo.svg").write_text("<svg/>")
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "x.svg").write_text("<svg/>")
    assert SafeURLFetcher().fetch(PDF_ORIGIN + "/media/original_images/logo.svg").read() == b"<svg/>"
    assert SafeURLFetcher().fetch((tmp_path / "original_images" / "logo.svg").as_uri()).read() == b"<svg/>"
    with pytest.raises(FetchDenied):
        SafeURLFetcher().fetch(PDF_ORIGIN + "/media/private/x.svg")
    with pytest.raises(FetchDenied):
        SafeURLFetcher().fetch((tmp_path / "private" / "x.svg").as_uri())


def test_fetcher_refuses_symlink_escaping_allowed_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "passwd.svg").symlink_to("/etc/passwd")
    with pytest.raises(FetchDenied):
        SafeURLFetcher().fetch(PDF_ORIGIN + "/media/images/passwd.svg")


@needs_poppler
@pytest.mark.parametrize(
    "markup",
    [
        '<img src="http://127.0.0.1:9/track.png">',
        '<img src="https://example.com/x.png">',
        '<img src="file:///etc/passwd">',
        '<img src="data:image/svg+xml;utf8,&lt;svg xmlns=&quot;http://www.w3.org/2000/svg&quot;&gt;&lt;text&gt;DATAURL&lt;/text&gt;&lt;/svg&gt;">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        '<link rel="stylesheet" href="http://127.0.0.1:9/redirect-to-file">',
        '<iframe src="file:///etc/passwd"></iframe>',
        '<object data="file:///etc/passwd"></object>',
        '<a rel="attachment" href="file:///etc/passwd">x</a>',
    ],
)
def test_denied_resources_in_content_are_left_out_of_the_pdf(markup, caplog):
    caplog.set_level(logging.ERROR, logger="weasyprint")
    pdf = pdf_render(html=PAGE.format(extra=markup))
    text = pdf_text(pdf)
    assert "root:" not in text and "DATAURL" not in text
    assert "张三丰" in text
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert list(doc.attachments) == []
        assert len(doc.pages[0].get_images()) == 0


PNG_1PX = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005fe02fea7d9a8"
        "c00000000049454e44ae426082"
    )
).decode()


def test_data_url_images_are_denied_too():
    """data: URLs are refused: our own graphics are inline <svg>, so only user content could carry one."""
    pdf = pdf_render(html=PAGE.format(extra=f'<img src="data:image/png;base64,{PNG_1PX}" width="50">'))
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages[0].get_images()) == 0
    assert len(pdf_render(html=PAGE.format(extra=f'<img src="{PDF_ORIGIN}/static/none.png">'))) > 0


def test_no_http_request_is_made_even_to_a_redirecting_server():
    hits = []

    class Redirector(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}"
        markup = f'<img src="{url}/a.png"><link rel="stylesheet" href="{url}/s.css">'
        text = pdf_text(pdf_render(html=PAGE.format(extra=markup)))
    finally:
        server.shutdown()
        server.server_close()
    assert hits == []
    assert "root:" not in text


def test_base_layout_template_has_page_x_of_y_footer():
    html = render_to_string("records/pdf_base.html", {"doc": {"code": "ABC", "title": "t"}})
    assert "counter(page)" in html and "counter(pages)" in html


def test_css_string_escapes_quotes_backslashes_and_style_end():
    from records.templatetags.records_pdf import css_string

    out = css_string('张三"}</style><script>\\ 2026-01-01')
    assert '"' not in out and "<" not in out and "\\\\" not in out and "张三" in out
    assert out.count("\\2d ") == 2


@needs_poppler
def test_page_header_shows_title_with_hyphens_and_quotes_verbatim(settings):
    from records.documents import DocumentSpec
    from records.services import document_html

    spec = DocumentSpec(
        kind="transcript",
        subject_key="x",
        title='档案 "甲" 2026-01-01',
        template="records/pdf_base.html",
        data={},
        summary={},
    )
    html = document_html(spec, code="ABCDEFGHJKMN", generated_at=timezone.now())
    text = pdf_text(pdf_render(html=html))
    assert '档案 "甲" 2026-01-01' in text


def _objects(pdf: bytes) -> list[bytes]:
    """Every object of ``pdf`` in PDF syntax, streams decoded (and without their encoded length), but for
    the file's structure (cross-reference and object streams: offsets, lengths and file ID)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        found = []
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream) and obj.stream_dict.get("/Type") in ("/XRef", "/ObjStm"):
                continue
            if isinstance(obj, pikepdf.Stream):
                meta = {k: v for k, v in obj.stream_dict.items() if k != "/Length"}
                found.append(pikepdf.Dictionary(meta).unparse() + obj.read_bytes())
            else:
                found.append(obj.unparse())
        return found


def test_speed_ups_change_no_content(monkeypatch):
    """Same objects and decoded streams as a plain WeasyPrint PDF/A render with our stylesheet and
    WeasyPrint's full user-agent stylesheet, compressed as WeasyPrint compresses them."""
    import uuid
    import zlib

    import weasyprint
    import weasyprint.pdf.metadata

    from records.pdf import PDF_VARIANT, stylesheet

    monkeypatch.setattr(weasyprint.pdf.metadata, "uuid4", lambda: uuid.UUID(int=1))
    html = PAGE.format(
        extra="<h2>表</h2><table><thead><tr><th>甲</th></tr></thead><tbody><tr><td>乙</td></tr><tr><td class=num>1</td></tr>"
        '</tbody></table><ol style="list-style-type: lower-alpha; text-transform: uppercase"><li>item</li></ol>'
    )
    plain = weasyprint.HTML(string=html, base_url=PDF_ORIGIN + "/", url_fetcher=SafeURLFetcher()).write_pdf(
        pdf_variant=PDF_VARIANT, stylesheets=[stylesheet()]
    )
    ours = pdf_render(html=html)
    assert _objects(ours) == _objects(plain)
    with pikepdf.open(io.BytesIO(ours)) as doc:
        assert len(doc.trailer.ID) == 2 and doc.open_metadata().pdfa_status == "3B"
        font = next(o for o in doc.objects if isinstance(o, pikepdf.Stream) and "/Length1" in o.stream_dict)
        raw = font.read_raw_bytes()
        assert raw == zlib.compress(font.read_bytes(), 9)


def test_cyclic_gc_is_paused_while_weasyprint_runs_and_restored_after(monkeypatch):
    import gc

    import weasyprint

    seen = []
    original = weasyprint.HTML.write_pdf

    def spy(self, *args, **kwargs):
        seen.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", spy)
    assert gc.isenabled()
    pdf_render(html=PAGE.format(extra=""))
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        pdf_render(html=PAGE.format(extra=""))
        assert not gc.isenabled()  # a caller that had disabled it keeps it disabled
    finally:
        gc.enable()


def test_overlapping_renders_in_threads_leave_the_gc_enabled():
    import gc
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(lambda i: pdf_render(html=PAGE.format(extra=f"<p>{i}</p>")), range(6)))
    assert all(pdf.startswith(b"%PDF-1.7") for pdf in pdfs)
    assert gc.isenabled()


def test_font_configuration_is_reused_within_a_thread_but_not_shared_between_threads():
    from records.pdf import _font_config

    mine = _font_config()
    assert _font_config() is mine
    other = []
    thread = threading.Thread(target=lambda: other.append(_font_config()))
    thread.start()
    thread.join()
    assert other[0] is not mine


def test_layout_stylesheet_is_parsed_once_not_per_document(monkeypatch):
    import weasyprint

    from records.pdf import STYLESHEET, stylesheet

    layout = STYLESHEET.read_text()
    parsed = []
    original = weasyprint.CSS.__init__

    def spy(self, *args, **kwargs):
        parsed.append(kwargs.get("string"))
        original(self, *args, **kwargs)

    pdf_render(html=PAGE.format(extra=""))  # WeasyPrint's and our other once-per-process sheets
    monkeypatch.setattr(weasyprint.CSS, "__init__", spy)
    stylesheet.cache_clear()
    try:
        for i in range(3):
            pdf_render(html=PAGE.format(extra=f"<p>{i}</p>"))
    finally:
        stylesheet.cache_clear()
    assert parsed.count(layout) == 1
    assert len(parsed) == 4  # the layout once, plus each document's own small <style>


def test_the_renderer_uses_no_private_hook_of_weasyprint_or_pydyf():
    import ast
    from pathlib import Path

    import records.pdf

    tree = ast.parse(Path(records.pdf.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert "pydyf" not in imported and not any(name.startswith("weasyprint.") for name in imported)
    private = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr.startswith("_")}
    assert private <= {"__init__", "_resolve_project_path"}, private  # super().__init__ and our own method
