"""The current page in another language, for the switcher and the `hreflang` alternates."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import override


def page_in_language(request, language: str) -> str:
    """The address of the page being shown, in `language`; the home page when it cannot be mapped."""
    try:
        url = _address_in(request, language)
    except (Resolver404, NoReverseMatch):
        url = _home(language)
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


def _address_in(request, language: str) -> str:
    """A page showing one object names it with `request.page_object`: its address in another language
    is its `get_absolute_url()` there (with that language's slug), not this address under that prefix."""
    shown = getattr(request, "page_object", None)
    if shown is not None:
        with override(language):
            return shown.get_absolute_url()
    match = getattr(request, "resolver_match", None) or resolve(request.path_info)
    with override(language):
        return reverse(match.view_name, args=match.args, kwargs=match.kwargs)


def language_links(request) -> list[dict]:
    """One entry per language: code, own name, address, whether the page exists in it, whether current.

    A view names the languages its content exists in with `request.page_languages`; by default a
    page exists in all of them. The addresses follow `request.page_object` when the view names one.
    """
    existing = getattr(request, "page_languages", None)
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    links = []
    for code, _name in settings.LANGUAGES:
        exists = existing is None or code in existing
        links.append(
            {
                "code": code,
                "name": settings.PORTAL_LANGUAGE_NAMES[code],
                "url": page_in_language(request, code) if exists else _home(code),
                "exists": exists,
                "current": code == current,
            }
        )
    return links


def _home(language: str) -> str:
    with override(language):
        return reverse("home")
