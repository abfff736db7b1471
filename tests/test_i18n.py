"""English is the second UI language: the catalogue must be complete, consistent and compiled."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from exams.models import Question, QuestionType
from exams.selectors import correct_answer_text
from people.posts import Post, post_from_text

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]\w*\)[sdif]|%[sdif]|\{[a-zA-Z_0-9]*\}")


@pytest.fixture(autouse=True)
def _language_restored():
    """The language middleware leaves the chosen language active in this thread; undo it for later tests."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


def _entries():
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


def test_every_english_entry_is_translated_and_not_fuzzy():
    entries = _entries()
    assert len(entries) > 600
    assert not polib.pofile(str(PO)).metadata_is_fuzzy
    untranslated = []
    for e in entries:
        forms = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        if e.msgid_plural and len(forms) != 2:
            untranslated.append(e.msgid)
        if any(not form.strip() for form in forms) or "fuzzy" in e.flags:
            untranslated.append(e.msgid)
    assert untranslated == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")


def test_english_translations_keep_the_placeholders_of_the_chinese_text():
    mismatched = []
    for e in _entries():
        expected = sorted(PLACEHOLDER.findall(e.msgid))
        if e.msgid_plural:
            assert sorted(PLACEHOLDER.findall(e.msgid_plural)) == expected
        forms = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        mismatched += [(e.msgid, form) for form in forms if sorted(PLACEHOLDER.findall(form)) != expected]
    assert mismatched == []


def test_english_translations_contain_no_chinese():
    han = re.compile(r"[\u4e00-\u9fff]")
    leftovers = [e.msgid for e in _entries() if han.search(e.msgstr + "".join(e.msgstr_plural.values()))]
    assert leftovers == []


def _choose_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def test_login_page_speaks_english_after_choosing_english(client):
    _choose_english(client)
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in html
    assert "Log in" in html and "Password" in html
    for chinese in ("登录", "密码", "首页", "跳到正文"):
        assert chinese not in html


def test_landing_page_speaks_english_after_choosing_english(client, org):
    client.force_login(org["staff_a1"].user)
    _choose_english(client)
    html = client.get(reverse("home:landing")).content.decode()
    assert '<html lang="en">' in html
    assert "My training" in html and "Log out" in html and "Counter service" in html
    for chinese in ("我的培训", "我的工作台", "退出", "跳到正文", "首页", "综合受理"):
        assert chinese not in html


def test_staff_import_reads_chinese_post_labels_whatever_the_chosen_language():
    with translation.override("en"):
        assert str(Post.COUNTER.label) == "Counter service"
        assert post_from_text("综合受理") == Post.COUNTER
        assert post_from_text("Counter service") == Post.COUNTER
        assert post_from_text("counter") == Post.COUNTER
        assert post_from_text("前台销售") == Post.FRONT_DESK


def test_landing_page_stays_chinese_by_default(client, org):
    client.force_login(org["staff_a1"].user)
    html = client.get(reverse("home:landing")).content.decode()
    assert '<html lang="zh-hans">' in html
    assert "我的培训" in html and "My training" not in html


def test_committed_mo_file_matches_the_po_file(tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(PO)], check=True)
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog


# Half-width marks that are syntax, not prose: yesno's argument, GIFT's ::name::, a JSON-like layout.
HALF_WIDTH_ON_PURPOSE = {
    "是,否",
    "::名称:: 没有结束",
    "[{q: 试题, c: 选项顺序, i: 排序项顺序, r: 匹配右项}]，开始时抽定。",
}


def test_chinese_msgids_put_full_width_marks_after_chinese_text():
    half_width_after_chinese = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef] ?[:,;!?]")
    found = [
        e.msgid
        for e in _entries()
        if half_width_after_chinese.search(e.msgid + (e.msgid_plural or "")) and e.msgid not in HALF_WIDTH_ON_PURPOSE
    ]
    assert found == []


# What docs/lms.md tells makemessages to skip: the virtualenv, data and the curriculum's media and files.
NOT_SCANNED = {".venv", "var", "tests", "bench", "locale", "content/curriculum", "content/media", "content/questions"}


def _copy_translatable_sources(source: Path, target: Path) -> None:
    """Copy the files makemessages reads (Python, templates, text), so it can scan a copy, not the repo.

    makemessages writes a ``.html.py`` beside each template while it scans and a ``.pot`` in the locale
    folder; on a copy neither touches the working tree.
    """

    def ignore(folder, names):
        relative = Path(folder).relative_to(source)
        skipped = set()
        for name in names:
            path = Path(folder) / name
            if path.is_dir():
                if name.startswith(".") or name == "__pycache__" or (relative / name).as_posix() in NOT_SCANNED:
                    skipped.add(name)
            elif path.suffix not in {".py", ".html", ".txt"}:
                skipped.add(name)
        return skipped

    shutil.copytree(source, target, ignore=ignore)


def test_every_msgid_the_code_uses_has_an_english_entry(tmp_path, settings, monkeypatch):
    if not all(shutil.which(tool) for tool in ("xgettext", "msguniq")):
        pytest.skip("xgettext and msguniq (GNU gettext) are not installed")
    project = tmp_path / "project"
    _copy_translatable_sources(Path(settings.BASE_DIR), project)
    locale = project / "locale"
    locale.mkdir()
    settings.LOCALE_PATHS = [str(locale)]
    monkeypatch.chdir(project)
    # No language folder under the copy's locale: makemessages only builds (and keeps) the .pot.
    call_command("makemessages", all=True, keep_pot=True, verbosity=0)
    used = {(e.msgctxt, e.msgid): e.occurrences[0][0] for e in polib.pofile(str(locale / "django.pot"))}
    assert len(used) > 600
    translated = {(e.msgctxt, e.msgid) for e in _entries()}
    missing = sorted(f"{path}: {key[1]}" for key, path in used.items() if key not in translated)
    assert missing == []


def test_true_false_answers_follow_the_chosen_language():
    question = Question(type=QuestionType.TRUEFALSE, data={"answer": False})
    with translation.override("zh-hans"):
        assert correct_answer_text(question) == "错"
    with translation.override("en"):
        assert correct_answer_text(question) == "False"
