from django import template
from django.conf import settings
from django.utils.translation import get_language

register = template.Library()


@register.filter
def fallback_lang(obj, field: str) -> str:
    """The language of the text shown for a translated field: "vi" when the current one is missing."""
    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or getattr(obj, f"{field}_{language}", ""):
        return ""
    return settings.LANGUAGE_CODE
