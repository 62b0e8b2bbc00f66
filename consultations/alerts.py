"""What e-mail alerts may follow in consultations: a unit's drafts, each announced at three moments (it
opens for comment, it closes, its outcome is published), each moment its own item ("<pk>:<moment>")."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.registry import AlertItem
from subsites.selectors import main_portal

from .enums import Phase
from .models import Draft

OPENED, CLOSED, OUTCOME = "opened", "closed", "outcome"
# Each moment, the list's tab (phase) it leads to, and the phases in which it has happened: a draft
# suspended or withdrawn since has none, and what was still owed of it is not sent.
MOMENTS = {
    OPENED: (Phase.OPEN, {Phase.OPEN, Phase.CLOSED, Phase.CONCLUDED}),
    CLOSED: (Phase.CLOSED, {Phase.CLOSED, Phase.CONCLUDED}),
    OUTCOME: (Phase.CONCLUDED, {Phase.CONCLUDED}),
}
FOLLOWED_PHASES = {
    Phase.OPEN: gettext_lazy("drafts opening for comment"),
    Phase.CLOSED: gettext_lazy("drafts whose consultation closes"),
    Phase.CONCLUDED: gettext_lazy("drafts whose outcome is published"),
}


def ref(draft: Draft, moment: str) -> str:
    """What the `published` signal carries for a moment of a draft."""
    return f"{draft.pk}:{moment}"


def normalise(params) -> dict[str, str]:
    """{} for every moment of the drafts, {"phase": …} for one of them (the list's tabs name them);
    anything else raises ValueError."""
    phase = str(params.get("phase", "") or "")
    if not phase:
        return {}
    if phase not in FOLLOWED_PHASES:
        raise ValueError(
            _("Phase: alerts follow the drafts opening for comment, closing, or with their outcome.")
        )
    return {"phase": phase}


def describe(params: dict) -> str:
    if "phase" not in params:
        return _("every draft: when it opens for comment, when it closes, when its outcome is published")
    return str(FOLLOWED_PHASES.get(params["phase"], params["phase"]))


def _title(draft: Draft, moment: str) -> str:
    if moment == OPENED:
        return _("Consultation: %(title)s — open for comment until %(date)s") % {
            "title": draft.title,
            "date": timezone.localtime(draft.closes_at).strftime("%d/%m/%Y"),
        }
    if moment == CLOSED:
        return _("Consultation: %(title)s — closed for comment on %(date)s") % {
            "title": draft.title,
            "date": timezone.localtime(draft.closes_at).strftime("%d/%m/%Y"),
        }
    return _("Consultation: %(title)s — report on the comments published") % {"title": draft.title}


def _moment_at(draft: Draft, moment: str):
    """When the moment came; None for an outcome not (or no longer) there."""
    if moment == OPENED:
        return draft.opens_at
    if moment == CLOSED:
        return draft.closes_at
    outcome = getattr(draft, "outcome", None)
    return outcome.published_at if outcome is not None else None


def item(reference) -> AlertItem | None:
    """A moment of a public draft that has happened, or None (not public, not yet, suspended, withdrawn)."""
    pk, _sep, moment = str(reference).partition(":")
    if moment not in MOMENTS or not pk.isdigit():
        return None
    draft = (
        Draft.objects.visible(settings.LANGUAGE_CODE).select_related("unit", "outcome").filter(pk=pk).first()
    )
    phase, happened = MOMENTS[moment]
    if draft is None or draft.phase() not in happened:
        return None
    at = _moment_at(draft, moment)
    if at is None:
        return None
    titles, paths = {}, {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            titles[language] = _title(draft, moment)
            paths[language] = draft.get_absolute_url()
    main = main_portal()
    return AlertItem(
        key=f"consultations:{ref(draft, moment)}",
        pk=draft.pk,
        unit_id=draft.unit_id,
        published_at=at,
        attributes={"phase": str(phase)},
        text=draft.search_text,
        titles=titles,
        paths=paths,
        # The main portal lists every unit's drafts: who follows its list follows them all.
        units=frozenset({main.pk}) if main is not None else frozenset(),
    )
