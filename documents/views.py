"""Public pages of the registry: the finder, a document, its files, the leaders' week; all of request.unit."""

from __future__ import annotations

import hashlib
from datetime import MAXYEAR, MINYEAR, date, timedelta
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal import exports
from portal.cache import remember
from portal.templatetags.portal_tags import vn_number
from portal.uploads import file_response
from subsites.routing import unit_reverse

from . import conf, selectors, services
from . import exports as document_exports
from .enums import RELATION_INVERSE_LABELS, BudgetKind, Category, DocType, RelationKind, Validity
from .filters import SORTS, DocumentFilter
from .models import Attachment, monday_of

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
        labels = selectors.issuing_body_names(counts)
    elif name == "field":
        labels = selectors.field_names(counts)
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


def _not_understood(finder: DocumentFilter) -> list[str]:
    """Each filter value the finder could not use, named by its label: left out, and said so."""
    fields = finder.form.fields
    return [f"{fields[name].label}: {' '.join(errors)}" for name, errors in finder.errors.items()]


def _finder_context(request, *, category: str = "") -> dict:
    unit = _unit(request)
    finder = DocumentFilter(request.GET, queryset=selectors.finder_documents(unit, category))
    facet_names = CATEGORY_FACETS.get(
        category, [n for n in GENERAL_FACETS if not (category and n == "category")]
    )
    facets = _facets(request, unit, category, finder, facet_names)
    page = Paginator(finder.ordered().listing(), conf.per_page()).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "newest"
    # A category's own section filters by its category without a parameter: its exports name it.
    exported = urlencode({**kept, "category": category} if category else kept)
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
        "export": _export_links(unit, exported, page.paginator.count),
        "not_understood": _not_understood(finder),
    }


def _export_links(unit, query: str, matched: int) -> dict:
    suffix = f"?{query}" if query else ""
    return {
        "csv": unit_reverse(unit, "documents:export_csv") + suffix,
        "xlsx": unit_reverse(unit, "documents:export_xlsx") + suffix,
        "max_rows": exports.max_rows(),
        "allowed": matched <= exports.max_rows(),
        "matched": matched,
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


# --- exports of the finder's result (docs/exports.md) ---


def _export(request, extension: str):
    """The finder's result for the same parameters, or a page saying why it cannot be downloaded."""
    unit = _unit(request)
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})

    def url(document) -> str:
        return request.build_absolute_uri(reverse("documents:detail", kwargs={"pk": document.pk}))

    finder = DocumentFilter(request.GET, queryset=selectors.finder_documents(unit))

    def documents():
        return finder.ordered().listing()

    export = exports.ListExport(
        scope="documents-export",
        rows=documents,
        columns=document_exports.columns(url),
        sheet_title=str(_("Documents")),
        name=exports.filename("van-ban", unit, extension),
        title=_("Download documents"),
        back_url=unit_reverse(unit, "documents:finder") + (f"?{query}" if query else ""),
        back_label=_("Back to the documents with these filters"),
        busy=_("Too many downloads from your address: try again in a minute."),
        too_many=_(
            "These filters match %(matched)s documents; a download holds at most %(limit)s. Narrow the "
            "filters (a year, a type, an issuing body or a field) and download again."
        ),
        not_understood=tuple(_not_understood(finder)),
        cannot_use=_("These filters could not be used, so nothing was downloaded: %(errors)s"),
    )
    return exports.serve(request, extension, export)


export_csv, export_xlsx = exports.views(_export)


@require_GET
def detail(request, pk: int):
    document = selectors.document_get_in_unit(_unit(request), pk)
    outgoing, incoming = selectors.document_relations(document)
    context = {
        "document": document,
        "attachments": selectors.document_attachments(document),
        "outgoing": [{"label": RelationKind(r.kind).label, "document": r.target} for r in outgoing],
        "incoming": [{"label": RELATION_INVERSE_LABELS[r.kind], "document": r.source} for r in incoming],
    }
    return render(request, "documents/detail.html", context)


def _public_attachment(request, pk: int) -> Attachment:
    return selectors.attachment_get_public(_unit(request), pk)


def _serve(attachment: Attachment, *, as_attachment: bool):
    try:
        response = file_response(
            attachment.file, download_name=attachment.download_name(), content_type=attachment.content_type
        )
    except FileNotFoundError:
        raise Http404("file missing from storage") from None
    if response.status_code != 200:  # the file store did not answer: not a download
        return response
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
    schedule = selectors.schedule_of_week(unit, week_start)
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
    week = {"year": week_start.year, "month": week_start.month, "day": week_start.day}
    return {
        "export": {
            "csv": unit_reverse(unit, "documents:schedule_export_csv", **week),
            "xlsx": unit_reverse(unit, "documents:schedule_export_xlsx", **week),
        },
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
    # The week before and after are linked: the calendar's first and last years have no such neighbours.
    if not MINYEAR < year < MAXYEAR:
        raise Http404("no such date")
    try:
        asked = date(year, month, day)
    except (ValueError, OverflowError):
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


def _schedule_export(request, extension: str, year: int, month: int, day: int):
    """A week of the leaders' schedule as its page shows it; a day that is no Monday is no week (404)."""
    unit = _unit(request)
    try:
        monday = date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404("no such date") from None
    if monday != monday_of(monday):
        raise Http404("a week starts on a Monday")
    if exports.rate_limited(request, "documents-export", exports.per_minute()):
        return exports.refused(
            request,
            status=429,
            title=_("Leaders' working schedule"),
            message=_("Too many downloads from your address: try again in a minute."),
            back_url=unit_reverse(unit, "documents:schedule_week", year=year, month=month, day=day),
            back_label=_("Back to the week's schedule"),
        )
    return exports.download(
        extension,
        columns=document_exports.schedule_columns(),
        objects=document_exports.schedule_entries(selectors.schedule_of_week(unit, monday)),
        sheet_title=str(_("Leaders' working schedule")),
        name=f"lich-lam-viec-{unit.key}-{monday:%Y-%m-%d}.{extension}",
    )


schedule_export_csv, schedule_export_xlsx = exports.views(_schedule_export)


def section_schedule(request, section):
    context = _week_context(request, monday_of(timezone.localdate()))
    context.update({"title": section.title, "section": section})
    return render(request, "documents/schedule.html", context)
