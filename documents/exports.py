"""The document finder's columns for its CSV and XLSX (portal.exports writes them; docs/exports.md).

The rows are the finder's own: the same filter (`DocumentFilter`) over the same base
(`selectors.finder_documents`), in the same order, so an export never holds a document the page would
not list.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from portal.exports import Column, local_date

from .models import Document, ScheduleEntry


def columns(url: Callable[[Document], str]) -> list[Column]:
    """What the finder and a document's page show, `url` giving a document's absolute address."""
    return [
        Column(_("Number and symbol"), 18, lambda d: d.number_symbol),
        Column(_("Abstract"), 70, lambda d: d.localized_title()["text"]),
        Column(_("Type"), 16, lambda d: d.get_doc_type_display()),
        Column(_("Issuing body"), 30, lambda d: d.issuing_body.name if d.issuing_body_id else ""),
        Column(_("Signer"), 24, lambda d: d.signer),
        Column(_("Issued on"), 12, lambda d: d.issued_on),
        # As the document's page shows it: without its own date, a document takes effect when issued.
        Column(_("Effective on"), 12, lambda d: d.effective_on or d.issued_on),
        Column(_("No longer in force from"), 12, lambda d: d.expires_on),
        Column(_("Validity"), 16, lambda d: d.get_validity_display()),
        Column(_("Field"), 20, lambda d: d.field.name if d.field_id else ""),
        Column(_("Category"), 24, lambda d: d.get_category_display()),
        Column(_("Posted on"), 12, lambda d: local_date(d.posted_at)),
        Column(_("Address on the portal"), 40, url),
    ]


def schedule_columns() -> list[Column]:
    """A week of the leaders' schedule as its page shows it."""
    return [
        Column(_("Day"), 12, lambda e: e.date),
        Column(_("Time"), 8, lambda e: f"{e.time:%H:%M}" if e.time else ""),
        Column(_("Leader"), 28, lambda e: e.leader),
        Column(_("Content"), 70, lambda e: e.localized_content()["text"]),
        Column(_("Location"), 30, lambda e: e.location),
        Column(_("Participants"), 40, lambda e: e.participants),
    ]


def schedule_entries(schedule) -> list[ScheduleEntry]:
    return list(schedule.entries.all()) if schedule else []
