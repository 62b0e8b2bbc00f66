"""What e-mail alerts may follow in the news: a unit's news, or one of its sections (and those below)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from portal.registry import AlertItem
from subsites.models import Section

from .models import Article


def normalise(params) -> dict[str, str]:
    """{"section": pk} for a section's list, {} for the whole news; a bad section raises ValueError."""
    section = "".join(ch for ch in str(params.get("section", "")) if ch.isprintable()).strip()
    if not section:
        return {}
    known = section.isdigit() and len(section) < 12
    if not (known and Section.objects.filter(pk=section, kind="articles").exists()):
        raise ValueError(_("Section: there is no such news section."))
    return {"section": str(int(section))}


def describe(params: dict) -> str:
    if "section" not in params:
        return _("all news")
    section = Section.objects.filter(pk=params["section"]).first()
    return _("Section: %(title)s") % {"title": section.title if section else params["section"]}


def item(pk: int) -> AlertItem | None:
    """A public article with the sections it is filed under (and theirs above), or None."""
    article = (
        Article.objects.visible(settings.LANGUAGE_CODE)
        .select_related("unit")
        .prefetch_related("translations", "sections")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        return None
    sections = {
        str(s.pk) for section in article.sections.all() for s in section.get_ancestors(include_self=True)
    }
    titles, paths = {}, {}
    for language in article.live_languages():
        with translation.override(language):
            titles[language] = article.title
            paths[language] = article.get_absolute_url()
    return AlertItem(
        key=f"news:{article.pk}",
        pk=article.pk,
        unit_id=article.unit_id,
        published_at=article.published_at,
        attributes={"section": sections},
        text=article.search_text,
        titles=titles,
        paths=paths,
    )
