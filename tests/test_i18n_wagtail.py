"""The Wagtail admin speaks Chinese: every Wagtail msgid has a zh_Hans translation, Wagtail's or ours."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import trans_real

WAGTAIL = Path(wagtail.__file__).parent
OURS = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def _language_restored():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _key(entry):
    msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (msgid, 0) if entry.msgid_plural else msgid


def _untranslated(domain, catalog):
    """Msgids of the installed Wagtail's ``domain`` catalogues that zh-hans leaves untranslated at run time."""
    missing = set()
    for po in WAGTAIL.rglob(f"locale/en/LC_MESSAGES/{domain}.po"):
        missing |= {e.msgid for e in polib.pofile(str(po)) if e.msgid and not e.obsolete and _key(e) not in catalog}
    return sorted(missing)


def test_every_wagtail_msgid_is_translated_in_zh_hans():
    catalog = trans_real.translation("zh-hans")._catalog
    assert "Search all pages…" in catalog
    assert _untranslated("django", catalog) == []


def test_every_wagtail_admin_javascript_msgid_is_translated_in_zh_hans():
    # The admin's jsi18n view (JavaScriptCatalog with packages=["wagtail.admin"]) adds LOCALE_PATHS last.
    js = trans_real.DjangoTranslation("zh-hans", domain="djangojs", localedirs=[WAGTAIL / "admin" / "locale"])
    assert js._catalog["Autosave in progress…"] == "正在自动保存…"
    assert _untranslated("djangojs", js._catalog) == []


def test_our_zh_hans_catalogue_holds_only_english_msgids_with_chinese_text_and_one_plural_form():
    for name in ("django.po", "djangojs.po"):
        po = polib.pofile(str(OURS / name))
        assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        for e in po:
            assert not HAN.search(e.msgid), e.msgid
            forms = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
            assert len(forms) == 1 and forms[0].strip() and "fuzzy" not in e.flags, e.msgid


@pytest.mark.parametrize("name", ["django", "djangojs"])
def test_committed_zh_hans_mo_files_match_the_po_files(tmp_path, name):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    fresh = tmp_path / f"{name}.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(OURS / f"{name}.po")], check=True)
    with (OURS / f"{name}.mo").open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog


ENGLISH_LEFTOVERS = (
    "Pages created in",
    "Page created in",
    "Search all pages",
    "Shortcuts",
    "Page types usage",
    "Exploring",
    "New:",
    "Wagtail快捷动作",
)


def _admin_pages():
    from wagtail.models import Page

    root = Page.get_first_root_node()
    return [
        "/admin/",
        f"/admin/pages/{root.pk}/",
        "/admin/pages/search/?q=培训",
        "/admin/people/halls/",
        "/admin/people/halls/new/",
        "/admin/reports/page-types-usage/",
    ]


@pytest.mark.django_db
def test_admin_pages_show_no_english_wagtail_strings_in_zh_hans(client, org):
    hr = get_user_model().objects.create_superuser("hr-admin", password="pw-for-tests-123")
    client.force_login(hr)
    for url in _admin_pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'lang="zh-hans"' in html, url
        leftovers = [text for text in ENGLISH_LEFTOVERS if text in html]
        assert leftovers == [], (url, leftovers)


VIEWSET_PREFIXES = (
    "people/branches",
    "people/halls",
    "people/staff",
    "people/leave",
    "compliance/launches",
    "compliance/sessions",
    "compliance/events",
    "compliance/schedules",
    "certification/programs",
    "certification/certificates",
    "certification/practicals",
    "exams/questions",
    "exams/categories",
    "exams/quizzes",
    "exams/polls",
    "records/appraisals",
)
FILTER_PAGES = (
    "/compliance/overview/",
    "/records/exports/",
    "/admin/courses/assign/",
    "/admin/exams/assign/",
    "/admin/exams/export/",
)


@pytest.mark.django_db
def test_filters_and_selects_offer_quanbu_or_qingxuanze_never_dashes(client, org):
    client.force_login(org["hr"])
    urls = [f"/admin/{prefix}/{suffix}" for prefix in VIEWSET_PREFIXES for suffix in ("", "new/")] + list(FILTER_PAGES)
    dashes, seen = [], 0
    for url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        html = response.content.decode()
        dashes += [(url, name) for name in re.findall(r'<select name="([^"]+)"[^>]*>\s*<option value="">-{9}<', html)]
        if "---------" in html and not any(u == url for u, _ in dashes):
            dashes.append((url, "?"))
    assert seen >= 25
    assert dashes == [], dashes
    overview = client.get("/admin/compliance/report/").content.decode()
    assert re.search(r'<select name="hall"[^>]*>\s*<option value=""[^>]*>全部[^<]*</option>', overview), overview[:200]


CJK_PUNCTUATION = re.compile("[：，（）。、；！？《》【】「」]")


def test_english_catalogue_has_no_chinese_punctuation():
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    found = [e.msgid for e in po if CJK_PUNCTUATION.search(e.msgstr + "".join(e.msgstr_plural.values()))]
    assert found == []


def test_chinese_form_labels_end_with_a_full_width_colon():
    from compliance.forms import YearForm

    assert YearForm()["year"].label_tag().endswith("年度：</label>")
    with translation.override("en"):
        assert YearForm()["year"].label_tag().endswith("Year:</label>")
