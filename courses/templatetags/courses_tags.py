"""Template helpers for lesson pages."""

from django import template

register = template.Library()


@register.filter
def stream_child(stream_value, index):
    """The bound block at ``index`` of a StreamField value.

    Lesson templates loop over ``body.raw_data`` and take the bound block only where it is rendered, so
    a fragment-cache hit does not load the images and documents the cached blocks refer to.
    """
    return stream_value[index]
