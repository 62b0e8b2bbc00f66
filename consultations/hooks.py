"""What the consultations app plugs into the shared pages: a section kind, a home block, search."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.registry import home_block, search_provider, section_handler

HOME_BLOCK_SIZE = 5


def consultations_section(request, section):
    from . import views

    return views.section(request, section)


def open_drafts_block(request, unit):
    from .models import Draft

    drafts = Draft.objects.visible().open().select_related("unit").order_by("closes_at", "pk")
    if not unit.is_main_portal:
        drafts = drafts.in_unit(unit)
    drafts = list(drafts[:HOME_BLOCK_SIZE])
    if not drafts:
        return None
    return "consultations/home_block.html", {"drafts": drafts, "show_unit": unit.is_main_portal}


def search_drafts(query: str, language: str, unit):
    from .models import Draft

    qs = Draft.objects.visible(language).search(query)
    if unit is not None:
        qs = qs.in_unit(unit)
    return qs.order_by("-posted_at", "-pk")


def register() -> None:
    section_handler("consultations")(consultations_section)
    home_block(30)(open_drafts_block)
    search_provider("consultations", _("Drafts for comment"), 30)(search_drafts)
