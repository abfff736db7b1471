"""Site search over published pages, through Wagtail's search API (so CJK segmentation applies)."""

import re

from wagtail.models import Page

_NOT_WORDS = re.compile(r"[^\w\s]|[\x00-\x1f\x7f]")


def site_search(query: str, *, limit: int = 30) -> list[Page]:
    """Return live, public pages matching ``query``, most relevant first, as their specific types.

    Punctuation and control characters are dropped first: they are query syntax to the database's full-text
    search (a lone ``"`` is an error in SQLite FTS5; PostgreSQL refuses NUL), not text anyone looks for.
    """
    query = " ".join(_NOT_WORDS.sub(" ", query).split())
    if not query:
        return []
    ids = [page.pk for page in Page.objects.live().public().search(query)[:limit]]
    pages = Page.objects.filter(pk__in=ids).defer_streamfields().specific().in_bulk()
    return [pages[pk] for pk in ids if pk in pages]
