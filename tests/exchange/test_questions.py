"""The `question` kind: state implied by its fields, idempotency, round trip, errors, report figures."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from citizen_qa.enums import QuestionState, Visibility
from citizen_qa.models import Answer, Question, QuestionEvent
from exchange.exporter import export_folder
from exchange.importer import ImportFailed, import_folder
from exchange.models import ExchangeKey
from portal.models import AuditEntry
from reports.figures import build_figures
from reports.models import DailyVisits
from subsites.models import Unit

from .conftest import SAMPLE_FILES, sample_lines, write_folder

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
ASKER = {
    "name": "Trần Thị Bình",
    "email": "binh.tran@example.com",
    "phone": "0987654321",
    "address": "Ấp Long Bình, xã Long Đức",
}


def _units() -> list[dict]:
    return [line for line in sample_lines() if line["kind"] == "unit"]


def _question(key: str, **fields) -> dict:
    return {
        "kind": "question",
        "key": key,
        "unit": "tinh",
        "asker": dict(ASKER),
        "title": "Thủ tục chuyển mục đích sử dụng đất",
        "body": "Gia đình tôi muốn chuyển đất vườn sang đất ở thì cần hồ sơ gì?",
        "submitted_at": "2022-03-01T08:00:00+07:00",
        "published": False,
    } | fields


ANSWER = {
    "body": {"vi": "<p>Hồ sơ gồm đơn đề nghị.</p><script>x()</script>", "en": "<p>An application.</p>"},
    "answered_by": "Sở Tài nguyên và Môi trường",
}
FORWARDED = {"forwarded_to": "sotp", "forwarded_at": "2022-03-02T09:00:00+07:00"}
ANSWERED = FORWARDED | {"answered_at": "2022-03-10T15:00:00+07:00", "answer": ANSWER}


def _questions() -> list[dict]:
    return [
        _question("q-new"),
        _question("q-forwarded", **FORWARDED),
        _question("q-answered", **ANSWERED, asker=ASKER | {"organization": "Công ty TNHH Bình An"}),
        _question("q-published", **ANSWERED, published=True),
        _question("q-old", submitted_at="2021-12-31T23:30:00+07:00"),
    ]


@pytest.fixture
def folder(tmp_path) -> Path:
    return write_folder(tmp_path / "in", [*_units(), *_questions()])


def _errors(root: Path) -> list[str]:
    """The errors as an English-speaking operator reads them (the messages' own text)."""
    with translation.override("en"), pytest.raises(ImportFailed) as failure:
        import_folder(root)
    return failure.value.errors


def test_each_question_takes_the_state_its_fields_imply(folder):
    summary = import_folder(folder)

    assert summary.counts["question"]["created"] == 5
    states = dict(Question.objects.values_list("key", "state"))
    assert states == {
        "q-new": QuestionState.SCREENING,
        "q-forwarded": QuestionState.ASSIGNED,
        "q-answered": QuestionState.ANSWERED,
        "q-published": QuestionState.PUBLISHED,
        "q-old": QuestionState.SCREENING,
    }
    published = Question.objects.get(key="q-published")
    assert published.visibility == Visibility.PUBLIC and Question.objects.visible().get() == published
    assert published.published_at == datetime(2022, 3, 10, 15, tzinfo=VN)
    answered = Question.objects.get(key="q-answered")
    assert answered.visibility == Visibility.ASKER and answered.published_at is None
    assert answered.asker_organization == "Công ty TNHH Bình An" and answered.asker_phone == "0987654321"
    assert answered.forwarded_to == Unit.objects.get(key="sotp")
    assert answered.confirmed_at == answered.submitted_at == datetime(2022, 3, 1, 8, tzinfo=VN)
    assert answered.due_date is not None and answered.due_date > date(2022, 3, 1)
    answer = Answer.objects.get(question=answered)
    assert "<script>" not in answer.body_vi and answer.body_en == "<p>An application.</p>"
    assert answer.answered_by_vi == "Sở Tài nguyên và Môi trường"
    assert "ho so gom don de nghi" in answered.search_text and "binh" not in answered.search_text


def test_each_import_is_in_the_history_and_the_audit_trail(folder):
    import_folder(folder)

    question = Question.objects.get(key="q-forwarded")
    event = QuestionEvent.objects.get(question=question)
    assert (event.from_state, event.to_state) == ("", QuestionState.ASSIGNED)
    assert event.details == {"imported": "q-forwarded"} and event.actor.username == "import_portal"
    entry = AuditEntry.objects.get(action="question.import", object_id=str(question.pk))
    assert entry.changes["key"] == "q-forwarded" and "asker_email" not in entry.changes


def test_importing_twice_changes_nothing_and_a_change_moves_the_state(folder):
    import_folder(folder)
    summary = import_folder(folder)
    assert summary.counts["question"] == {"unchanged": 5}
    assert Question.objects.count() == 5 and QuestionEvent.objects.count() == 5

    lines = [*_units(), *_questions()]
    lines[2 + 1] = _question("q-forwarded", **ANSWERED, published=True)
    summary = import_folder(write_folder(folder, lines))

    assert summary.counts["question"] == {"updated": 1, "unchanged": 4}
    question = Question.objects.get(key="q-forwarded")
    assert question.state == QuestionState.PUBLISHED and question.answer.answered_by_vi
    assert list(question.events.values_list("from_state", "to_state")) == [
        ("", QuestionState.ASSIGNED),
        (QuestionState.ASSIGNED, QuestionState.PUBLISHED),
    ]
    assert Question.objects.count() == 5


def test_export_import_export_gives_the_same_questions(folder, tmp_path):
    import_folder(folder)
    first = tmp_path / "first"
    assert export_folder(first)["question"] == 5

    Question.objects.all().delete()
    ExchangeKey.objects.all().delete()
    for unit in Unit.objects.order_by("-level"):
        unit.delete()
    import_folder(first)
    second = tmp_path / "second"
    export_folder(second)

    lines = sorted((first / "content.jsonl").read_text().splitlines())
    assert lines == sorted((second / "content.jsonl").read_text().splitlines())
    assert '"email": "binh.tran@example.com"' in "".join(lines)  # a backup: the asker's data included


def test_questions_asked_on_the_site_are_exported_once_confirmed(folder, tmp_path):
    import_folder(folder)
    Question.objects.filter(key="q-new").update(key=None, state=QuestionState.UNCONFIRMED)
    Question.objects.filter(key="q-old").update(key=None)
    ExchangeKey.objects.filter(kind="question").delete()
    old = Question.objects.get(key=None, state=QuestionState.SCREENING)

    export_folder(tmp_path / "out")

    content = (tmp_path / "out" / "content.jsonl").read_text()
    assert f'"key": "question-{old.pk}"' in content and content.count('"kind": "question"') == 4


ERRORS = {
    "missing asker email": (
        lambda q: q["asker"].pop("email"),
        "asker.email: required field is missing",
    ),
    "invalid asker email": (
        lambda q: q["asker"].update(email="binh.tran"),
        "asker.email: Enter a valid email address.",  # Django's own validator
    ),
    "unknown forwarded_to": (
        lambda q: q.update(forwarded_to="soyt", forwarded_at="2022-03-02T09:00:00+07:00"),
        "forwarded_to: no unit has the key “soyt”",
    ),
    "naive datetime": (
        lambda q: q.update(submitted_at="2022-03-01 08:00"),
        "submitted_at: “2022-03-01 08:00” has no offset",
    ),
    "not a datetime": (
        lambda q: q.update(submitted_at="01/03/2022"),
        "submitted_at: “01/03/2022” is not an ISO 8601 datetime",
    ),
    "forwarded without its moment": (
        lambda q: q.update(forwarded_to="sotp"),
        "forwarded_at: A forwarded question needs both the competent unit and the moment it was forwarded.",
    ),
    "answered without an answer": (
        lambda q: q.update(**FORWARDED, answered_at="2022-03-10T15:00:00+07:00"),
        "answer: An answered question needs its answer.",
    ),
    "answered before received": (
        lambda q: q.update(**ANSWERED | {"answered_at": "2022-03-01T07:00:00+07:00"}),
        "answered_at: The question cannot be answered before it was received and forwarded.",
    ),
    "published unanswered": (
        lambda q: q.update(published=True),
        "published: Only an answered question can be published (answered_at is missing).",
    ),
    "answer without vi": (
        lambda q: q.update(**ANSWERED | {"answer": {"body": {"en": "x"}}}),
        "answer.body: the Vietnamese text (vi) is required",
    ),
    "missing published": (lambda q: q.pop("published"), "published: required field is missing"),
}


@pytest.mark.parametrize("case", ERRORS)
def test_each_question_error_is_reported_with_its_line_and_field(case, tmp_path):
    change, message = ERRORS[case]
    question = _question("q-bad")
    change(question)
    errors = _errors(write_folder(tmp_path / "in", [*_units(), question]))
    assert any(e.startswith(f"content.jsonl:3: {message}") for e in errors), errors
    assert not Question.objects.exists() and not Unit.objects.exists()


def test_the_report_counts_imported_questions_like_received_ones(folder):
    import_folder(folder)

    figures = build_figures(date(2022, 1, 1), date(2022, 6, 30))

    assert figures["portal"]["questions"] == {"received": 4, "forwarded": 3, "answered": 2, "published": 1}
    assert build_figures(date(2021, 12, 1), date(2021, 12, 31))["portal"]["questions"]["received"] == 1


def test_refusals_of_several_services_are_all_reported(tmp_path):
    """Pass 2 goes on after a service refuses an object, and nothing of the import stays."""
    lines = sample_lines()
    next(line for line in lines if line["kind"] == "schedule").update(week_start="2022-03-01")
    lines.append(_question("q-bad", published=True))
    errors = _errors(write_folder(tmp_path / "in", lines, SAMPLE_FILES))

    assert [e.split(": ")[0:2] for e in errors] == [
        ["content.jsonl:8", "week_start"],
        ["content.jsonl:10", "published"],
    ]
    assert not Unit.objects.exists() and not Question.objects.exists() and not AuditEntry.objects.exists()


def test_changed_page_views_are_updated_in_place(tmp_path):
    lines = [*_units(), {"kind": "visits", "unit": "sotp", "date": "2022-03-01", "count": 10}]
    import_folder(write_folder(tmp_path / "in", lines))
    lines[-1]["count"] = 12

    summary = import_folder(write_folder(tmp_path / "in", lines))

    assert summary.counts["visits"] == {"updated": 1}
    assert list(DailyVisits.objects.values_list("count", flat=True)) == [12]
    assert AuditEntry.objects.filter(action="visits.set_many").count() == 2
