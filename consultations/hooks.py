"""What the consultations app plugs into the shared pages: a section kind, a home block, search, alerts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.registry import alert_source, home_block, search_provider, section_handler, sitemap

HOME_BLOCK_SIZE = 5


def consultations_section(request, section):
    from . import views

    return views.section(request, section)


def open_drafts_block(request, unit):
    from . import selectors

    drafts = selectors.open_drafts(unit, HOME_BLOCK_SIZE)
    if not drafts:
        return None
    return "consultations/home_block.html", {"drafts": drafts, "show_unit": unit.is_main_portal}


def search_drafts(query: str, language: str, unit):
    from . import selectors

    return selectors.drafts_matching(query, language, unit)


def register() -> None:
    from . import alerts
    from .sitemaps import DraftSitemap

    section_handler("consultations")(consultations_section)
    home_block(30)(open_drafts_block)
    search_provider("consultations", _("Drafts for comment"), 30)(search_drafts)
    sitemap("consultations")(DraftSitemap)
    alert_source(
        "consultations", _("Drafts for comment"), normalise=alerts.normalise, describe=alerts.describe
    )(alerts.item)
    from subsites.reorganisation import open_work

    from .services import hand_over_open_drafts

    open_work("drafts")(hand_over_open_drafts)
