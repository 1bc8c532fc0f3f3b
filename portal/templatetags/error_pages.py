"""Template tags for pages that must render when the rest of the site cannot (the error pages)."""

from django import template
from django.conf import settings
from django.templatetags.static import static

register = template.Library()


@register.simple_tag
def static_or_plain(path: str) -> str:
    """The static file's URL, or its plain URL when the manifest is missing or lacks it (before collectstatic)."""
    try:
        return static(path)
    except ValueError:  # ManifestStaticFilesStorage: no manifest, or the file is not in it
        return settings.STATIC_URL + path
