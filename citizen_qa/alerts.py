"""What e-mail alerts may follow in the Q&A: the answers published in a unit, in one field or every one,
with the list's other filters (the answering unit on the main portal, words). An item is a published
question with its answer: its title, text and address, never anything of the asker."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from portal.registry import AlertItem
from subsites.selectors import main_portal, unit_by_key

from .models import Field, Question

MAX_WORDS = 200  # as many characters as the list searches
MAX_KEY = 100  # longer than any field's slug or unit's key


def _printable(value) -> bool:
    return all(ch.isprintable() for ch in value)


def _field(params) -> str:
    slug = str(params.get("linh-vuc", "") or "")
    if not slug:
        return ""
    known = len(slug) <= MAX_KEY and _printable(slug)
    if not (known and Field.objects.active().filter(slug=slug).exists()):
        raise ValueError(_("Field: there is no such field of questions."))
    return slug


def _unit(params) -> str:
    key = str(params.get("don-vi", "") or "")
    if not key:
        return ""
    unit = unit_by_key(key) if len(key) <= MAX_KEY and _printable(key) else None
    if unit is None or not unit.active:
        raise ValueError(_("Answered by: there is no such unit."))
    return unit.key


def normalise(params) -> dict[str, str]:
    """The list's filters ("linh-vuc", "don-vi", "q") as strings, empty ones dropped; a field or unit
    that does not exist raises ValueError naming it."""
    words = "".join(ch for ch in str(params.get("q", "") or "") if ch.isprintable())
    clean = {"linh-vuc": _field(params), "don-vi": _unit(params), "q": " ".join(words.split())[:MAX_WORDS]}
    return {name: value.strip() for name, value in clean.items() if value.strip()}


def describe(params: dict) -> str:
    """ "Field: Land; Answered by: Department of Justice; “words”", or "every field"."""
    parts = []
    if "linh-vuc" in params:
        field = Field.objects.filter(slug=params["linh-vuc"]).first()
        parts.append(_("Field: %(name)s") % {"name": field.name if field else params["linh-vuc"]})
    if "don-vi" in params:
        unit = unit_by_key(params["don-vi"])
        parts.append(_("Answered by: %(unit)s") % {"unit": unit.name if unit else params["don-vi"]})
    if "q" in params:
        parts.append(f"“{params['q']}”")
    return "; ".join(parts) if parts else _("every field")


def item(pk: int) -> AlertItem | None:
    """A published question and its answer, or None (not public, not there). Its text is the folded
    title, question and answer (Question.search_text), which holds none of the asker's data."""
    question = (
        Question.objects.visible(settings.LANGUAGE_CODE)
        .select_related("unit", "forwarded_to", "field")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        return None
    titles, paths = {}, {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            titles[language] = _("%(title)s — answered") % {"title": question.title}
            paths[language] = question.get_absolute_url()
    # Listed by the unit that answered it too, and by the main portal, which lists every unit's.
    main = main_portal()
    units = {question.forwarded_to_id, main.pk if main is not None else None} - {None, question.unit_id}
    return AlertItem(
        key=f"questions:{question.pk}",
        pk=question.pk,
        unit_id=question.unit_id,
        published_at=question.published_at,
        attributes={
            "linh-vuc": question.field.slug if question.field else "",
            "don-vi": question.forwarded_to.key if question.forwarded_to else "",
        },
        text=question.search_text,
        titles=titles,
        paths=paths,
        units=frozenset(units),
    )
