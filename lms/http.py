"""Small helpers for views shared by the apps."""

import json


def wants_json(request) -> bool:
    """Whether the page's script asked for JSON (``Accept: application/json``) rather than a page or redirect."""
    return request.headers.get("Accept", "").startswith("application/json")


class BadJson(ValueError):
    """A request body that is not a JSON object of finite values."""


def _no_constants(name: str):
    raise BadJson(name)


def json_object(body: bytes) -> dict:
    """Parse a request body as a JSON object; BadJson for anything else (not UTF-8, NaN/Infinity, too deep)."""
    try:
        value = json.loads(body or b"{}", parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise BadJson(str(exc)) from exc
    if not isinstance(value, dict):
        raise BadJson("not an object")
    return value


def moved_to(url_name: str):
    """Return a view that redirects (302) to ``url_name`` with the query string kept: for the pages that
    moved into the admin, so that links in notices and bookmarks keep working."""
    from django.shortcuts import redirect
    from django.urls import reverse

    def view(request):
        query = request.GET.urlencode()
        return redirect(reverse(url_name) + (f"?{query}" if query else ""))

    view.__doc__ = f"Moved: redirect to ``{url_name}``, query kept."
    return view
