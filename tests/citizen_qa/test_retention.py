"""The consent promises the asker's contact data is kept PORTAL_QA_RETENTION_YEARS after the question is
closed (Decree 13/2023/NĐ-CP): then it is erased, and the published question still reads as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from citizen_qa import services
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import QuestionEvent
from citizen_qa.tasks import BEAT_SCHEDULE, erase_asker_data
from portal.models import AuditEntry
from tests.factories.citizen_qa import QuestionFactory

pytestmark = pytest.mark.django_db

ASKER = ("Trần Thị Bình", "binh.tran@example.com", "0987654321", "Ấp Long Bình")
YEAR = timedelta(days=365)


def _years_later(years: float):
    return timezone.now() + years * YEAR


def test_five_years_after_closing_the_asker_is_erased_and_the_pages_still_read_the_same(
    client, advance, editor_a
):
    question = advance(S.PUBLISHED)
    public = client.get(question.get_absolute_url()).content.decode()
    assert "T.T.B." in public

    assert services.questions_erase_asker_data(now=_years_later(4.9)) == 0
    assert services.questions_erase_asker_data(now=_years_later(5.1)) == 1

    question.refresh_from_db()
    assert (question.asker_name, question.asker_email, question.asker_phone, question.asker_address) == (
        "",
        "",
        "",
        "",
    )
    assert question.asker_data_erased_at is not None
    assert question.state == S.PUBLISHED
    after = client.get(question.get_absolute_url()).content.decode()
    assert "T.T.B." in after and question.title in after

    # The competent unit's editor, who saw the asker before, now reads that the data was erased.
    client.force_login(editor_a)
    page = client.get(f"/admin/citizen_qa/question/{question.pk}/change/").content.decode()
    for secret in ASKER:
        assert secret not in page
    assert "erased" in page.lower() or "xóa" in page.lower()
    (event,) = QuestionEvent.objects.filter(question=question, from_state=S.PUBLISHED, to_state=S.PUBLISHED)
    assert event.reason and event.actor_repr == "system"
    assert AuditEntry.objects.filter(action="question.erase_asker_data").count() == 1
    assert services.questions_erase_asker_data(now=_years_later(9)) == 0  # once


def test_an_open_question_keeps_its_asker_however_old(advance):
    question = advance(S.IN_PROGRESS)
    assert services.questions_erase_asker_data(now=_years_later(12)) == 0
    question.refresh_from_db()
    assert question.asker_email == ASKER[1]


def test_the_period_runs_from_the_last_closing(advance, approver_a):
    """Several closings per question (published, unpublished, published again three years later): the
    last one counts."""
    first = advance(S.PUBLISHED)
    second = advance(S.PUBLISHED)
    for question in (first, second):
        services.question_unpublish(question=question, acting_user=approver_a, reason="Sửa câu trả lời")
    QuestionEvent.objects.create(
        question=second,
        at=_years_later(3),
        actor_repr="approver",
        from_state=S.ANSWERED,
        to_state=S.PUBLISHED,
    )
    assert services.questions_erase_asker_data(now=_years_later(5.1)) == 1
    first.refresh_from_db(), second.refresh_from_db()
    assert first.asker_email == "" and second.asker_email == ASKER[1]
    assert services.questions_erase_asker_data(now=_years_later(8.1)) == 1
    second.refresh_from_db()
    assert second.asker_email == ""


def test_an_imported_question_without_history_counts_from_its_answer(main_portal, settings):
    settings.PORTAL_QA_RETENTION_YEARS = 2
    old = QuestionFactory(published=True, answered_at=timezone.now() - 3 * YEAR)
    recent = QuestionFactory(published=True, answered_at=timezone.now() - YEAR)
    assert not QuestionEvent.objects.exists()
    assert services.questions_erase_asker_data() == 1
    old.refresh_from_db(), recent.refresh_from_db()
    assert old.asker_email == "" and old.public_asker == "N.V.A."
    assert recent.asker_email.endswith("@example.com")


def test_the_nightly_task_is_scheduled_and_runs(advance):
    assert BEAT_SCHEDULE["citizen-qa-erase-asker-data"]["task"] == erase_asker_data.name
    advance(S.PUBLISHED)
    assert erase_asker_data() == 0
