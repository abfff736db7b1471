"""Media in every profile: lesson images only; everything else under ``/media/`` is not served.

Wagtail's images (``original_images/`` and the renditions in ``images/``) are served by Django with
caching headers (WhiteNoise serves only what ``collectstatic`` gathered, not uploads). Documents stay
under ``MEDIA_ROOT/documents`` but are reached only through Wagtail's ``/documents/`` view
(``WAGTAILDOCS_SERVE_METHOD = "serve_view"``), where ``courses.wagtail_hooks`` checks who may read them.
Behind nginx, serving the two image folders from disk does the same job faster (docs/deploy.md).
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

IMAGE_FOLDERS = ("original_images", "images")
IMAGE_MAX_AGE = 60 * 60 * 24 * 30  # renditions and originals get a new name when they change


def image_serve(request, folder, path):
    if ".." in PurePosixPath(path).parts:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT / folder)
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def media_urlpatterns() -> list:
    prefix = settings.MEDIA_URL.lstrip("/")
    folders = "|".join(IMAGE_FOLDERS)
    return [re_path(rf"^{prefix}(?P<folder>{folders})/(?P<path>.+)$", image_serve, name="media_image")]
