"""Alerts on a site-wide search: its words over every type (or one), in every unit or the one searched."""

import pytest
from django.core import mail

from alerts import services
from alerts.matching import filter_matches
from alerts.models import Filter
from documents import services as documents
from portal.public_forms import new_form_token
from portal.registry import AlertItem
from portal.services import SYSTEM

from ..factories.alerts import SubscriptionFactory
from ..factories.subsites import UnitFactory
from .conftest import draft_document

pytestmark = pytest.mark.django_db


def _follow(unit=None, **params):
    filters = {"filter__kind": "search", "filter__unit": unit, "filter__params": params}
    return SubscriptionFactory(**filters, confirmed=True)


def test_a_search_alert_follows_its_words_in_every_unit_or_its_own(alerts_setup, committed):
    unit, field = alerts_setup["unit"], alerts_setup["field"]
    elsewhere = UnitFactory(key="syt", name_vi="Sở Y tế")
    everywhere = _follow(q="quy chế")
    of_documents = _follow(q="quy chế", type="documents")
    _follow(q="quy chế", type="news")
    _follow(elsewhere, q="quy chế")
    _follow(q="ngân sách")
    with committed():
        document = draft_document(unit, field, title_vi="Quyết định ban hành Quy chế làm việc")
        documents.document_publish(document=document, acting_user=SYSTEM)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [everywhere.subscriber.email, of_documents.subscriber.email]
    )
    alert = next(m for m in mail.outbox if m.to == [everywhere.subscriber.email])
    assert "Tìm kiếm – tất cả đơn vị: “quy chế”" in alert.body
    token = everywhere.subscriber.token
    assert f"https://cong.example/vi/thong-bao/quan-ly/{token}/huy/{everywhere.pk}/" in alert.body


def test_the_search_page_offers_alerts_and_the_form_keeps_its_scope(alerts_setup, client, committed):
    unit = alerts_setup["unit"]
    page = client.get("/vi/tim-kiem/?q=quy+ch%E1%BA%BF&unit=stp").content.decode()
    link = "/vi/thong-bao/?kind=search&amp;q=quy+ch%E1%BA%BF&amp;unit=stp"
    assert f'href="{link}"' in page
    data = {"email": "an@mail.example", "frequency": "daily", "consent": "on", "started": new_form_token()}
    with committed():
        address = "/vi/thong-bao/?kind=search&q=quy+ch%E1%BA%BF&unit=stp&date_from=2026-01-01"
        response = client.post(address, data)
    assert response.status_code == 200
    followed = Filter.objects.get()
    assert (followed.kind, followed.unit, followed.params) == ("search", unit, {"q": "quy chế"})
    assert "Tìm kiếm – Sở Tư pháp: “quy chế”" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("q=", "Tìm kiếm: hãy nhập từ khóa bạn muốn theo dõi."),
        ("q=%00%01", "Tìm kiếm: hãy nhập từ khóa bạn muốn theo dõi."),
        ("q=a&type=phone-book", "Loại: chưa thể nhận thông báo cho loại nội dung này."),
        ("q=a&unit=khong-co", "Đơn vị: không có đơn vị này."),
        ("q=a&unit=" + "x" * 10_000, "Đơn vị: không có đơn vị này."),
    ],
)
def test_a_bad_search_alert_is_named(alerts_setup, client, query, named):
    response = client.get(f"/vi/thong-bao/?kind=search&{query}")
    assert response.status_code == 400
    assert named in response.content.decode()


def test_a_search_type_is_the_alert_source_it_names(alerts_setup):
    """The search page names the Q&A "qa" (its search provider); the alert source is "questions"."""
    for named in ("qa", "questions"):
        clean = services.canonical("search", {"q": "đất đai", "type": named})
        assert clean == {"q": "đất đai", "type": "questions"}
    assert services.canonical("search", {"q": "a", "type": "consultations"})["type"] == "consultations"


def test_an_item_listed_by_several_units_matches_each_ones_filter():
    item = AlertItem(
        key="questions:1", pk=1, unit_id=1, published_at=None, attributes={}, units=frozenset({2})
    )
    assert filter_matches(1, {}, item) and filter_matches(2, {}, item) and filter_matches(None, {}, item)
    assert not filter_matches(3, {}, item)
