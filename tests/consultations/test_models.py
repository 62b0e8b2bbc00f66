"""Open and closed are decided by the clock, at query time, in local time."""

from datetime import timedelta

import pytest

from consultations.enums import Phase
from consultations.models import Draft

from ..factories.consultations import DraftFactory
from .conftest import local

pytestmark = pytest.mark.django_db

OPENS = local(2026, 3, 2, 7, 30)
CLOSES = local(2026, 3, 31, 17, 0)
SECOND = timedelta(seconds=1)


@pytest.fixture
def draft(unit_a):
    return DraftFactory(unit=unit_a, scheduled=True, opens_at=OPENS, closes_at=CLOSES)


@pytest.mark.parametrize(
    "moment, phase",
    [
        (OPENS - SECOND, Phase.UPCOMING),
        (OPENS, Phase.OPEN),
        (CLOSES - SECOND, Phase.OPEN),
        (CLOSES, Phase.CLOSED),
    ],
)
def test_phase_at_the_boundaries(draft, moment, phase):
    assert draft.phase(moment) == phase
    assert list(Draft.objects.in_phase(phase, at=moment)) == [draft]
    others = {Phase.UPCOMING, Phase.OPEN, Phase.CLOSED} - {phase}
    assert not any(Draft.objects.in_phase(p, at=moment).exists() for p in others)


def test_phase_follows_the_clock_without_any_job(draft, clock):
    clock.set(OPENS - SECOND)
    assert draft.current_phase == Phase.UPCOMING
    clock.set(OPENS)
    assert draft.current_phase == Phase.OPEN
    assert Draft.objects.open().get() == draft
    clock.set(CLOSES)
    assert draft.current_phase == Phase.CLOSED
    assert not Draft.objects.open().exists()


def test_a_draft_being_prepared_is_never_open_nor_visible(unit_a):
    draft = DraftFactory(unit=unit_a, opens_at=OPENS, closes_at=CLOSES)
    assert draft.phase(OPENS) == Phase.DRAFT
    assert not Draft.objects.open(at=OPENS).exists()
    assert not Draft.objects.visible("vi").exists()


def test_days_left_counts_local_days(draft, clock):
    # 30/3 23:30 local is 30/3 16:30 UTC; closing 31/3 17:00 local: one local day left.
    clock.set(local(2026, 3, 30, 23, 30))
    assert draft.days_left == 1
    clock.set(local(2026, 3, 31, 0, 30))
    assert draft.days_left == 0


def test_outcome_due_and_overdue_on_local_dates(draft, settings):
    settings.PORTAL_CONSULTATION_OUTCOME_DUE_DAYS = 30
    assert draft.outcome_due_on.isoformat() == "2026-04-30"
    last_moment_in_time = local(2026, 4, 30, 23, 59, 59)
    first_overdue_moment = local(2026, 5, 1, 0, 0)
    assert not draft.is_overdue(last_moment_in_time)
    assert not Draft.objects.overdue(at=last_moment_in_time).exists()
    assert draft.is_overdue(first_overdue_moment)
    assert list(Draft.objects.overdue(at=first_overdue_moment)) == [draft]


def test_a_concluded_draft_is_not_overdue(unit_a):
    draft = DraftFactory(unit=unit_a, concluded=True, opens_at=OPENS, closes_at=CLOSES)
    assert not draft.is_overdue(local(2026, 6, 1, 0, 0))
    assert not Draft.objects.overdue(at=local(2026, 6, 1, 0, 0)).exists()


def test_overdue_days_is_a_setting(draft, settings):
    settings.PORTAL_CONSULTATION_OUTCOME_DUE_DAYS = 10
    assert Draft.objects.overdue(at=local(2026, 4, 11, 0, 0)).exists()
    assert not Draft.objects.overdue(at=local(2026, 4, 10, 12, 0)).exists()
