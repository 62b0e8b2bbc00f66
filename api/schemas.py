"""The shapes of the API's answers: what the OpenAPI description documents. No personal data in any."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from ninja import Schema


class Error(Schema):
    detail: Any


class UnitOut(Schema):
    key: str
    name: str
    short_name: str
    type: str
    parent: str | None
    address: str
    phone: str
    email: str


class ArticleOut(Schema):
    id: int
    unit: str
    language: str
    title: str
    summary: str
    body: str
    published_at: datetime | None
    url: str


class Named(Schema):
    id: int
    name: str


class FileOut(Schema):
    id: int
    title: str
    content_type: str
    size: int
    download_url: str


class DocumentOut(Schema):
    id: int
    unit: str
    number_symbol: str
    doc_type: str
    category: str
    title: str
    issuing_body: Named | None
    field: Named | None
    signer: str
    issued_on: date
    effective_on: date | None
    expires_on: date | None
    validity: str | None
    posted_at: datetime | None
    url: str
    files: list[FileOut]


class RelationOut(Schema):
    kind: str
    direction: str  # "outgoing": this document acts on the other; "incoming": the other acts on it
    document_id: int
    number_symbol: str


class DocumentDetailOut(DocumentOut):
    relations: list[RelationOut]


class ScheduleEntryOut(Schema):
    date: date
    time: time | None
    leader: str
    content: str
    location: str
    participants: str


class ScheduleOut(Schema):
    unit: str
    week_start: date
    entries: list[ScheduleEntryOut]


class ArticleCount(Schema):
    article: str
    comments: int


class OutcomeOut(Schema):
    report: str
    published_at: datetime | None


class DraftOut(Schema):
    id: int
    unit: str
    title: str
    summary: str
    draft_type: str
    drafting_agency: str
    opens_at: datetime | None
    closes_at: datetime | None
    comments: int
    comments_by_article: list[ArticleCount]
    outcome: OutcomeOut | None
    url: str


class AnswerOut(Schema):
    body: str
    answered_by: str
    approved_at: datetime | None


class QuestionOut(Schema):
    id: int
    unit: str
    field: str | None
    title: str
    body: str
    published_at: datetime | None
    answer: AnswerOut | None
    url: str


class Page(Schema):
    next_cursor: str | None


class UnitList(Schema):
    items: list[UnitOut]


class ArticlePage(Page):
    items: list[ArticleOut]


class DocumentPage(Page):
    items: list[DocumentOut]


class DraftPage(Page):
    items: list[DraftOut]


class QuestionPage(Page):
    items: list[QuestionOut]
