"""Public reads of consultations: drafts by phase, a draft and its comments, the home block, search."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from .enums import Phase
from .models import Comment, Draft, DraftArticle

# The phases the public lists, each with its order.
LIST_PHASES = {
    Phase.OPEN: "closes_at",
    Phase.UPCOMING: "opens_at",
    Phase.CLOSED: "-closes_at",
    Phase.CONCLUDED: "-outcome__published_at",
}


def drafts_in_phase(unit, phase: str, language: str | None = None):
    """The visible drafts of a phase: the unit's own on a component site, every unit's on the main portal."""
    qs = Draft.objects.visible(language or get_language()).in_phase(phase).select_related("unit")
    if not unit.is_main_portal:
        qs = qs.in_unit(unit)
    return qs.order_by(LIST_PHASES[phase], "pk")


def draft_get_in_unit(unit, pk: int, language: str | None = None) -> Draft:
    """A draft of `unit` that the public may see; the same 404 for missing and not-yours."""
    return get_object_or_404(
        Draft.objects.visible(language or get_language()).select_related("unit"), pk=pk, unit=unit
    )


def draft_articles(draft: Draft) -> list[DraftArticle]:
    return list(draft.articles.all())


def draft_files(draft: Draft) -> list:
    return list(draft.files.all())


def draft_file_get(draft: Draft, pk: int):
    """One of the draft's files; 404 when it has no such file."""
    return get_object_or_404(draft.files.all(), pk=pk)


def draft_public_comments(draft: Draft, *, with_dispositions: bool = False):
    """The draft's published comments, with their article (and disposition when those are public)."""
    related = ["article", "disposition"] if with_dispositions else ["article"]
    return draft.comments.public().select_related(*related)


def draft_public_comment_counts(draft: Draft) -> dict[int, int]:
    """{article pk: number of published comments on it}."""
    public = draft.comments.public()
    return dict(
        public.filter(article__isnull=False).values_list("article").annotate(n=Count("pk")).order_by()
    )


def draft_public_outcome(draft: Draft):
    """The draft's outcome once the dispositions are public; None before."""
    return getattr(draft, "outcome", None) if draft.dispositions_public else None


def comment_get_by_token(unit, token: str) -> Comment:
    """The comment with `token` on a draft of `unit`; the same 404 for missing and not-yours."""
    return get_object_or_404(
        Comment.objects.select_related("draft__unit", "article"), token=token, draft__unit=unit
    )


def open_drafts(unit, limit: int) -> list[Draft]:
    """The drafts open for comment, closing first: the unit's own, or every unit's on the main portal."""
    drafts = Draft.objects.visible().open().select_related("unit").order_by("closes_at", "pk")
    if not unit.is_main_portal:
        drafts = drafts.in_unit(unit)
    return list(drafts[:limit])


def drafts_matching(query: str, language: str, unit):
    """Search: visible drafts in `language` matching `query` (in `unit` when given), newest first."""
    qs = Draft.objects.visible(language).search(query)
    if unit is not None:
        qs = qs.in_unit(unit)
    return qs.order_by("-posted_at", "-pk")
