"""The demo's past: three former portals merged into the province (issue 24 item 8)."""

from datetime import date

import pytest

from documents.models import Document
from exchange import demo as exchange_demo
from subsites import demo as subsites_demo
from subsites.enums import UnitType
from subsites.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    seeded = subsites_demo.seed()
    exchange_demo.seed(seeded)
    return seeded


def test_three_former_portals_merged_into_the_province(seeded):
    main = seeded["main"]
    former = Unit.objects.filter(type=UnitType.PORTAL, parent=main).order_by("key")
    assert [(u.key, u.ceased_on, u.successor) for u in former] == [
        ("bt-tinh", date(2025, 7, 1), main),
        ("cu-tv-tinh", date(2025, 7, 1), main),
        ("vl-tinh", date(2025, 7, 1), main),
    ]
    # Their departments went into the province's; information and communications had gone earlier.
    assert Unit.objects.get(key="bt-stp").successor.key == "stp"
    stttt = Unit.objects.get(key="vl-stttt")
    assert (stttt.ceased_on, stttt.successor.key) == (date(2025, 3, 1), "vl-skhcn")
    assert Unit.objects.get(key="bt-chauthanh").ceased_on == date(2025, 7, 1)
    assert Document.objects.filter(number_symbol="1762/QĐ-UBND", unit__key__endswith="-tinh").count() == 3


def test_a_closed_districts_documents_stay_reachable(client, seeded):
    document = Document.objects.get(unit__key="bt-chauthanh")
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert "Thông báo kết thúc hoạt động của Huyện Châu Thành" in response.text


def test_seeding_again_changes_nothing(seeded):
    units, documents = Unit.objects.count(), Document.objects.count()
    exchange_demo.seed(seeded)
    assert (Unit.objects.count(), Document.objects.count()) == (units, documents)
