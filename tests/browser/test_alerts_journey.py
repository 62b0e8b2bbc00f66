"""A citizen on a phone follows a filter of the document finder, confirms from the e-mail, receives one
e-mail when a matching document is published and none for another, then unsubscribes by the e-mail's
link without signing in."""

import re
from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from alerts.models import Subscriber, Subscription
from documents import services
from documents.enums import Category
from documents.models import Document, IssuingBody
from portal.services import SYSTEM

from ..factories.documents import FieldFactory
from ..factories.subsites import MainPortalFactory, UnitFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADDRESS = "thach.sari@mail.example"


@pytest.fixture
def portal(transactional_db, settings, live_server):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_FORM_MIN_SECONDS = 0
    settings.PORTAL_BASE_URL = live_server.url
    MainPortalFactory()
    unit = UnitFactory(key="stp", name_vi="Sở Tư pháp", name_en="Department of Justice")
    field = FieldFactory(slug="ho-tich", name_vi="Hộ tịch", name_en="Civil status")
    body = services.issuing_body_save(body=IssuingBody(name_vi="Sở Tư pháp", code="STP"), acting_user=SYSTEM)
    return {"unit": unit, "field": field, "body": body}


def _draft(portal, number: str, title: str) -> Document:
    return services.document_create(
        document=Document(
            unit=portal["unit"],
            number_symbol=number,
            category=Category.DIRECTION,
            field=portal["field"],
            issuing_body=portal["body"],
            issued_on=date(2026, 12, 1),
            title_vi=title,
        ),
        acting_user=SYSTEM,
    )


def _link(message, path_part: str) -> str:
    return re.search(rf"https?://\S+{path_part}\S+", message.body).group(0)


def test_follow_a_filter_confirm_receive_and_unsubscribe(portal, live_server, browser, phone_context_args):
    page = browser.new_context(**phone_context_args, locale="vi-VN").new_page()
    with translation.override("vi"):
        finder = f"{live_server.url}/don-vi/stp/vi/van-ban/?doc_type=QĐ&field={portal['field'].pk}"
    page.goto(finder)
    page.click("a.alerts-link")
    page.wait_for_selector("form.alert-form")
    assert "Loại: Quyết định; Lĩnh vực: Hộ tịch" in page.inner_text(".alert-filter")
    page.fill("#id_email", ADDRESS)
    page.check("#id_consent")
    page.click("form.alert-form button[type=submit]")
    page.wait_for_selector(".alert-sent")
    assert ADDRESS not in page.content()

    (confirmation,) = mail.outbox
    assert confirmation.to == [ADDRESS]
    page.goto(_link(confirmation, "/thong-bao/xac-nhan/"))
    page.click("form.alert-confirm button[type=submit]")
    page.wait_for_selector(".alert-confirmed")
    assert Subscription.objects.get().confirmed_at is not None

    mail.outbox.clear()
    matching = _draft(portal, "7/QĐ-STP", "Quyết định công bố thủ tục hộ tịch")
    services.document_publish(document=matching, acting_user=SYSTEM)
    (alert,) = mail.outbox
    assert alert.to == [ADDRESS] and "7/QĐ-STP" in alert.subject
    assert f"/don-vi/stp/vi/van-ban/{matching.pk}/" in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    other = _draft(portal, "8/KH-STP", "Kế hoạch tuyên truyền pháp luật")
    services.document_publish(document=other, acting_user=SYSTEM)
    assert len(mail.outbox) == 1

    page.goto(_link(alert, "/huy/"))
    page.click("button.unsubscribe")
    page.wait_for_selector(".alert-unsubscribed")
    assert not Subscriber.objects.exists()
