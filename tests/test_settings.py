"""Settings: the production profile passes `check --deploy`, and the PDF system checks warn when needed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from joserfc.jwk import OKPKey

from lms.checks import base_url_problem, check_base_url
from records import checks

ROOT = Path(__file__).resolve().parent.parent


def test_production_profile_passes_check_deploy(tmp_path):
    env = os.environ | {
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 20 + "k3j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8o9p0",
        "ALLOWED_HOSTS": "peixun.example.com",
        "PEIXUN_BASE_URL": "https://peixun.example.com",
        "PEIXUN_VAR_DIR": str(tmp_path),
        "PEIXUN_BADGE_KEY": OKPKey.generate_key("Ed25519").as_pem(private=True).decode(),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_a_missing_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "PEIXUN_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_public_address(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PEIXUN_BASE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": "x" * 20 + "k3j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8o9p0",
        "ALLOWED_HOSTS": "peixun.example.com",
        "PEIXUN_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "(lms.E001) PEIXUN_BASE_URL is not set." in result.stderr


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://peixun.example.cn", None),
        ("http://10.1.2.3:8080/", None),
        ("", "not set"),
        ("peixun.example.cn", "not an http(s) address"),
        ("ftp://peixun.example.cn", "not an http(s) address"),
        ("https://peixun.example.cn/lms", "no path"),
    ],
)
def test_the_public_address_is_only_scheme_host_and_port(url, problem):
    found = base_url_problem(url)
    assert (found is None) if problem is None else (problem in found)


def test_a_missing_public_address_is_an_error_in_production_and_a_warning_in_debug(settings):
    settings.PEIXUN_BASE_URL = ""
    settings.DEBUG = False
    assert [e.id for e in check_base_url(None)] == ["lms.E001"]
    settings.DEBUG = True
    assert [e.id for e in check_base_url(None)] == ["lms.W001"]
    settings.PEIXUN_BASE_URL = "https://peixun.example.cn"
    assert check_base_url(None) == []


def test_dev_defaults_the_public_address_to_the_local_server_only_in_debug(tmp_path):
    code = "from django.conf import settings; print(repr((settings.PEIXUN_BASE_URL, settings.WAGTAILADMIN_BASE_URL)))"
    runs = {}
    for debug in ("1", "0"):
        env = {k: v for k, v in os.environ.items() if k != "PEIXUN_BASE_URL"} | {
            "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
            "DEBUG": debug,
            "PEIXUN_VAR_DIR": str(tmp_path),
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        runs[debug] = result.stdout.strip()
    assert runs == {"1": repr(("http://127.0.0.1:8000",) * 2), "0": repr(("", ""))}


def test_check_warns_without_a_cjk_font(monkeypatch):
    monkeypatch.setattr(checks, "cjk_font_families", lambda: [])
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: True)
    assert [w.id for w in checks.check_pdf_fonts(None)] == ["records.W001"]


def test_check_warns_without_harfbuzz_subset(monkeypatch):
    monkeypatch.setattr(checks, "cjk_font_families", lambda: ["WenQuanYi Micro Hei"])
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    assert [w.id for w in checks.check_pdf_fonts(None)] == ["records.W002"]


def test_this_machine_has_a_cjk_font_and_fast_subsetting():
    assert checks.cjk_font_families(), checks.INSTALL_HINT
    assert checks.harfbuzz_subset_available(), checks.INSTALL_HINT


def _session_engine(tmp_path, **extra) -> str:
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"} | {
        "DJANGO_SETTINGS_MODULE": "lms.settings.dev",
        "PEIXUN_VAR_DIR": str(tmp_path),
        **extra,
    }
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_ENGINE)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sessions_are_cached_only_in_a_shared_cache(tmp_path):
    assert _session_engine(tmp_path) == "django.contrib.sessions.backends.db"
    assert _session_engine(tmp_path, CACHE_URL="locmemcache://") == "django.contrib.sessions.backends.db"
    assert (
        _session_engine(tmp_path, CACHE_URL="redis://127.0.0.1:6379/1") == "django.contrib.sessions.backends.cached_db"
    )


def test_settings_make_no_folders_on_import_but_django_start_does(tmp_path):
    var = tmp_path / "var"
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "lms.settings.dev", "PEIXUN_VAR_DIR": str(var)}
    code = f"import django.conf as c; c.settings.INSTALLED_APPS; import os; print(os.path.exists({str(var)!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (var / "broker").iterdir()} == {"queue", "processed", "control"}
    assert (var / "static").is_dir()
