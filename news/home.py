"""The main portal's and each unit's home: the latest articles of each channel (kênh thông tin)."""

from __future__ import annotations

from django.utils.translation import get_language

from subsites.enums import SectionKind
from subsites.models import Section

from .selectors import public_articles

CHANNEL_ITEMS = 4


def _channels(unit) -> list[dict]:
    """Top-level menu sections that file articles (directly or below), each with its article sections."""
    article_sections = list(Section.objects.visible().filter(unit=unit, kind=SectionKind.ARTICLES))
    if not article_sections:
        return []
    roots = {
        s.tree_id: s
        for s in Section.objects.visible().filter(
            unit=unit, parent__isnull=True, tree_id__in={s.tree_id for s in article_sections}
        )
    }
    channels = []
    for root in sorted(roots.values(), key=lambda s: (s.order, s.pk)):
        ids = [s.pk for s in article_sections if s.tree_id == root.tree_id]
        channels.append({"section": root, "section_ids": ids})
    return channels


def channels_block(request, unit):
    """The latest articles of each channel (kênh thông tin); only where a unit has several channels."""
    channels = []
    for channel in _channels(unit):
        articles = list(
            public_articles(unit, get_language())
            .filter(sections__in=channel["section_ids"])
            .distinct()
            .select_related("unit")
            .order_by("-published_at", "-pk")[:CHANNEL_ITEMS]
        )
        if articles:
            channels.append({"section": channel["section"], "articles": articles})
    if len(channels) < 2:
        return None
    return "subsites/blocks/channels.html", {"channels": channels}
