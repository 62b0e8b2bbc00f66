"""The contacts, leaders and introduction pages cost the same with 10 and with 100 entries, with the
footer rebuilt (the directory's generations bumped too)."""

from __future__ import annotations

import pytest

from portal.cache import bump
from subsites.models import Unit

from ..factories.directory import ContactFactory, FooterFactory, IntroductionFactory, LeaderFactory
from . import test_query_budgets as budgets
from .test_query_budgets import _big_pages, _measure  # noqa: F401 (the fixture: a large local cache)

pytestmark = pytest.mark.django_db
A = "/don-vi/sotp"


@pytest.fixture(autouse=True)
def _directory_bumped_too(monkeypatch):
    everything = budgets._changed_everything

    def changed():
        everything()
        for unit_id in Unit.objects.values_list("pk", flat=True):
            bump("directory", unit_id)

    monkeypatch.setattr(budgets, "_changed_everything", changed)


@pytest.fixture
def footers(main_portal, unit_a):
    FooterFactory(unit=main_portal)


def _make(factory, unit):
    return lambda n: [factory(unit=unit) for _ in range(n)]


def test_contacts_page(client, unit_a, footers):
    _measure(client, _make(ContactFactory, unit_a), f"{A}/vi/danh-ba/", budget=3)


def test_leaders_page_in_khmer(client, unit_a, footers):
    _measure(client, _make(LeaderFactory, unit_a), f"{A}/km/lanh-dao/", budget=3)


def test_introduction_page(client, unit_a, footers):
    IntroductionFactory(unit=unit_a)
    _measure(client, _make(ContactFactory, unit_a), f"{A}/en/gioi-thieu-chung/", budget=3)


def test_unit_home_with_its_own_footer_stays_within_the_home_budget(client, unit_a, footers):
    FooterFactory(unit=unit_a)
    _measure(client, lambda n: budgets._everything(unit_a, n), f"{A}/vi/", budget=12)
