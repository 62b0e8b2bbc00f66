"""The pages a merged province's ~250 units appear on cost the same queries as with a handful of
units (the homes within their budget of 12, issue 10): the public directory and homes, and the
admin's unit list, compliance page and unit search.

Each page is measured as in test_query_budgets (warm once, every generation bumped, then counted),
first with the main portal and three units, then once some 250 more units were added in bulk."""

from __future__ import annotations

import pytest

from subsites.selectors import forget_units

from ..factories.subsites import UnitFactory, board_member, merged_province
from .test_query_budgets import _big_pages, _queries  # noqa: F401 (the module's autouse fixture)

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/?app_label=news&model_name=article&field_name=unit&term=S"


def _measure(client, main_portal, url: str, budget: int) -> None:
    UnitFactory(key="soyt")
    UnitFactory(key="sotc", district=True)
    few = _queries(client, url)
    merged_province(main_portal, former=2, per_province=83)
    forget_units()  # the bulk insert bypassed the services that refresh the unit index
    many = _queries(client, url)
    queries = "\n".join(many)
    assert len(few) == len(many), f"{len(few)} queries with 4 units, {len(many)} with 250:\n{queries}"
    assert len(many) <= budget, f"{len(many)} queries, budget {budget}:\n{queries}"


def test_directory(client, main_portal, unit_a):
    # From the cached unit index: the session-less page reads only its cache generations.
    _measure(client, main_portal, "/vi/cac-trang-thanh-phan/", budget=2)


def test_main_portal_home(client, main_portal, unit_a):
    _measure(client, main_portal, "/vi/", budget=12)


def test_unit_home(client, main_portal, unit_a):
    _measure(client, main_portal, "/don-vi/sotp/vi/", budget=12)


def test_admin_unit_list(client, main_portal, unit_a, superuser):
    client.force_login(superuser)
    # The navigation asks every registered admin whether the user edits some unit: answered without a query.
    _measure(client, main_portal, "/admin/subsites/unit/", budget=15)


def test_compliance_page(client, main_portal, unit_a):
    client.force_login(board_member())
    _measure(client, main_portal, "/admin/reports/complianceunit/", budget=22)


def test_unit_search_of_the_administrator(client, main_portal, unit_a, superuser):
    client.force_login(superuser)
    _measure(client, main_portal, AUTOCOMPLETE, budget=6)


def test_unit_search_of_an_editor(client, main_portal, editor_a):
    client.force_login(editor_a)
    _measure(client, main_portal, AUTOCOMPLETE, budget=8)
