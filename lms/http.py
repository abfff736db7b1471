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
