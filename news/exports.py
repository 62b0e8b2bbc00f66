"""The news lists' columns for their CSV and XLSX (portal.exports writes them; docs/exports.md).

The rows are the list's own (`selectors.public_articles`, or `section_articles` for a section), in
its order. The unit is named as it was on the day of publication: a renamed unit's old articles keep
the name they were published under (history is not rewritten).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from portal.exports import Column, local_date
from subsites.selectors import name_on

from .models import Article


def _sections(article: Article) -> str:
    return ", ".join(section.title for section in article.sections.all())


def _unit_then(article: Article) -> str:
    return name_on(article.unit, local_date(article.published_at))


def columns(url: Callable[[Article], str]) -> list[Column]:
    """What a card of the list shows, `url` giving an article's absolute address."""
    return [
        Column(_("Title"), 60, lambda a: a.title),
        Column(_("Published on"), 12, lambda a: local_date(a.published_at)),
        Column(_("Sections"), 30, _sections),
        Column(_("Unit"), 30, _unit_then),
        Column(_("Summary"), 70, lambda a: a.summary),
        Column(_("Address on the portal"), 40, url),
    ]
