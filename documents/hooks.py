"""What the registry adds to shared pages: home blocks, menu sections and site-wide search."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.registry import home_block, search_provider, section_handler
from subsites.routing import unit_reverse

from . import conf, views
from .enums import Category
from .models import Document, LeaderSchedule, monday_of


def _recent(unit, category: str = ""):
    return list(
        Document.objects.visible()
        .in_unit(unit)
        .of_category(category)
        .select_related("unit", "issuing_body")
        .order_by("-posted_at", "-pk")[: conf.HOME_ITEMS]
    )


@home_block(30)
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


@home_block(31)
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


@home_block(32)
def this_week(request, unit):
    today = timezone.localdate()
    schedule = (
        LeaderSchedule.objects.visible()
        .in_unit(unit)
        .for_week(monday_of(today))
        .select_related("unit")  # its address names the unit
        .prefetch_related("entries")
        .first()
    )
    if schedule is None:
        return None
    return "documents/blocks/schedule.html", {
        "schedule": schedule,
        "today": [e for e in schedule.entries.all() if e.date == today],
        "upcoming": [e for e in schedule.entries.all() if e.date > today][:5],
        "url": schedule.get_absolute_url(),
    }


section_handler("documents")(views.section_documents)
section_handler("schedule")(views.section_schedule)


@search_provider("documents", _("Documents"), 20)
def search_documents(query: str, language: str, unit):
    documents = Document.objects.visible(language).matching(query)
    if unit is not None:
        documents = documents.in_unit(unit)
    return documents.order_by("-issued_on", "-pk")
