"""The documented production start (`./peixun production`) on a fresh var folder serves pages with DEBUG off:
static files collected, lesson images served with caching headers, documents never from /media/, a CSP
header on every page and a healthy /healthz/ once the worker is up."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def production(tmp_path):
    """Run `./peixun production` with a temporary var folder (SQLite, filesystem broker) on a free port."""
    port = _free_port()
    drop = ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE", "CELERY_TASK_ALWAYS_EAGER")
    env = {k: v for k, v in os.environ.items() if k not in drop} | {
        "DJANGO_ENV": "production",
        "SECRET_KEY": "x" * 20 + "k3j4h5g6f7d8s9a0q1w2e3r4t5y6u7i8o9p0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PEIXUN_VAR_DIR": str(tmp_path / "var"),
        "SECURE_SSL_REDIRECT": "0",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "PEIXUN_BASE_URL": f"http://127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    log = (tmp_path / "production.log").open("w")
    proc = subprocess.Popen(
        ["./peixun", "production"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "production.log").read_text()
            try:
                if _get(f"{base}/healthz/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(1)
        else:
            raise AssertionError(_get(f"{base}/healthz/")[2].decode() + (tmp_path / "production.log").read_text())
        yield base, tmp_path / "var"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()


def test_documented_production_start_serves_pages_images_and_health(production):
    base, var = production
    status, headers, body = _get(f"{base}/healthz/")
    report = json.loads(body)
    assert status == 200 and set(report["checks"]) == {"database", "cache", "broker", "worker"}
    assert all(check["ok"] for check in report["checks"].values())

    status, headers, body = _get(f"{base}/accounts/login/")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    page = body.decode()
    css = page.split('href="/static/css/peixun.', 1)[1].split('"', 1)[0]
    assert css.endswith(".css") and css != "css"  # the manifest's hashed name: collectstatic ran
    assert _get(f"{base}/static/css/peixun.{css}")[0] == 200
    assert _get(f"{base}/")[0] in (200, 302)

    (var / "media" / "images").mkdir(parents=True)
    (var / "media" / "images" / "lesson.fill-80x80.png").write_bytes(PNG)
    (var / "media" / "documents").mkdir(parents=True)
    (var / "media" / "documents" / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    status, headers, body = _get(f"{base}/media/images/lesson.fill-80x80.png")
    assert (status, body) == (200, PNG)
    assert headers["Content-Type"] == "image/png" and "max-age" in headers["Cache-Control"]
    assert _get(f"{base}/media/documents/secret.pdf")[0] == 404
    status, headers, body = _get(f"{base}/media/images/%2e%2e/documents/secret.pdf")
    assert status in (400, 404) and b"%PDF" not in body
