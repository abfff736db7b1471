"""The English UI shows no Chinese punctuation around values: templates put marks around a value through
``i18n.punctuation`` (tags ``paren``, ``enumerate``, ``colon``…) or inside a translated string."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from i18n import punctuation

CHINESE_MARKS = re.compile(r"[：，（）；、。！？【】“”]")
TRANSLATED = [
    re.compile(r"\{%\s*(blocktrans|blocktranslate)\b.*?\{%\s*(endblocktrans|endblocktranslate)\s*%\}", re.S),
    re.compile(r"\{%\s*(trans|translate)\s+(\"[^\"]*\"|'[^']*').*?%\}"),
    re.compile(r"\{#.*?#\}"),
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
]


def _project_templates():
    base = Path(settings.BASE_DIR)
    for path in sorted(base.rglob("templates/**/*.html")):
        if not {".venv", "var", "node_modules"} & set(path.relative_to(base).parts):
            yield base, path


def test_no_template_writes_chinese_punctuation_outside_a_translated_string():
    found = []
    for base, path in _project_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in TRANSLATED:
            text = pattern.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        for number, line in enumerate(text.splitlines(), 1):
            if CHINESE_MARKS.search(line):
                found.append(f"{path.relative_to(base)}:{number}: {line.strip()[:120]}")
    assert len(list(_project_templates())) > 50
    assert found == []


@pytest.mark.parametrize(
    ("language", "expected"),
    [("zh-hans", "甲（S1），乙、&lt;b&gt;：；"), ("en", "甲 (S1), 乙, &lt;b&gt;: ; ")],
)
def test_punctuation_tags_follow_the_language_and_escape_values(language, expected):
    template = Template(
        "{% load punctuation %}{{ name }}{{ code|paren }}{% comma %}{{ names|enumerate }}{% colon %}{% semicolon %}"
    )
    with translation.override(language):
        rendered = template.render(Context({"name": "甲", "code": "S1", "names": ["乙", "<b>"]}))
    assert rendered == expected


def test_names_with_codes_read_naturally_in_each_language(org):
    staff = org["staff_a1"]
    with translation.override("zh-hans"):
        assert str(staff) == f"{staff.name}（{staff.staff_no}）"
        assert punctuation.enumeration(["甲", "乙"]) == "甲、乙"
    with translation.override("en"):
        assert str(staff) == f"{staff.name} ({staff.staff_no})"
        assert punctuation.enumeration(["A", "B"]) == "A, B"


def test_the_staff_page_in_english_has_no_chinese_brackets_around_the_hall_code(client, org):
    staff = org["staff_a1"]
    client.force_login(org["hr"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("people:staff_detail", args=[staff.staff_no]))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    assert f"{staff.hall.name} ({staff.hall.code})" in html
    assert f"（{staff.hall.code}）" not in html
