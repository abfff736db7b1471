"""/healthz/ (database, cache, broker, worker heartbeat; 503 when one fails; no login) and /media/ (lesson
images only: documents are never served from /media/, whatever DEBUG says)."""

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import clear_url_caches
from kombu.exceptions import OperationalError

from lms import health
from lms.tasks import worker_heartbeat

NOW = datetime.datetime(2026, 12, 6, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def test_healthz_is_200_with_each_check_when_a_worker_stamped_the_heartbeat(client, db, settings):
    settings.HEALTH_HEARTBEAT_MAX_AGE = 180
    with time_machine.travel(NOW, tick=False):
        worker_heartbeat.delay()  # eager in tests: what beat's minute tick does on a worker
    with time_machine.travel(NOW + datetime.timedelta(seconds=180), tick=False):
        response = client.get("/healthz/")
    assert response.status_code == 200
    report = response.json()
    assert report["ok"] is True and set(report["checks"]) == {"database", "cache", "broker", "worker"}
    assert response["Cache-Control"].startswith("max-age=0")
    with time_machine.travel(NOW + datetime.timedelta(seconds=181), tick=False):
        stale = client.get("/healthz/")
    assert stale.status_code == 503
    assert stale.json()["checks"]["worker"] == {"ok": False, "error": "RuntimeError", "ms": 0}


def test_healthz_is_503_without_a_heartbeat_or_with_the_broker_down(client, db, monkeypatch):
    report = client.get("/healthz/")
    assert report.status_code == 503 and report.json()["checks"]["worker"]["ok"] is False

    worker_heartbeat.delay()

    def refused():
        raise OperationalError("Error 111 connecting to redis://:secret@10.0.0.9:6379. Connection refused.")

    monkeypatch.setitem(health.CHECKS, "broker", refused)
    response = client.get("/healthz/")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["error"] == "OperationalError" and checks["worker"]["ok"] is True
    assert "secret" not in response.content.decode()  # the type of the error only, never its message


def test_healthz_needs_no_login_and_accepts_only_get(client, db):
    worker_heartbeat.delay()
    assert client.get("/healthz/").status_code == 200
    assert client.post("/healthz/").status_code == 405


def test_heartbeat_uses_the_shared_cache_when_there_is_one(settings, db):
    settings.SHARED_CACHE = True
    with time_machine.travel(NOW, tick=False):
        health.heartbeat_stamp(now=NOW)
    assert health.heartbeat_at() == NOW
    assert not (settings.VAR_DIR / "worker-heartbeat").exists()


@pytest.fixture
def media(var_dir):
    (var_dir / "media" / "images").mkdir(parents=True)
    (var_dir / "media" / "images" / "lesson.fill-80x80.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    (var_dir / "media" / "original_images").mkdir(parents=True)
    (var_dir / "media" / "original_images" / "lesson.jpg").write_bytes(b"\xff\xd8\xff fake")
    (var_dir / "media" / "documents").mkdir(parents=True)
    (var_dir / "media" / "documents" / "handbook.pdf").write_bytes(b"%PDF-1.4 handbook")


@pytest.mark.parametrize("debug", [True, False])
def test_media_serves_lesson_images_but_never_documents(client, db, media, debug):
    with override_settings(DEBUG=debug):
        clear_url_caches()
        image = client.get("/media/images/lesson.fill-80x80.png")
        original = client.get("/media/original_images/lesson.jpg")
        document = client.get("/media/documents/handbook.pdf")
        sneaky = client.get("/media/images/%2e%2e/documents/handbook.pdf")
    clear_url_caches()
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert "max-age=2592000" in image["Cache-Control"]
    assert original.status_code == 200 and original["Content-Type"] == "image/jpeg"
    assert document.status_code == 404
    assert sneaky.status_code == 404
