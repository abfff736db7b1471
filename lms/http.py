"""Small helpers for views shared by the apps."""


def wants_json(request) -> bool:
    """Whether the page's script asked for JSON (``Accept: application/json``) rather than a page or redirect."""
    return request.headers.get("Accept", "").startswith("application/json")


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
