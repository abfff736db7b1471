"""Operations for migrations that move a model from one app to another while keeping its table.

Permissions and admin log entries hang on the model's content type: renaming its ``app_label`` (rather
than letting ``post_migrate`` create a new one) keeps every group's grants, e.g. HR's
``view_trainingevent`` follows the model from ``compliance`` to ``evidence``.
"""

from django.db import migrations


def _relabel(apps, from_app: str, to_app: str, models: list[str]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in models:
        old = ContentType.objects.filter(app_label=from_app, model=model).first()
        if old is None:
            continue
        # A content type made for the new app by an earlier post_migrate holds no grants yet: drop it.
        ContentType.objects.filter(app_label=to_app, model=model).delete()
        old.app_label = to_app
        old.save(update_fields=["app_label"])


def content_types_moved(*, from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Return a reversible ``RunPython`` that relabels the content types of ``models`` (lower-case names)."""
    return migrations.RunPython(
        lambda apps, _: _relabel(apps, from_app, to_app, models),
        lambda apps, _: _relabel(apps, to_app, from_app, models),
    )
