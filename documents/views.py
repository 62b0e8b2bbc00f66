"""Public pages of the registry: the finder, a document, its files, the leaders' week; all of request.unit."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.cache import remember
from portal.templatetags.portal_tags import vn_number
from portal.uploads import file_response
from subsites.routing import unit_reverse

from . import conf, services
from .enums import RELATION_INVERSE_LABELS, BudgetKind, Category, DocType, RelationKind, Validity
from .filters import SORTS, DocumentFilter
from .models import Attachment, Document, Field, IssuingBody, LeaderSchedule, monday_of

FACETS_TTL = 3600
# Facets shown in the finder; a category's own section drops the category and adds what it needs.
GENERAL_FACETS = ["category", "doc_type", "issuing_body", "field", "year", "validity"]
CATEGORY_FACETS = {
    Category.BUDGET: ["fiscal_year", "budget_kind", "issuing_body", "validity"],
    Category.SOE_REPORT: ["year", "doc_type", "issuing_body"],
}


def _unit(request):
    if getattr(request, "unit", None) is None:
        raise Http404("no unit")
    return request.unit


def document_get_in_unit(unit, pk: int) -> Document:
    """A public document of `unit`: the same 404 for missing, unpublished and another unit's."""
    document = (
        Document.objects.visible()
        .in_unit(unit)
        .with_validity()
        .select_related("issuing_body", "field", "unit")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404("no such document")
    return document


def _options(name: str, counts: dict, selected: str) -> list[dict]:
    labels: dict = {}
    if name == "doc_type":
        labels = {t.value: f"{t.value} – {t.label}" for t in DocType}
    elif name == "category":
        labels = dict(Category.choices)
    elif name == "validity":
        labels = dict(Validity.choices)
    elif name == "budget_kind":
        labels = dict(BudgetKind.choices)
    elif name == "issuing_body":
        labels = {b.pk: b.name for b in IssuingBody.objects.filter(pk__in=list(counts))}
    elif name == "field":
        labels = {f.pk: f.name for f in Field.objects.filter(pk__in=list(counts))}
    if name in ("year", "fiscal_year"):
        values = sorted(counts, reverse=True)
    else:
        values = sorted(counts, key=lambda v: str(labels.get(v, v)))
    return [
        {
            "value": str(value),
            "label": str(labels.get(value, value)),
            "count": counts[value],
            "selected": str(value) == selected,
        }
        for value in values
    ]


def _options_html(options: list[dict]) -> str:
    """A facet's <option>s, built once with the counts they show (hundreds of issuing bodies)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        (
            (o["value"], mark_safe(" selected") if o["selected"] else "", o["label"], vn_number(o["count"]))
            for o in options
        ),
    )


def _facets(request, unit, category: str, finder: DocumentFilter, facet_names: list[str]) -> list[dict]:
    """The options of every facet with their counts: six aggregate queries, so kept until the unit's
    documents or the shared lists change, or the local date does (validity is counted by date)."""
    chosen = sorted((k, v) for k, v in request.GET.items() if k not in ("page", "sort"))
    digest = hashlib.sha256(repr(chosen).encode()).hexdigest()[:32]
    key = f"documents:facets:v2:{unit.pk}:{category}:{get_language()}:{timezone.localdate()}:{digest}"

    def build() -> list[dict]:
        counts = finder.facet_counts(facet_names)
        facets = []
        for name in facet_names:
            options = _options(name, counts[name], request.GET.get(name, ""))
            facets.append(
                {
                    "name": name,
                    "label": str(finder.filters[name].label),
                    "options": options,
                    "options_html": _options_html(options),
                }
            )
        return facets

    return remember(key, (("documents", unit.pk), ("unit", unit.pk), "site"), build, FACETS_TTL)


def _finder_context(request, *, category: str = "") -> dict:
    unit = _unit(request)
    base = Document.objects.visible().in_unit(unit).of_category(category).with_validity()
    finder = DocumentFilter(request.GET, queryset=base)
    facet_names = CATEGORY_FACETS.get(
        category, [n for n in GENERAL_FACETS if not (category and n == "category")]
    )
    facets = _facets(request, unit, category, finder, facet_names)
    page = Paginator(finder.ordered().listing(), conf.PER_PAGE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    return {
        "finder": finder,
        "facets": facets,
        "page_obj": page,
        "documents": page.object_list,
        "query": request.GET.get("q", "")[:200],
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "sort": sort,
        "extra": urlencode(kept),
        "filtered": bool(kept),
        "category": category,
        "feed_url": unit_reverse(unit, "documents:feed_category", category=category)
        if category
        else unit_reverse(unit, "documents:feed"),
    }


@require_GET
def finder(request):
    context = _finder_context(request)
    context["title"] = _("Documents")
    return render(request, "documents/finder.html", context)


def section_documents(request, section):
    """A menu section of kind "documents": the finder restricted to the section's category."""
    category = section.category if section.category in Category.values else ""
    context = _finder_context(request, category=category)
    context.update({"title": section.title, "section": section})
    return render(request, "documents/finder.html", context)


@require_GET
def detail(request, pk: int):
    document = document_get_in_unit(_unit(request), pk)
    visible = Document.objects.visible()
    outgoing = (
        document.relations_out.filter(target__in=visible.values("pk"))
        .select_related("target__unit")
        .order_by("kind", "target__issued_on")
    )
    incoming = (
        document.relations_in.filter(source__in=visible.values("pk"))
        .select_related("source__unit")
        .order_by("kind", "source__issued_on")
    )
    context = {
        "document": document,
        "attachments": list(document.attachments.all()),
        "outgoing": [{"label": RelationKind(r.kind).label, "document": r.target} for r in outgoing],
        "incoming": [{"label": RELATION_INVERSE_LABELS[r.kind], "document": r.source} for r in incoming],
    }
    return render(request, "documents/detail.html", context)


def _public_attachment(request, pk: int) -> Attachment:
    documents = Document.objects.visible().in_unit(_unit(request)).values("pk")
    attachment = Attachment.objects.select_related("document").filter(pk=pk, document__in=documents).first()
    if attachment is None:
        raise Http404("no such file")
    return attachment


def _serve(attachment: Attachment, *, as_attachment: bool):
    try:
        response = file_response(
            attachment.file, download_name=attachment.download_name(), content_type=attachment.content_type
        )
    except FileNotFoundError:
        raise Http404("file missing from storage") from None
    services.attachment_count_download(attachment=attachment)
    if as_attachment:
        response["Content-Disposition"] = content_disposition_header(True, attachment.download_name())
    return response


@require_GET
def attachment_view(request, pk: int):
    """Shown in the browser when safe to render (PDF), else downloaded."""
    return _serve(_public_attachment(request, pk), as_attachment=False)


@require_GET
def attachment_download(request, pk: int):
    return _serve(_public_attachment(request, pk), as_attachment=True)


# --- leaders' weekly schedule ---


def _week_context(request, week_start: date) -> dict:
    unit = _unit(request)
    schedule = (
        LeaderSchedule.objects.visible()
        .in_unit(unit)
        .for_week(week_start)
        .prefetch_related("entries")
        .first()
    )
    entries = list(schedule.entries.all()) if schedule else []
    days = []
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        days.append({"date": day, "entries": [e for e in entries if e.date == day]})

    def week_url(monday: date) -> str:
        return unit_reverse(
            unit, "documents:schedule_week", year=monday.year, month=monday.month, day=monday.day
        )

    today = timezone.localdate()
    return {
        "schedule": schedule,
        "week_start": week_start,
        "week_end": week_start + timedelta(days=6),
        "days": days,
        "has_entries": bool(entries),
        "previous_url": week_url(week_start - timedelta(weeks=1)),
        "next_url": week_url(week_start + timedelta(weeks=1)),
        "this_week_url": week_url(monday_of(today)),
        "is_this_week": week_start == monday_of(today),
        "today": today,
    }


@require_GET
def schedule(request):
    context = _week_context(request, monday_of(timezone.localdate()))
    context["title"] = _("Leaders' working schedule")
    return render(request, "documents/schedule.html", context)


@require_GET
def schedule_week(request, year: int, month: int, day: int):
    try:
        asked = date(year, month, day)
    except ValueError:
        raise Http404("no such date") from None
    monday = monday_of(asked)
    if monday != asked:
        return HttpResponseRedirect(
            unit_reverse(
                _unit(request),
                "documents:schedule_week",
                year=monday.year,
                month=monday.month,
                day=monday.day,
            )
        )
    context = _week_context(request, monday)
    context["title"] = _("Leaders' working schedule")
    return render(request, "documents/schedule.html", context)


def section_schedule(request, section):
    context = _week_context(request, monday_of(timezone.localdate()))
    context.update({"title": section.title, "section": section})
    return render(request, "documents/schedule.html", context)
