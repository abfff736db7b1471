"""System checks of the project's own settings (run by ``manage.py check``, ``migrate``, ``runserver`` and by
``./peixun production`` before it starts anything)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register


def base_url_problem(url: str) -> str | None:
    """Return why ``url`` cannot be the site's public address (``PEIXUN_BASE_URL``), or None."""
    if not url:
        return "PEIXUN_BASE_URL is not set."
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return f"PEIXUN_BASE_URL {url!r} is not an http(s) address."
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return f"PEIXUN_BASE_URL {url!r} must be only scheme, host and port (no path)."
    return None


@register()
def check_base_url(app_configs, **kwargs):
    """The public address goes into e-mails and is printed as a QR code on every PDF: a wrong one cannot be
    taken back once documents are out, so production refuses to start without it (a warning in DEBUG)."""
    problem = base_url_problem(settings.PEIXUN_BASE_URL)
    if problem is None:
        return []
    hint = "Set PEIXUN_BASE_URL to the address people open the site at, e.g. https://peixun.example.cn."
    if settings.DEBUG:
        return [Warning(problem, hint=hint, id="lms.W001")]
    return [Error(problem, hint=hint, id="lms.E001")]
