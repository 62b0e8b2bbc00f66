"""Reads of the Q&A app: public look-ups, the asker's status look-up, and statistics for the reports app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Window
from django.db.models.functions import RowNumber, TruncDate
from django.http import Http404
from django.utils import timezone

from portal.timeutil import local_day_bounds

from .enums import ANSWERED_STATES, CLOCK_RUNNING_STATES, QuestionState, Visibility
from .models import Answer, Question


def question_get_public(unit, pk: int) -> Question:
    """A published question shown on `unit`'s site; 404 for missing, not public and not this unit's alike."""
    question = (
        Question.objects.visible()
        .in_unit(unit)
        .select_related("unit", "forwarded_to", "field", "answer")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise Http404("no such question")
    return question


def question_lookup(code: str, email: str) -> Question | None:
    """The asker's look-up: both the tracking code and the e-mail must match; None otherwise."""
    code, email = (code or "").strip().upper(), (email or "").strip()
    if not code or not email:
        return None
    question = (
        Question.objects.select_related("unit", "forwarded_to", "field", "duplicate_of")
        .filter(tracking_code=code, asker_email__iexact=email)
        .exclude(state=QuestionState.UNCONFIRMED)
        .first()
    )
    return question


@dataclass(frozen=True)
class StoredAnswer:
    """The answer as the database holds it: what the approver reads and approves."""

    answer: Answer
    texts: list[tuple[str, str, str, str]]  # (code, language name, sanitised HTML, signed by): filled ones


def stored_answer(question: Question) -> StoredAnswer | None:
    answer = Answer.objects.filter(question=question).select_related("author", "approved_by").first()
    if answer is None:
        return None
    texts = [
        (code, str(name), getattr(answer, f"body_{code}"), getattr(answer, f"answered_by_{code}") or "")
        for code, name in settings.LANGUAGES
        if (getattr(answer, f"body_{code}") or "").strip()
    ]
    return StoredAnswer(answer=answer, texts=texts)


def latest_published(unit, language: str | None = None, limit: int = 5) -> list[Question]:
    return list(
        Question.objects.visible(language)
        .in_unit(unit)
        .select_related("unit", "field")
        .order_by("-published_at")[:limit]
    )


def question_counts(unit, start: date, end: date) -> dict[str, int]:
    """The report's `questions` figures for one unit's site (contracts/report-json.md)."""
    lower, upper = local_day_bounds(start, end)
    return (
        Question.objects.filter(unit=unit, submitted_at__gte=lower, submitted_at__lt=upper)
        .exclude(state=QuestionState.UNCONFIRMED)
        .aggregate(
            received=Count("pk"),
            forwarded=Count("pk", filter=Q(forwarded_at__isnull=False)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            published=Count("pk", filter=Q(state=QuestionState.PUBLISHED, visibility=Visibility.PUBLIC)),
        )
    )


def unit_statistics(start: date, end: date, *, today: date | None = None) -> dict[int, dict]:
    """Per unit id, for questions received in the period (local dates, inclusive):

    `received` (on the unit's site), and as the competent unit: `forwarded`, `answered`,
    `answered_on_time` (approved on or before the due date), `overdue` (answered late, or still open
    past the due date), `median_days` (calendar days from receipt to the approved answer, or None).
    Counted in SQL; the median reads only the one or two middle rows of each unit.
    """
    today = today or timezone.localdate()
    lower, upper = local_day_bounds(start, end)
    in_period = Question.objects.filter(submitted_at__gte=lower, submitted_at__lt=upper).exclude(
        state=QuestionState.UNCONFIRMED
    )
    stats: dict[int, dict] = {}

    def row(unit_id: int) -> dict:
        return stats.setdefault(
            unit_id,
            {
                "received": 0,
                "forwarded": 0,
                "answered": 0,
                "answered_on_time": 0,
                "overdue": 0,
                "median_days": None,
            },
        )

    for item in in_period.order_by().values("unit_id").annotate(n=Count("pk")):
        row(item["unit_id"])["received"] = item["n"]

    tz = timezone.get_current_timezone()
    answered_on = TruncDate("answered_at", tzinfo=tz)
    competent = (
        in_period.filter(forwarded_to__isnull=False)
        .order_by()
        .values("forwarded_to_id")
        .annotate(
            forwarded=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            on_time=Count("pk", filter=Q(answered_at__isnull=False, due_date__gte=answered_on)),
            late=Count("pk", filter=Q(answered_at__isnull=False, due_date__lt=answered_on)),
            open_overdue=Count("pk", filter=Q(state__in=list(CLOCK_RUNNING_STATES), due_date__lt=today)),
        )
    )
    for item in competent:
        r = row(item["forwarded_to_id"])
        r.update(
            forwarded=item["forwarded"],
            answered=item["answered"],
            answered_on_time=item["on_time"],
            overdue=item["late"] + item["open_overdue"],
        )
    for unit_id, median in _median_days(in_period).items():
        row(unit_id)["median_days"] = median
    return stats


def _median_days(questions) -> dict[int, float]:
    """Median time to answer per competent unit, via window functions (no median aggregate on SQLite)."""
    duration = ExpressionWrapper(F("answered_at") - F("submitted_at"), output_field=DurationField())
    ranked = (
        questions.filter(
            forwarded_to__isnull=False, answered_at__isnull=False, state__in=list(ANSWERED_STATES)
        )
        .annotate(
            took=duration,
            position=Window(RowNumber(), partition_by=[F("forwarded_to_id")], order_by=[duration.asc()]),
            total=Window(Count("pk"), partition_by=[F("forwarded_to_id")]),
        )
        .order_by()
    )
    middle = ranked.filter(Q(position=(F("total") + 1) / 2) | Q(position=(F("total") + 2) / 2)).values_list(
        "forwarded_to_id", "took"
    )
    picked: dict[int, list[timedelta]] = {}
    for unit_id, took in middle:
        picked.setdefault(unit_id, []).append(took)
    return {
        unit_id: round(sum(t.total_seconds() for t in values) / len(values) / 86400, 1)
        for unit_id, values in picked.items()
    }
