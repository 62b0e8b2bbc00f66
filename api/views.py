"""The open-data API, /api/v1/: public content as JSON, read only through the apps' selectors.

Every list is newest first by id, in pages of `limit` items; `next_cursor` (null on the last page) is
passed back as `cursor` for the next page. See docs/api.md.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext
from ninja import NinjaAPI, Path, Query
from ninja.errors import HttpError, ValidationError
from ninja.openapi.docs import Swagger

from citizen_qa.models import Question
from consultations import selectors as consultation_selectors
from consultations.selectors import LIST_PHASES
from documents import selectors as document_selectors
from documents.filters import DocumentFilter
from documents.models import monday_of
from news.selectors import public_articles
from portal.cache import remember
from reports.figures import build_figures
from subsites import selectors as unit_selectors
from subsites.routing import unit_reverse

from . import schemas
from .http import error

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}
MAX_LIMIT = 100


def _description() -> str:
    return (
        "Public content of the provincial portal as open data: units, news, documents, leaders' "
        "schedules, drafts for comment, published questions and answers, and the half-year figures. "
        f"Read only; anonymous clients are limited to {settings.PORTAL_API_REQUESTS_PER_MINUTE} requests "
        "a minute per address (429 with Retry-After).\n\n"
        f"**Licence of the data:** {settings.PORTAL_API_LICENCE}"
    )


class LocalSwagger(Swagger):
    """The OpenAPI page with the Swagger UI this site serves (django-ninja renders its own template with
    it only when ninja is an installed app, which is kept out of the web workers; else from a CDN)."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        return render(request, "api/swagger.html", {"swagger_settings": self.settings, "api": api})


class PortalApi(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        # The licence is a setting: read at each request so an operator's value (and a test's) shows.
        self.description = _description()
        schema = super().get_openapi_schema(*args, **kwargs)
        schema["info"]["license"] = {"name": settings.PORTAL_API_LICENCE}
        return schema


api = PortalApi(
    title="Open data API",
    version="1",
    description="",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs/",
    docs=LocalSwagger(),
)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return error(400, gettext("Invalid parameters."))


@api.exception_handler(Http404)
def _missing(request, exc):
    return error(404, gettext("Not found."))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return error(exc.status_code, str(exc))


# --- shared parameters ---
def _unit(key: str):
    unit = unit_selectors.unit_by_key(key) if key else unit_selectors.main_portal()
    if unit is None or not unit.active:
        raise HttpError(404, gettext("No such unit."))
    return unit


def _language(code: str) -> str:
    if code not in LANGUAGES:
        raise HttpError(400, gettext("Unknown language."))
    return code


def _page(queryset, cursor: str, limit: int):
    """One page of `queryset` by id, newest first, after `cursor` (the last id of the page before)."""
    if cursor:
        if not cursor.isascii() or not cursor.isdigit() or len(cursor) > 18:
            raise HttpError(400, gettext("Invalid cursor."))
        queryset = queryset.filter(pk__lt=int(cursor))
    rows = list(queryset.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (str(rows[-1].pk) if more else None)


def _absolute(request, address: str) -> str:
    return request.build_absolute_uri(address)


UNIT = Query("", description="A unit's key (the main portal when empty).", max_length=100)
CURSOR = Query("", description="`next_cursor` of the page before.", max_length=100)
LIMIT = Query(20, ge=1, le=MAX_LIMIT, description="Items per page.")
LANGUAGE = Query("vi", description="Language: vi, en or km.", max_length=8)
DOCUMENT_ID = Path(..., ge=1, le=2**31 - 1, description="The document's id.")
YEAR = Path(..., ge=2000, le=2999, description="The year.")
HALF = Path(..., ge=1, le=2, description="1: January–June; 2: July–December.")
WORDS = Query("", description="Words, each of which must appear (accents ignored).", max_length=1000)
WEEK = Query(None, description="A day of the week (this week when absent).")


# --- units ---
@api.get("/units", response={200: schemas.UnitList, **ERRORS}, summary="Units", tags=["units"])
def units(request):
    """The main portal and the active component sites, in tree order."""
    items = [
        {
            "key": u.key,
            "name": u.name,
            "short_name": u.short_name,
            "type": u.type,
            "parent": getattr(u.parent, "key", None) if u.parent_id else None,
            "address": u.address,
            "phone": u.phone,
            "email": u.email,
        }
        for u in unit_selectors.active_units()
    ]
    return {"items": items}


# --- news ---
@api.get("/news", response={200: schemas.ArticlePage, **ERRORS}, summary="News articles", tags=["news"])
def news(
    request, unit: str = UNIT, q: str = WORDS, lang: str = LANGUAGE, cursor: str = CURSOR, limit: int = LIMIT
):
    """A unit's published articles in one language (on the main portal, also those promoted to it)."""
    the_unit, language = _unit(unit), _language(lang)
    with translation.override(language):
        articles = public_articles(the_unit, language).search(q).select_related("unit")
        rows, next_cursor = _page(articles, cursor, limit)
        items = [_article(request, a, language) for a in rows]
    return {"items": items, "next_cursor": next_cursor}


def _article(request, article, language: str) -> dict:
    return {
        "id": article.pk,
        "unit": article.unit.key,
        "language": language,
        "title": article.title,
        "summary": article.summary or "",
        "body": article.body or "",
        "published_at": article.published_at,
        "url": _absolute(request, article.get_absolute_url()),
    }


# --- documents ---
@api.get(
    "/documents", response={200: schemas.DocumentPage, **ERRORS}, summary="Documents", tags=["documents"]
)
def documents(
    request,
    unit: str = UNIT,
    q: str = Query("", description="Number and symbol, or words of the abstract.", max_length=10000),
    doc_type: str = Query("", description="Type code, as the finder's (e.g. QĐ).", max_length=20),
    issuing_body: str = Query("", description="Issuing body id.", max_length=20),
    field: str = Query("", description="Field id.", max_length=20),
    category: str = Query("", description="Category.", max_length=40),
    year: str = Query("", description="Year of issue.", max_length=10),
    validity: str = Query("", description="not_yet, in_force, amended, replaced or expired.", max_length=20),
    cursor: str = CURSOR,
    limit: int = LIMIT,
):
    """A unit's public documents with their files, filtered like the document finder."""
    data = {
        "q": q,
        "doc_type": doc_type,
        "issuing_body": issuing_body,
        "field": field,
        "category": category,
        "year": year,
        "validity": validity,
    }
    the_unit = _unit(unit)
    finder = DocumentFilter({k: v for k, v in data.items() if v}, queryset=_documents_base(the_unit))
    if not finder.is_valid():
        raise HttpError(400, gettext("Invalid filter."))
    rows, next_cursor = _page(finder.qs, cursor, limit)
    return {"items": [_document(request, d) for d in rows], "next_cursor": next_cursor}


def _documents_base(unit):
    return (
        document_selectors.finder_documents(unit)
        .select_related("unit", "issuing_body", "field")
        .prefetch_related("attachments")
    )


@api.get(
    "/documents/{document_id}",
    response={200: schemas.DocumentDetailOut, **ERRORS},
    summary="A document with its files and relations",
    tags=["documents"],
)
def document(request, document_id: int = DOCUMENT_ID, unit: str = UNIT):
    found = document_selectors.document_get_in_unit(_unit(unit), document_id)
    outgoing, incoming = document_selectors.document_relations(found)
    relations = [
        {
            "kind": r.kind,
            "direction": "outgoing",
            "document_id": r.target_id,
            "number_symbol": r.target.number_symbol,
        }
        for r in outgoing
    ] + [
        {
            "kind": r.kind,
            "direction": "incoming",
            "document_id": r.source_id,
            "number_symbol": r.source.number_symbol,
        }
        for r in incoming
    ]
    return {
        **_document(request, found, document_selectors.document_attachments(found)),
        "relations": relations,
    }


def _named(item) -> dict | None:
    return {"id": item.pk, "name": item.name} if item is not None else None


def _document(request, d, attachments=None) -> dict:
    files = attachments if attachments is not None else d.attachments.all()
    return {
        "id": d.pk,
        "unit": d.unit.key,
        "number_symbol": d.number_symbol,
        "doc_type": d.doc_type,
        "category": d.category,
        "title": d.title,
        "issuing_body": _named(d.issuing_body),
        "field": _named(d.field),
        "signer": d.signer,
        "issued_on": d.issued_on,
        "effective_on": d.effective_on,
        "expires_on": d.expires_on,
        "validity": getattr(d, "validity_state", None),
        "posted_at": d.posted_at,
        "url": _absolute(request, d.get_absolute_url()),
        "files": [
            {
                "id": a.pk,
                "title": a.title,
                "content_type": a.content_type,
                "size": a.size,
                "download_url": _absolute(
                    request, unit_reverse(d.unit, "documents:attachment_download", pk=a.pk)
                ),
            }
            for a in files
        ],
    }


# --- leaders' schedules ---
@api.get(
    "/schedules",
    response={200: schemas.ScheduleOut, **ERRORS},
    summary="Leaders' schedule",
    tags=["schedules"],
)
def schedule(request, unit: str = UNIT, week: date | None = WEEK):
    """A unit's published working schedule of the week containing `week` (this week when absent)."""
    the_unit = _unit(unit)
    week_start = monday_of(week or timezone.localdate())
    found = document_selectors.schedule_of_week(the_unit, week_start)
    if found is None:
        raise Http404
    entries = [
        {
            "date": e.date,
            "time": e.time,
            "leader": e.leader,
            "content": e.content,
            "location": e.location,
            "participants": e.participants,
        }
        for e in found.entries.all()
    ]
    return {"unit": the_unit.key, "week_start": found.week_start, "entries": entries}


# --- consultations ---
@api.get(
    "/drafts", response={200: schemas.DraftPage, **ERRORS}, summary="Drafts for comment", tags=["drafts"]
)
def drafts(
    request,
    unit: str = UNIT,
    phase: str = Query("open", description="upcoming, open, closed or concluded.", max_length=20),
    lang: str = LANGUAGE,
    cursor: str = CURSOR,
    limit: int = Query(20, ge=1, le=50, description="Items per page."),
):
    """Drafts of a phase with their published comments' counts and, once public, their outcome."""
    the_unit, language = _unit(unit), _language(lang)
    if phase not in LIST_PHASES:
        raise HttpError(400, gettext("Unknown phase."))
    with translation.override(language):
        base = consultation_selectors.drafts_in_phase(the_unit, phase, language)
        rows, next_cursor = _page(base, cursor, limit)
        items = [_draft(request, d) for d in rows]
    return {"items": items, "next_cursor": next_cursor}


def _draft(request, draft) -> dict:
    counts = consultation_selectors.draft_public_comment_counts(draft)
    labels = {
        a.pk: a.label or a.heading for a in consultation_selectors.draft_articles(draft) if a.pk in counts
    }
    outcome = consultation_selectors.draft_public_outcome(draft)
    return {
        "id": draft.pk,
        "unit": draft.unit.key,
        "title": draft.title,
        "summary": draft.summary or "",
        "draft_type": draft.draft_type,
        "drafting_agency": draft.drafting_agency,
        "opens_at": draft.opens_at,
        "closes_at": draft.closes_at,
        "comments": consultation_selectors.draft_public_comments(draft).count(),
        "comments_by_article": [{"article": labels.get(pk, ""), "comments": n} for pk, n in counts.items()],
        "outcome": {"report": outcome.report, "published_at": outcome.published_at} if outcome else None,
        "url": _absolute(request, draft.get_absolute_url()),
    }


# --- questions and answers ---
@api.get(
    "/questions",
    response={200: schemas.QuestionPage, **ERRORS},
    summary="Questions and answers",
    tags=["questions"],
)
def questions(
    request,
    unit: str = UNIT,
    field: str = Query("", description="A field's slug.", max_length=100),
    q: str = WORDS,
    lang: str = LANGUAGE,
    cursor: str = CURSOR,
    limit: int = LIMIT,
):
    """Published questions with their answers. Nothing about the person who asked."""
    the_unit, language = _unit(unit), _language(lang)
    base = Question.objects.visible(language).in_unit(the_unit).search(q)
    base = base.select_related("unit", "field", "answer")
    if field:
        base = base.filter(field__slug=field)
    with translation.override(language):
        rows, next_cursor = _page(base, cursor, limit)
        items = [_question(request, q) for q in rows]
    return {"items": items, "next_cursor": next_cursor}


def _question(request, question) -> dict:
    answer = getattr(question, "answer", None)
    return {
        "id": question.pk,
        "unit": question.unit.key,
        "field": question.field.name if question.field_id else None,
        "title": question.title,
        "body": question.body,
        "published_at": question.published_at,
        "answer": {"body": answer.body, "answered_by": answer.answered_by, "approved_at": answer.approved_at}
        if answer
        else None,
        "url": _absolute(request, question.get_absolute_url()),
    }


# --- the half-year figures ---
@api.get(
    "/figures/{year}/{half}",
    response={200: dict, **ERRORS},
    summary="Half-year figures",
    tags=["figures"],
)
def figures(request, year: int = YEAR, half: int = HALF):
    """The figures of contracts/report-json.md for a half year (1: January–June, 2: July–December)
    that is over."""
    start, end = (
        (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))
    )
    if end >= timezone.localdate():
        raise HttpError(404, gettext("Only periods that are over have figures."))
    return remember(f"api:figures:{year}:{half}", ("content",), lambda: build_figures(start, end))
