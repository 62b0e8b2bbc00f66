"""The footer every page shows. Its texts (the unit's footer or, failing that, the main portal's) are
kept per unit and language under the directory's own generations, so that an article's change, which
makes the unit's pages stale, does not cost every page a query for the footer again."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from portal.cache import generation_keys, remember
from subsites.selectors import main_portal

from .selectors import footer_and_links

FIELDS = (
    "managing_agency",
    "responsible_person",
    "address",
    "phone",
    "hotline",
    "email",
    "licence",
    "citation_rule",
)
# The translated fields whose text may be the Vietnamese fallback: marked lang="vi" on other pages.
TRANSLATED = ("managing_agency", "address", "licence", "citation_rule")


def scopes(unit) -> tuple:
    """What the footer of `unit`'s pages depends on: its own directory and the main portal's."""
    main = main_portal()
    return tuple(("directory", u.pk) for u in (unit, main) if u is not None)


def _key(unit, language: str | None = None) -> str:
    # v2: the entry holds the texts and the links.
    return f"footer:v2:{unit.pk}:{language or get_language()}"


def _entry(unit) -> dict:
    """The footer's texts in the current language ({} when neither the unit nor the main portal has
    one: an empty dict is remembered, None would not be) and the portal's links."""
    footer, links = footer_and_links(unit)
    return {"texts": _texts(footer), "links": links}


def _texts(footer) -> dict:
    if footer is None:
        return {}
    texts = {name: getattr(footer, name) for name in FIELDS}
    language = get_language()
    texts["fallback"] = [
        name for name in TRANSLATED if texts[name] and not getattr(footer, f"{name}_{language}", "")
    ]
    return texts


def footer_entry(unit) -> dict:
    """The footer's texts and links of `unit`'s pages, kept per unit and language; the home page's
    online services entry reads the same entry, so a page builds it at most once."""
    return remember(_key(unit), scopes(unit), lambda: _entry(unit))


def footer_html(unit) -> SafeString:
    if unit is None:
        return mark_safe("")
    kept = footer_entry(unit)
    context = {"unit": unit, "footer": kept["texts"], "links": kept["links"]}
    return mark_safe(render_to_string("directory/footer.html", context))


def footer_reads(request, unit, language: str) -> list[str]:
    """The footer's keys, read along with the request's first read (portal.registry.page_reads)."""
    return [*generation_keys(*scopes(unit)), _key(unit, language)]
