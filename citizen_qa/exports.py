"""The answered questions' columns for their CSV and XLSX (portal.exports writes them; docs/exports.md).

What the list and an answer's page show, and nothing more: the asker as shown publicly (a chosen
name or initials), never a contact (Decree 13/2023/NĐ-CP).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from portal.exports import Column, local_date

from .models import Question


def _answer_text(question: Question, language: str) -> str:
    """The answer as plain text in `language`, or the Vietnamese original, as its page shows it."""
    answer = getattr(question, "answer", None)
    if answer is None:
        return ""
    body = getattr(answer, f"body_{language}", "") or answer.body_vi or ""
    return html.unescape(strip_tags(body)).strip()


def columns(url: Callable[[Question], str], language: str) -> list[Column]:
    return [
        Column(_("Question"), 50, lambda q: q.title),
        Column(_("Asked by"), 18, lambda q: q.public_asker),
        Column(_("Asked on"), 12, lambda q: local_date(q.submitted_at)),
        Column(_("Field"), 20, lambda q: q.field.name if q.field_id else ""),
        Column(_("Answering unit"), 30, lambda q: q.forwarded_to.name if q.forwarded_to_id else ""),
        Column(_("Answered on"), 12, lambda q: local_date(q.answered_at)),
        Column(_("Text of the question"), 70, lambda q: q.body),
        Column(_("Answer"), 90, lambda q: _answer_text(q, language)),
        Column(_("Address on the portal"), 40, url),
    ]
