"""What the registry adds to shared pages: home blocks, menu sections and site-wide search."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.registry import alert_source, home_block, search_provider, section_handler, sitemap
from subsites.routing import unit_reverse

from . import alerts, selectors, sitemaps, views
from .enums import Category
from .models import monday_of


def _recent(unit, category: str = ""):
    return list(selectors.recent_documents(unit, category))


def new_documents(request, unit):
    documents = _recent(unit)
    if not documents:
        return None
    return "documents/blocks/documents.html", {
        "id": "new-documents",
        "title": _("New documents"),
        "documents": documents,
        "more_url": unit_reverse(unit, "documents:finder"),
    }


def direction_documents(request, unit):
    documents = _recent(unit, Category.DIRECTION)
    if not documents:
        return None
    return "documents/blocks/documents.html", {
        "id": "direction-documents",
        "title": Category.DIRECTION.label,
        "documents": documents,
        "more_url": unit_reverse(unit, "documents:finder") + f"?category={Category.DIRECTION}",
    }


def this_week(request, unit):
    today = timezone.localdate()
    schedule = selectors.schedule_of_week(unit, monday_of(today), with_unit=True)
    if schedule is None:
        return None
    return "documents/blocks/schedule.html", {
        "schedule": schedule,
        "today": [e for e in schedule.entries.all() if e.date == today],
        "upcoming": [e for e in schedule.entries.all() if e.date > today][:5],
        "url": schedule.get_absolute_url(),
    }


def search_documents(query: str, language: str, unit):
    return selectors.documents_matching(query, language, unit)


def register() -> None:
    home_block(30)(new_documents)
    home_block(31)(direction_documents)
    home_block(32)(this_week)
    section_handler("documents")(views.section_documents)
    section_handler("schedule")(views.section_schedule)
    search_provider("documents", _("Documents"), 20)(search_documents)
    sitemap("documents")(sitemaps.DocumentSitemap)
    alert_source("documents", _("Documents"), normalise=alerts.normalise, describe=alerts.describe)(
        alerts.item
    )
    sitemap("schedules")(sitemaps.ScheduleSitemap)
