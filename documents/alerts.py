"""What e-mail alerts may follow in the registry: the finder's filters, and a document as alerts see it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from portal.registry import AlertItem

from .filters import DocumentFilter
from .models import Document

# The finder's filters a subscription keeps; the sort and the page are not what a list shows.
PARAMS = (
    "q",
    "doc_type",
    "issuing_body",
    "field",
    "category",
    "year",
    "validity",
    "fiscal_year",
    "budget_kind",
)
MAX_WORDS = 200


def _text(value) -> str:
    return "".join(ch for ch in str(value) if ch.isprintable()).strip()


def normalise(params) -> dict[str, str]:
    """The finder's filters as strings, empty ones dropped; a bad value raises ValueError naming it."""
    data = {name: _text(params.get(name, "")) for name in PARAMS}
    data["q"] = " ".join(data["q"].split())[:MAX_WORDS]
    finder = DocumentFilter({k: v for k, v in data.items() if v}, queryset=Document.objects.none())
    form = finder.form
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        label = finder.filters[name].label if name in finder.filters else name
        raise ValueError(_("%(field)s: %(error)s") % {"field": label, "error": " ".join(errors)})
    clean = {}
    for name in PARAMS:
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if hasattr(value, "pk"):
            value = value.pk
        elif isinstance(value, float | Decimal):  # a year
            value = int(value)
        clean[name] = str(value)
    return clean


def describe(params: dict) -> str:
    """The filter in words, in the active language: "Type: QĐ – Quyết định; Field: Education"."""
    finder = DocumentFilter(params, queryset=Document.objects.none())
    finder.form.is_valid()
    parts = []
    for name in PARAMS:
        if name not in params:
            continue
        value = finder.form.cleaned_data.get(name, params[name])
        field = finder.form.fields[name]
        if name == "q":
            shown = f"“{params[name]}”"
        elif hasattr(field, "choices") and not hasattr(value, "pk"):
            shown = str(dict(field.choices).get(params[name], params[name]))
        else:
            shown = str(value)
        parts.append(f"{finder.filters[name].label}: {shown}")
    return "; ".join(parts) if parts else _("every document")


def item(pk: int) -> AlertItem | None:
    """A public document with what the finder filters it by, or None (not public, not there)."""
    document = (
        Document.objects.visible(settings.LANGUAGE_CODE)
        .with_validity()
        .select_related("unit")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        return None
    titles, paths = {}, {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            titles[language] = f"{document.number_symbol} — {document.localized_title()['text']}"
            paths[language] = document.get_absolute_url()
    attributes = {
        "doc_type": document.doc_type,
        "issuing_body": str(document.issuing_body_id),
        "field": str(document.field_id or ""),
        "category": document.category,
        "year": str(document.year),
        "validity": document.validity_state,
        "fiscal_year": str(document.fiscal_year or ""),
        "budget_kind": document.budget_kind,
    }
    return AlertItem(
        key=f"documents:{document.pk}",
        pk=document.pk,
        unit_id=document.unit_id,
        published_at=document.published_at,
        attributes=attributes,
        text=document.search_text,
        titles=titles,
        paths=paths,
    )
