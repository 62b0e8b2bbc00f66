"""Statistics for the reports app: per unit, counted in SQL, on local dates."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from citizen_qa.enums import QuestionState as S
from citizen_qa.enums import Visibility
from citizen_qa.selectors import question_counts, unit_statistics
from tests.factories.citizen_qa import QuestionFactory

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def _at(y, m, d, h=9):
    return timezone.make_aware(datetime(y, m, d, h), TZ)


@pytest.fixture
def history(unit_a, unit_b):
    def answered(submitted, days, due, **extra):
        return QuestionFactory(
            unit=unit_b,
            forwarded_to=unit_a,
            state=S.PUBLISHED,
            submitted_at=submitted,
            forwarded_at=submitted,
            answered_at=submitted + timedelta(days=days),
            published_at=submitted + timedelta(days=days),
            due_date=due,
            **extra,
        )

    return [
        answered(_at(2022, 1, 10), 4, date(2022, 1, 31)),
        answered(_at(2022, 2, 1), 10, date(2022, 2, 22)),
        answered(_at(2022, 3, 1), 30, date(2022, 3, 22)),  # late
        QuestionFactory(
            unit=unit_b,
            forwarded_to=unit_a,
            state=S.IN_PROGRESS,
            submitted_at=_at(2022, 4, 1),
            forwarded_at=_at(2022, 4, 1),
            due_date=date(2022, 4, 22),
        ),  # open past its due date
        QuestionFactory(unit=unit_b, state=S.SCREENING, submitted_at=_at(2022, 5, 2)),
        QuestionFactory(
            unit=unit_b,
            forwarded_to=unit_a,
            state=S.ANSWERED,
            visibility=Visibility.ASKER,
            allow_publication=False,
            submitted_at=_at(2022, 6, 30, 23),  # 30/6 local, already 1/7 nowhere: in the period
            forwarded_at=_at(2022, 7, 1),
            answered_at=_at(2022, 7, 2),
            due_date=date(2022, 7, 21),
        ),
        QuestionFactory(unit=unit_b, state=S.UNCONFIRMED, submitted_at=_at(2022, 3, 3)),  # not received
        QuestionFactory(unit=unit_b, state=S.SCREENING, submitted_at=_at(2022, 7, 1, 0)),  # after the period
    ]


def test_unit_statistics(history, unit_a, unit_b):
    stats = unit_statistics(date(2022, 1, 1), date(2022, 6, 30), today=date(2022, 7, 5))
    assert stats[unit_b.pk]["received"] == 6
    a = stats[unit_a.pk]
    assert a["received"] == 0
    assert (a["forwarded"], a["answered"], a["answered_on_time"], a["overdue"]) == (5, 4, 3, 2)
    assert a["median_days"] == 7.0  # 2, 4, 10, 30 days → (4 + 10) / 2


def test_median_of_an_odd_count(unit_a, unit_b):
    for days in (3, 5, 20):
        QuestionFactory(
            unit=unit_b,
            forwarded_to=unit_a,
            state=S.ANSWERED,
            submitted_at=_at(2022, 2, 1),
            answered_at=_at(2022, 2, 1) + timedelta(days=days),
            due_date=date(2022, 2, 22),
        )
    assert unit_statistics(date(2022, 1, 1), date(2022, 6, 30))[unit_a.pk]["median_days"] == 5.0


def test_report_question_counts(history, unit_b):
    assert question_counts(unit_b, date(2022, 1, 1), date(2022, 6, 30)) == {
        "received": 6,
        "forwarded": 5,
        "answered": 4,
        "published": 3,
    }


def test_statistics_query_count_does_not_grow(unit_a, unit_b, django_assert_max_num_queries):
    for n in range(30):
        QuestionFactory(
            unit=unit_b,
            forwarded_to=unit_a,
            state=S.ANSWERED,
            submitted_at=_at(2022, 2, 1),
            answered_at=_at(2022, 2, 1) + timedelta(days=n),
            due_date=date(2022, 2, 22),
        )
    with django_assert_max_num_queries(3):
        unit_statistics(date(2022, 1, 1), date(2022, 6, 30))
