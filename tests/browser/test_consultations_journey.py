"""A citizen comments on article 3 of an open draft and confirms by e-mail; a moderator publishes the
comment; after closing the agency records its disposition and publishes the outcome; the citizen reads it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from consultations.models import Comment, Draft
from subsites.enums import Role

from ..factories.consultations import DraftFactory, article
from ..factories.subsites import PASSWORD, MainPortalFactory, UnitFactory, member
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal(transactional_db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_FORM_MIN_SECONDS = 0
    MainPortalFactory()
    unit = UnitFactory(key="stp", name_vi="Sở Tư pháp", name_en="Department of Justice")
    title = "Dự thảo Quy chế quản lý cổng thông tin"
    draft = DraftFactory(unit=unit, scheduled=True, text=True, title_vi=title)
    return {
        "draft": draft,
        "editor": member(unit, Role.EDITOR, username="stp-bientap"),
        "approver": member(unit, Role.APPROVER, username="stp-duyet"),
    }


def _draft_url(live_server, draft) -> str:
    with translation.override("vi"):
        return live_server.url + draft.get_absolute_url()


def test_comment_confirm_moderate_dispose_and_read_the_outcome(
    portal, live_server, browser, phone_context_args, screenshot, axe_check
):
    draft = portal["draft"]
    target = article(draft, "Điều 3")
    # axe is injected as an inline script, which the CSP refuses unless bypassed.
    citizen = browser.new_context(**phone_context_args, locale="vi-VN", bypass_csp=True).new_page()

    # The citizen comments on article 3.
    citizen.goto(_draft_url(live_server, draft))
    assert axe_check(citizen) == []
    citizen.click(f'a[href="?dieu={target.pk}#gop-y"]')
    assert citizen.locator("#id_article").input_value() == str(target.pk)
    citizen.fill("#id_text", "Đề nghị quy định rõ thời hạn cung cấp thông tin là 2 ngày làm việc.")
    citizen.fill("#id_name", "Thạch Thị Sa Ri")
    citizen.fill("#id_email", "sari@mail.example")
    citizen.fill("#id_phone", "0912 345 678")
    citizen.check("#id_consent")
    citizen.click("form.comment-form button[type=submit]")
    # A click does not wait for the answer: the database is read once the citizen sees the message.
    citizen.wait_for_selector("#thong-bao")
    comment = Comment.objects.get()
    assert comment.reference in citizen.content()
    screenshot(citizen, "consultations-comment-sent-phone")

    # …and confirms the e-mail from the link in the message.
    link = re.search(r"https?://\S+/xac-nhan/\S+/", mail.outbox[-1].body)[0]
    citizen.goto(link)
    citizen.click("main form button[type=submit]")
    citizen.wait_for_selector("main [role=status]")
    assert comment.reference in citizen.content()
    comment.refresh_from_db()
    assert comment.confirmed_at is not None
    assert comment.reference in mail.outbox[-1].body

    # A moderator of the unit publishes it.
    moderator = browser.new_context().new_page()
    login(moderator, live_server, "stp-bientap", PASSWORD)
    moderator.goto(f"{live_server.url}/admin/consultations/comment/")
    moderator.check(f'input[name="_selected_action"][value="{comment.pk}"]')
    moderator.select_option("select[name=action]", "publish_selected")
    moderator.click("button[name=index]")
    moderator.wait_for_selector(".messagelist li")
    citizen.goto(_draft_url(live_server, draft))
    assert "Đề nghị quy định rõ thời hạn" in citizen.content()
    assert "sari@mail.example" not in citizen.content() and "0912 345 678" not in citizen.content()

    # The consultation closes; the agency records its disposition and publishes the outcome.
    Draft.objects.filter(pk=draft.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    moderator.goto(f"{live_server.url}/admin/consultations/comment/{comment.pk}/change/")
    moderator.select_option("#id_verdict", "partly_accepted")
    moderator.fill("#id_explanation", "Tiếp thu, quy định thời hạn 3 ngày làm việc cho phù hợp Nghị định.")
    moderator.click("input[name=_save]")
    moderator.wait_for_selector(".messagelist .success")
    comment.refresh_from_db()
    assert comment.disposition is not None

    approver = browser.new_context().new_page()
    login(approver, live_server, "stp-duyet", PASSWORD)
    approver.goto(f"{live_server.url}/admin/consultations/draft/{draft.pk}/workflow/outcome/")
    approver.fill("#id_report", "Sở Tư pháp đã tổng hợp, tiếp thu và giải trình 1 ý kiến góp ý.")
    approver.click("input[type=submit]")
    approver.wait_for_url(f"**/admin/consultations/draft/{draft.pk}/change/")

    # The citizen reads the outcome and the disposition of the comment.
    citizen.goto(_draft_url(live_server, draft))
    page = citizen.content()
    assert "Sở Tư pháp đã tổng hợp, tiếp thu và giải trình" in page
    assert "quy định thời hạn 3 ngày làm việc" in page
    assert "sari@mail.example" not in page
    assert axe_check(citizen) == []
    screenshot(citizen, "consultations-outcome-phone")
