"""The board's compliance page over a merged province of ~250 units: 50 a page, the filters and the
order kept from page to page, any page number answered."""

import pytest
from django.urls import reverse

from ..factories.subsites import merged_province

pytestmark = pytest.mark.django_db

URL = "/admin/reports/complianceunit/"


@pytest.fixture
def province(main_portal):
    return merged_province(main_portal, former=2, per_province=83)


def _keys(response) -> list[str]:
    assert response.status_code == 200
    return [row.unit.key for row in response.context["rows"]]


def test_the_page_shows_fifty_units_at_a_time(client, board, province):
    assert reverse("admin:reports_complianceunit_changelist") == URL
    client.force_login(board)
    first, second = client.get(URL), client.get(URL, {"p": 2})
    assert len(_keys(first)) == 50 and len(_keys(second)) == 50
    assert not set(_keys(first)) & set(_keys(second))
    pages = -(-first.context["shown"] // 50)
    assert first.context["shown"] > 150 and pages >= 4
    assert (
        f"trang 1 / {pages}" in first.text and 'rel="next"' in first.text and 'rel="prev"' not in first.text
    )
    last = client.get(URL, {"p": pages})
    assert f"trang {pages} / {pages}" in last.text and 'rel="next"' not in last.text


def test_the_filters_and_the_order_are_kept_across_pages(client, board, province):
    client.force_login(board)
    response = client.get(URL, {"q": "cu1", "show": "all", "o": "-key"})
    keys = _keys(response)
    assert len(keys) == 50 and all(key.startswith("cu1") for key in keys)
    assert keys == sorted(keys, reverse=True)
    assert '?p=2&amp;o=-key&amp;show=all&amp;q=cu1" rel="next"' in response.text
    shown = response.context["shown"]  # cu1's units that lived in the period: not those ceased before it
    assert 50 < shown < 84 and f"{shown}/{response.context['total']} đơn vị" in response.text
    rest = _keys(client.get(URL, {"p": 2, "q": "cu1", "show": "all", "o": "-key"}))
    assert len(rest) == shown - 50 and all(key.startswith("cu1") for key in rest)
    assert not set(rest) & set(keys)


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1e9", "\x00", "9" * 400, "<b>"])
def test_any_page_number_answers_a_page(client, board, province, page):
    client.force_login(board)
    response = client.get(URL, {"p": page, "q": "<script>\x00"})
    assert response.status_code == 200 and "<script>" not in response.text
