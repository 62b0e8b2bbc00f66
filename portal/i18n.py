"""The current page in another language, for the switcher and the `hreflang` alternates."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import override


def page_in_language(request, language: str) -> str:
    """The address of the page being shown, in `language`; the home page when it cannot be mapped."""
    try:
        match = resolve(request.path_info)
        with override(language):
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    except (Resolver404, NoReverseMatch):
        with override(language):
            url = reverse("home")
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{query}" if query else url


def language_links(request) -> list[dict]:
    """One entry per language: code, own name, address, whether the page exists in it, whether current.

    A view names the languages its content exists in with `request.page_languages`; by default a
    page exists in all of them.
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
