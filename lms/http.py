"""Small helpers for views shared by the apps."""


def wants_json(request) -> bool:
    """Whether the page's script asked for JSON (``Accept: application/json``) rather than a page or redirect."""
    return request.headers.get("Accept", "").startswith("application/json")
