"""Addresses an editor gives for a banner, one per language: checked, and read in the visitor's language.

A link is followed by citizens' browsers: only an address on this portal (/vi/...) or a web page
(http, https) is taken; javascript:, data: and the like, and anything a browser would read
differently from how it is written (spaces, control characters, a backslash it takes for a slash,
`//host`, which leaves the portal), are refused.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import Resolver404, resolve
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

DEFAULT = settings.LANGUAGE_CODE
_web_page = URLValidator(schemes=["http", "https"])
# An address on the portal in Vietnamese: the main portal's (/vi/...) or a unit's (/don-vi/<key>/vi/...).
_DEFAULT_ADDRESS = re.compile(
    rf"^(?P<unit>/{settings.PORTAL_UNIT_PATH_PREFIX}/[-\w]+)?/{DEFAULT}(?P<rest>/.*)?$"
)
# The views of this app that answer in every language: a section's or page's Vietnamese address
# keeps answering there (subsites.slugs). An article may not exist in the visitor's language: its
# Vietnamese address is better than a page saying it is missing.
ANSWER_IN_EVERY_LANGUAGE = frozenset({"home", "subsites:section", "subsites:page", "subsites:directory"})


def link_problem(value: str) -> Promise | None:
    """What is wrong with an address given as a link, or None."""
    if any(char.isspace() or unicodedata.category(char).startswith("C") for char in value):
        return _("an address has no spaces or control characters")
    if "\\" in value:
        return _("an address has no backslash (\\); write /")
    if value.startswith("/") and not value.startswith("//"):
        return None
    try:
        _web_page(value)
    except ValidationError:
        return _("give an address starting with / or https://")
    return None


def validate_links(obj, field: str) -> None:
    """Each language's `field` of `obj` checked (the Vietnamese one is a required field); the error
    names the language and sits on that language's field."""
    names = dict(settings.LANGUAGES)
    errors = {}
    for code, _name in settings.LANGUAGES:
        value = getattr(obj, f"{field}_{code}") or ""
        if value and (problem := link_problem(value)):
            errors[f"{field}_{code}"] = _("Link (%(language)s): %(problem)s.") % {
                "language": names[code],
                "problem": problem,
            }
    if errors:
        raise ValidationError(errors)


def link_in_language(obj, field: str, language: str) -> str:
    """The language's own link; else the Vietnamese one, in the visitor's language where that
    address is one of this portal's that answers in every language."""
    own = getattr(obj, f"{field}_{language}") or ""
    default = getattr(obj, f"{field}_{DEFAULT}") or ""
    return own or in_language(default, language)


def in_language(link: str, language: str) -> str:
    """`link` with its Vietnamese prefix turned into `language`'s, where the address it leads to
    answers in every language; else `link` itself."""
    parts = urlsplit(link)
    match = _DEFAULT_ADDRESS.match(parts.path)
    if language == DEFAULT or parts.scheme or parts.netloc or match is None:
        return link
    rest = match["rest"] or "/"
    with override(DEFAULT):
        try:
            view = resolve(unquote(f"/{DEFAULT}{rest}")).view_name
        except Resolver404:
            return link
    if view not in ANSWER_IN_EVERY_LANGUAGE:
        return link
    path = f"{match['unit'] or ''}/{language}{rest}"
    return parts._replace(path=path).geturl()
