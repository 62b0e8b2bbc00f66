"""A citizen asks on a phone and confirms; the portal routes the question; the unit answers; an approver
publishes; the citizen finds the answer with the tracking code. The asker's data never shows publicly."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from citizen_qa.models import Field, Question, RoutingRule
from subsites.demo import DEMO_PASSWORD, seed

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

ASKER_NAME = "Thạch Thị Sa Rươne"
ASKER_EMAIL = "sa.ruone@example.com"
ASKER_PHONE = "0977 123 456"


@pytest.fixture
def province(transactional_db, settings):
    settings.PORTAL_FORM_MIN_SECONDS = 0  # the browser fills the form faster than a person
    seeded = seed()
    field = Field.objects.create(slug="tu-phap-ho-tich", name_vi="Tư pháp, hộ tịch", name_en="Justice")
    RoutingRule.objects.create(field=field, unit=seeded["units"]["stp"])
    return seeded


def _admin_step(page, live_server, username, question, button):
    login(page, live_server, username, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/citizen_qa/question/{question.pk}/change/")
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    page.context.clear_cookies()


def test_question_from_asking_to_published_answer(
    province, live_server, browser, phone_context_args, screenshot, axe_check
):
    # axe is injected as an inline script, which the site's CSP forbids: bypass CSP in this context only.
    citizen = browser.new_context(**phone_context_args, locale="vi-VN", bypass_csp=True)
    page = citizen.new_page()
    page.goto(f"{live_server.url}/vi/hoi-dap/dat-cau-hoi/")
    assert axe_check(page) == []
    page.select_option("#id_field", label="Tư pháp, hộ tịch")
    page.fill("#id_title", "Đăng ký khai sinh quá hạn cho con 7 tuổi")
    page.fill("#id_body", "Con tôi sinh năm 2019 nhưng chưa làm giấy khai sinh. Cần giấy tờ gì?")
    page.fill("#id_name", ASKER_NAME)
    page.fill("#id_email", ASKER_EMAIL)
    page.fill("#id_phone", ASKER_PHONE)
    page.check("#id_consent")
    screenshot(page, "citizen-qa-ask-phone")
    page.get_by_role("button", name="Gửi câu hỏi").click()
    page.wait_for_url("**/hoi-dap/da-gui/")

    link = re.search(r"http://\S+/xac-nhan/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Xác nhận câu hỏi của tôi").click()
    code = page.locator(".qa-code").inner_text().strip()
    question = Question.objects.get(tracking_code=code)

    staff = browser.new_context(locale="vi-VN")
    admin_page = staff.new_page()
    _admin_step(
        admin_page, live_server, "bientap", question, "Tiếp nhận (chuyển theo quy tắc của lĩnh vực nếu có)"
    )
    question.refresh_from_db()
    assert question.forwarded_to.key == "stp"

    login(admin_page, live_server, "stp-bientap", DEMO_PASSWORD)
    admin_page.goto(f"{live_server.url}/admin/citizen_qa/inboxquestion/")
    admin_page.get_by_role("link", name=code).click()
    admin_page.get_by_role("button", name="Nhận xử lý câu hỏi").click()
    admin_page.fill(
        "#id_answer-0-body_vi",
        "<p>Đăng ký khai sinh quá hạn tại UBND cấp xã nơi cư trú; hồ sơ gồm tờ khai và giấy chứng sinh.</p>",
    )
    admin_page.fill("#id_answer-0-answered_by_vi", "Sở Tư pháp")
    admin_page.locator("input[name=_continue]").click()
    admin_page.get_by_role("button", name="Gửi câu trả lời để duyệt").click()
    admin_page.context.clear_cookies()

    _admin_step(
        admin_page, live_server, "stp-duyet", question, "Duyệt câu trả lời (và đăng nếu được công khai)"
    )
    question.refresh_from_db()
    assert question.state == "published"
    staff.close()

    page.goto(f"{live_server.url}/vi/hoi-dap/tra-cuu/")
    page.fill("#id_code", code)
    page.fill("#id_email", ASKER_EMAIL)
    page.get_by_role("button", name="Xem tình trạng").click()
    # The click only starts the request: wait for the answer the asker reads before reading the page.
    expect(page.locator("main")).to_contain_text("UBND cấp xã nơi cư trú")
    screenshot(page, "citizen-qa-status-phone")
    page.get_by_role("link", name="Câu hỏi và câu trả lời đã đăng").click()
    page.wait_for_url(f"**/hoi-dap/cau-hoi/{question.pk}/")
    expect(page.locator("main")).to_contain_text("Đăng ký khai sinh quá hạn")
    content = page.content()
    assert "Đăng ký khai sinh quá hạn" in content and "T.T.S.R." in content
    for secret in (ASKER_NAME, ASKER_EMAIL, ASKER_PHONE):
        assert secret not in content
    assert axe_check(page) == []
    citizen.close()
