"""Site search over published pages, through Wagtail's search API (so CJK segmentation applies)."""

from wagtail.models import Page


def site_search(query: str, *, limit: int = 30) -> list[Page]:
    """Return live, public pages matching ``query``, most relevant first, as their specific types."""
    ids = [page.pk for page in Page.objects.live().public().search(query)[:limit]]
    pages = Page.objects.filter(pk__in=ids).defer_streamfields().specific().in_bulk()
    return [pages[pk] for pk in ids if pk in pages]
