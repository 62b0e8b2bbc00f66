"""The figures of contracts/report-json.md on hand-built data: gaps, stale rule, boundaries, lists."""

from datetime import UTC, date, datetime, timedelta

import pytest

from reports.figures import DOCUMENT_CATEGORIES, build_figures, is_stale, longest_gap_days
from reports.models import DailyVisits
from reports.sources import QuestionCounts
from tests.factories.subsites import UnitFactory

from .fakes import FakeSources, Item, local

H1 = (date(2022, 1, 1), date(2022, 6, 30))


class TestLongestGap:
    def test_the_contracts_example(self):
        assert longest_gap_days(*H1, {date(2022, 1, 10), date(2022, 3, 15)}) == 107

    def test_a_unit_that_posted_nothing_has_the_whole_period(self):
        assert longest_gap_days(*H1, set()) == 181

    def test_items_on_the_first_and_last_day(self):
        assert longest_gap_days(*H1, {date(2022, 1, 1), date(2022, 6, 30)}) == 179
        assert longest_gap_days(*H1, {date(2022, 1, 1)}) == 180
        assert longest_gap_days(*H1, {date(2022, 6, 30)}) == 180

    def test_every_day_posted_has_no_gap(self):
        start, end = date(2022, 2, 1), date(2022, 2, 3)
        assert longest_gap_days(start, end, {start, date(2022, 2, 2), end}) == 0

    def test_days_outside_the_period_are_ignored(self):
        assert longest_gap_days(*H1, {date(2021, 12, 31), date(2022, 7, 1)}) == 181

    def test_gap_of_exactly_the_threshold_is_not_stale_one_more_is(self):
        # Items on Jan 1 and Feb 1: Jan 2..31 is a run of 30 days.
        start, end = date(2022, 1, 1), date(2022, 2, 1)
        assert longest_gap_days(start, end, {start, end}) == 30
        assert not is_stale(30)
        # Items on Jan 1 and Feb 2: 31 days.
        assert longest_gap_days(start, date(2022, 2, 2), {start, date(2022, 2, 2)}) == 31
        assert is_stale(31)

    def test_threshold_is_a_setting(self, settings):
        settings.PORTAL_STALE_DAYS = 45
        assert not is_stale(45)
        assert is_stale(46)


@pytest.fixture
def units(main_portal):
    return {
        "stp": UnitFactory(key="stp", name_vi="Sở Tư pháp"),
        "syt": UnitFactory(key="syt", name_vi="Sở Y tế"),
        "hoi": UnitFactory(key="hoi", name_vi="Hội Chữ thập đỏ", organization=True),
        "main": main_portal,
    }


pytestmark = pytest.mark.django_db


def test_period_block_and_keys(units):
    figures = build_figures(*H1, sources=FakeSources())
    assert figures["period"] == {
        "start": "2022-01-01",
        "end": "2022-06-30",
        "timezone": "Asia/Ho_Chi_Minh",
        "days": 181,
    }
    assert figures["portal"]["unit"] == "tinh"
    assert list(figures["portal"]["documents"]["by_category"]) == list(DOCUMENT_CATEGORIES)
    assert figures["portal"]["translations"] == {"en": 0, "km": 0}
    assert figures["subsites"]["count"] == 3
    assert [u["unit"] for u in figures["subsites"]["units"]] == ["hoi", "stp", "syt"]
    assert figures["subsites"]["stale_units"] == ["hoi", "stp", "syt"]
    assert all(
        u["longest_gap_days"] == 181 and u["last_posted_at"] is None for u in figures["subsites"]["units"]
    )


def test_portal_counts_split_by_category(units):
    main = units["main"].pk
    at = local(2022, 3, 1)
    sources = FakeSources(
        articles_=[
            Item(main, at),
            Item(main, at),
            Item(main, at, published=False),
            Item(units["stp"].pk, at),
        ],
        documents_=[
            Item(main, at, "direction"),
            Item(main, at, "direction"),
            Item(main, at, "soe_report"),
            Item(main, at, "budget"),
            Item(main, at, "gazette"),
        ],
        schedules_=[Item(main, at), Item(main, local(2022, 3, 8))],
        drafts_=[Item(main, at)],
        photos_={main: 7},
        translations_={main: {"km": 3}},
        questions_={main: QuestionCounts(received=4, forwarded=4, answered=4, published=3)},
    )
    portal = build_figures(*H1, sources=sources)["portal"]
    assert portal["articles"] == 2
    assert portal["photos"] == 7
    assert portal["translations"] == {"en": 0, "km": 3}
    by_category = portal["documents"]["by_category"]
    assert by_category["direction"] == 2
    assert by_category["leader_schedule"] == 2
    assert by_category["gazette"] == 1
    assert portal["documents"]["total"] == sum(by_category.values()) == 5
    assert portal["soe_reports"] == 1
    assert portal["budget_disclosures"] == 1
    assert portal["consultation_drafts"] == 1
    assert portal["questions"] == {"received": 4, "forwarded": 4, "answered": 4, "published": 3}


def test_subsite_rows_items_last_posted_gap_and_stale(units):
    stp, syt = units["stp"].pk, units["syt"].pk
    sources = FakeSources(
        articles_=[Item(stp, local(2022, 1, 10)), Item(stp, local(2022, 3, 15, 16, 30))],
        documents_=[Item(syt, local(2022, 1, 1) + timedelta(days=d), "budget") for d in range(0, 181, 30)],
        schedules_=[Item(syt, local(2022, 6, 30))],
        drafts_=[Item(syt, local(2022, 2, 2))],
    )
    figures = build_figures(*H1, sources=sources)
    rows = {u["unit"]: u for u in figures["subsites"]["units"]}
    assert rows["stp"]["articles"] == 2
    assert rows["stp"]["items"] == 2
    assert rows["stp"]["last_posted_at"] == "2022-03-15T16:30:00+07:00"
    assert rows["stp"]["longest_gap_days"] == 107
    assert rows["stp"]["stale"] is True
    assert rows["syt"]["documents"] == 7
    assert rows["syt"]["schedules"] == 1
    assert rows["syt"]["drafts"] == 1
    assert rows["syt"]["items"] == 9
    assert rows["syt"]["longest_gap_days"] == 29
    assert rows["syt"]["stale"] is False
    assert rows["syt"]["last_posted_at"] == "2022-06-30T09:00:00+07:00"
    assert figures["subsites"]["items"] == 11
    assert figures["subsites"]["stale_units"] == ["hoi", "stp"]


def test_items_written_in_utc_count_on_their_local_day(units):
    stp = units["stp"].pk
    sources = FakeSources(
        articles_=[
            Item(stp, datetime(2021, 12, 31, 17, 0, tzinfo=UTC)),  # 1 Jan 00:00 local: inside
            Item(stp, datetime(2021, 12, 31, 16, 59, tzinfo=UTC)),  # 31 Dec 23:59 local: outside
            Item(stp, datetime(2022, 6, 30, 16, 59, tzinfo=UTC)),  # 30 Jun 23:59 local: inside
            Item(stp, datetime(2022, 6, 30, 17, 0, tzinfo=UTC)),  # 1 Jul 00:00 local: outside
        ]
    )
    row = next(u for u in build_figures(*H1, sources=sources)["subsites"]["units"] if u["unit"] == "stp")
    assert row["articles"] == 2
    assert row["last_posted_at"] == "2022-06-30T23:59:00+07:00"
    assert row["longest_gap_days"] == 179


def test_visits_sum_the_periods_local_days(units):
    main, stp = units["main"], units["stp"]
    for day, count in [
        (date(2021, 12, 31), 1000),
        (date(2022, 1, 1), 5),
        (date(2022, 6, 30), 7),
        (date(2022, 7, 1), 900),
    ]:
        DailyVisits.objects.create(unit=main, date=day, count=count)
    DailyVisits.objects.create(unit=stp, date=date(2022, 3, 1), count=11)
    figures = build_figures(*H1, sources=FakeSources())
    assert figures["portal"]["visits"] == 12
    assert next(u for u in figures["subsites"]["units"] if u["unit"] == "stp")["visits"] == 11
    assert figures["subsites"]["visits"] == 11


def test_budget_estimate_lists_units_that_must_disclose(units):
    sources = FakeSources(estimates={units["syt"].pk})
    figures = build_figures(*H1, sources=sources)
    rows = {u["unit"]: u for u in figures["subsites"]["units"]}
    assert rows["syt"]["budget_estimate_posted"] is True
    assert rows["stp"]["budget_estimate_posted"] is False
    # The Red Cross (an organisation) need not disclose: not listed although it posted nothing.
    assert figures["subsites"]["missing_budget_estimate"] == ["stp"]
    # The fiscal year is the period end's, and the estimate must be posted by the period's end.
    assert sources.calls == [("budget_estimate_units", 2022, date(2022, 6, 30))]


def test_months_for_the_charts(units):
    sources = FakeSources(
        articles_=[
            Item(units["main"].pk, local(2022, 1, 31, 23, 59)),
            Item(units["stp"].pk, local(2022, 2, 1, 0, 0)),
        ]
    )
    months = build_figures(*H1, sources=sources)["months"]
    assert [m["month"] for m in months] == ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06"]
    assert months[0] == {"month": "2022-01", "portal": 1, "subsites": 0}
    assert months[1] == {"month": "2022-02", "portal": 0, "subsites": 1}


def test_end_before_start_is_refused(units):
    with pytest.raises(ValueError, match="before it starts"):
        build_figures(date(2022, 6, 30), date(2022, 1, 1), sources=FakeSources())


def test_aggregation_queries_do_not_grow_with_units(units, django_assert_max_num_queries):
    for n in range(30):
        UnitFactory(key=f"u{n:02d}")
    with django_assert_max_num_queries(4):
        build_figures(*H1, sources=FakeSources())
