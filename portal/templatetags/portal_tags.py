from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def vn_number(value) -> str:
    """6636328 → 6.636.328, as Vietnamese writes numbers, whatever the page language."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return ""


@register.filter
def link_named(text, links):
    """`text` linked to the page of the first of `links` ((name, url) pairs) whose name it contains: a
    leader named in the schedule links to the leaders' page. Without links (no app provides them), the
    text as it is."""
    folded = (text or "").casefold()
    for name, url in links or ():
        if name and name.casefold() in folded:
            return format_html('<a href="{}">{}</a>', url, text)
    return text


@register.filter
def local_date(value, fmt: str = "%d/%m/%Y") -> str:
    """A moment as a local date in Asia/Ho_Chi_Minh (dd/mm/yyyy)."""
    if not value:
        return ""
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        value = timezone.localtime(value)
    return value.strftime(fmt)


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str = "") -> str:
    request = context.get("request")
    if request is None:
        return path
    return request.build_absolute_uri(path or request.get_full_path())


@register.filter
def localized_number(value):
    return number_format(value, force_grouping=True)


@register.simple_tag
def fallback_lang(obj, field: str) -> str:
    """` lang="vi"` when `obj.field` has no text in the page's language and shows the Vietnamese original."""

    language = get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or getattr(obj, f"{field}_{language}", None):
        return ""
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)
