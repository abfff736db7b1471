"""``/healthz/``: is the site able to work? Database, cache, broker and a live worker, as JSON.

200 when every check passes, 503 otherwise; each check says only ``ok``, how long it took and, when it
failed, the error's type (never a message, which could hold a host name or a password). No login: a
load balancer or monitor calls it. The worker check reads the heartbeat that ``lms.tasks.worker_heartbeat``
(beat, every minute) stamps into the shared cache, or into ``var/`` when there is no shared cache.
"""

import datetime
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

HEARTBEAT_KEY = "peixun:worker-heartbeat"


def _heartbeat_file():
    return settings.VAR_DIR / "worker-heartbeat"


def heartbeat_stamp(*, now: datetime.datetime) -> None:
    """Record that a worker ran a task at ``now``."""
    if settings.SHARED_CACHE:
        cache.set(HEARTBEAT_KEY, now.timestamp(), timeout=None)
    else:
        _heartbeat_file().write_text(str(now.timestamp()))


def heartbeat_at() -> datetime.datetime | None:
    """Return when a worker last stamped the heartbeat, or None if never."""
    if settings.SHARED_CACHE:
        stamp = cache.get(HEARTBEAT_KEY)
    else:
        path = _heartbeat_file()
        stamp = float(path.read_text()) if path.is_file() else None
    return None if stamp is None else datetime.datetime.fromtimestamp(float(stamp), tz=datetime.UTC)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    cache.set("peixun:healthz", "1", timeout=10)
    if cache.get("peixun:healthz") != "1":
        raise RuntimeError("cache did not keep a value")


def check_broker() -> None:
    from lms.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.HEALTH_BROKER_TIMEOUT)


def check_worker() -> None:
    at = heartbeat_at()
    if at is None:
        raise RuntimeError("no heartbeat yet")
    if timezone.now() - at > datetime.timedelta(seconds=settings.HEALTH_HEARTBEAT_MAX_AGE):
        raise RuntimeError("heartbeat too old")


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "worker": check_worker,
}


def health_report() -> dict:
    """Run every check; return ``{"ok": bool, "checks": {name: {"ok", "ms", "error"?}}}``."""
    checks = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
            result = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - any failure is a failed check, reported by type only
            result = {"ok": False, "error": type(exc).__name__}
        result["ms"] = round(1000 * (time.monotonic() - started))
        checks[name] = result
    return {"ok": all(c["ok"] for c in checks.values()), "checks": checks}


@never_cache
@require_GET
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)
