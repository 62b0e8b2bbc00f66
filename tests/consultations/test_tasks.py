"""Beat sends what is due at opens_at / closes_at, once; the state never depends on it."""

from datetime import timedelta

import pytest

from consultations import tasks
from consultations.models import Comment

from ..factories.consultations import CommentFactory, DraftFactory
from .conftest import local

pytestmark = pytest.mark.django_db

OPENS = local(2026, 3, 2, 7, 30)
CLOSES = local(2026, 4, 2, 17, 0)


@pytest.fixture
def draft(unit_a, clock):
    clock.set(local(2026, 2, 20))
    return DraftFactory(unit=unit_a, scheduled=True, opens_at=OPENS, closes_at=CLOSES)


def test_opening_notice_once_at_opens_at(draft, clock, mailoutbox, django_capture_on_commit_callbacks):
    clock.set(OPENS - timedelta(seconds=1))
    assert tasks.notify_opened() == 0
    clock.set(OPENS)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_opened() == 1
        assert tasks.notify_opened() == 0
    assert [m.to for m in mailoutbox] == [[draft.receiving_email]]


def test_closing_notice_tells_the_unit_how_many_comments(
    draft, clock, mailoutbox, django_capture_on_commit_callbacks
):
    CommentFactory.create_batch(2, draft=draft, confirmed=True)
    CommentFactory(draft=draft)
    clock.set(CLOSES - timedelta(seconds=1))
    assert tasks.notify_closed() == 0
    clock.set(CLOSES)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.notify_closed() == 1
        assert tasks.notify_closed() == 0
    assert len(mailoutbox) == 1 and "2" in mailoutbox[0].body and "02/05/2026" in mailoutbox[0].body


def test_overdue_reminder_then_again_after_the_interval(
    draft, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock.set(local(2026, 5, 2, 23, 59))
    assert tasks.remind_overdue() == 0
    clock.set(local(2026, 5, 3, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_overdue() == 1
        clock.set(local(2026, 5, 4, 8, 0))
        assert tasks.remind_overdue() == 0
        clock.set(local(2026, 5, 10, 8, 0))
        assert tasks.remind_overdue() == 1
    assert len(mailoutbox) == 2


def test_personal_data_erased_after_retention(unit_a, clock, settings):
    settings.PORTAL_CONSULTATION_RETENTION_DAYS = 30
    draft = DraftFactory(unit=unit_a, concluded=True)
    from consultations.models import Outcome

    Outcome.objects.create(draft=draft, report="x", published_at=clock.now - timedelta(days=31))
    kept = DraftFactory(unit=unit_a, closed=True)
    old = CommentFactory(draft=draft, confirmed=True)
    CommentFactory(draft=kept, confirmed=True)
    assert tasks.erase_personal_data() == 1
    old.refresh_from_db()
    assert old.email == "" and old.phone == "" and old.text
    assert Comment.objects.exclude(email="").count() == 1


def test_beat_schedule_names_existing_tasks():
    for entry in tasks.BEAT_SCHEDULE.values():
        assert callable(getattr(tasks, entry["task"].rsplit(".", 1)[1]))
