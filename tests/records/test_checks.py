"""System checks for PDF rendering."""

from records import checks


def test_checks_warn_when_the_preferred_cjk_font_is_missing(monkeypatch):
    monkeypatch.setattr(checks, "cjk_font_families", lambda: ["Noto Sans CJK SC"])
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: True)
    assert [w.id for w in checks.check_pdf_fonts(None)] == ["records.W003"]


def test_checks_are_quiet_on_a_complete_install(monkeypatch):
    monkeypatch.setattr(checks, "cjk_font_families", lambda: ["WenQuanYi Micro Hei"])
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: True)
    assert checks.check_pdf_fonts(None) == []


def test_checks_warn_without_harfbuzz_subset(monkeypatch):
    monkeypatch.setattr(checks, "cjk_font_families", lambda: ["WenQuanYi Micro Hei"])
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    assert [w.id for w in checks.check_pdf_fonts(None)] == ["records.W002"]


def test_deploy_check_warns_while_the_badge_key_is_not_set(settings):
    settings.PEIXUN_BADGE_KEY = ""
    assert [w.id for w in checks.check_badge_key(None)] == ["records.W004"]
    settings.PEIXUN_BADGE_KEY = "-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----"
    assert checks.check_badge_key(None) == []
