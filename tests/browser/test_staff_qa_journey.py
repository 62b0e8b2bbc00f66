"""Staff in the Q&A inbox (issue 17 items 1, 5 and 11): the approver reads the stored answer and the
whole history before approving; Accept, Forward, Return and Approve land on the list with the success
message alone; the inbox fits a desktop screen in Khmer."""

import pytest

from citizen_qa import services
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import Question, QuestionEvent
from subsites.enums import Role
from tests.factories.citizen_qa import FieldFactory, RoutingRuleFactory
from tests.factories.subsites import PASSWORD, member

from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

ANSWER = "Hồ sơ chuyển mục đích sử dụng đất nộp tại Bộ phận một cửa của UBND cấp huyện."


@pytest.fixture
def people(main_portal, unit_a, unit_b, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return {
        "portal": member(main_portal, Role.EDITOR, username="bientap"),
        "editor": member(unit_a, Role.EDITOR, username="stp-bientap"),
        "approver": member(unit_a, Role.APPROVER, username="stp-duyet"),
    }


@pytest.fixture
def ask(unit_b):
    """ask(field) → a confirmed question received on unit B's site, waiting to be screened."""

    def make(field, title="Thủ tục chuyển mục đích sử dụng đất vườn sang đất ở"):
        question = services.question_submit(
            unit=unit_b,
            field=field,
            title=title,
            body="Gia đình tôi muốn chuyển đất vườn sang đất ở thì cần hồ sơ gì?",
            asker=services.AskerData(name="Trần Thị Bình", email="binh.tran@example.com"),
            display_mode="initials",
            allow_publication=True,
            language="vi",
            confirm_url="http://testserver/vi/hoi-dap/xac-nhan/{token}/",
        )
        return services.question_confirm(token=services.confirmation_token(question))

    return make


def _land_on_list(page, live_server, model: str) -> None:
    """The step left the user on the list, with its success message and no 'does not exist' warning."""
    page.wait_for_url(f"{live_server.url}/admin/citizen_qa/{model}/")
    assert page.locator(".messagelist .success").count() == 1
    assert page.locator(".messagelist li").count() == 1


def _signed_in(browser, live_server, username, **context):
    page = browser.new_context(locale="vi-VN", **context).new_page()
    login(page, live_server, username, PASSWORD)
    return page


def test_accept_answer_review_and_approve(browser, live_server, people, unit_a, ask, screenshot):
    land = FieldFactory(slug="dat-dai", name_vi="Đất đai", name_en="Land")
    RoutingRuleFactory(field=land, unit=unit_a)
    question = ask(land)

    portal = _signed_in(browser, live_server, "bientap")
    portal.goto(f"{live_server.url}/admin/citizen_qa/queuedquestion/{question.pk}/change/")
    portal.get_by_role("button", name="Tiếp nhận (chuyển theo quy tắc của lĩnh vực nếu có)").click()
    _land_on_list(portal, live_server, "queuedquestion")
    portal.context.close()

    editor = _signed_in(browser, live_server, "stp-bientap")
    editor.goto(f"{live_server.url}/admin/citizen_qa/inboxquestion/")
    editor.get_by_role("link", name=question.tracking_code).click()
    editor.get_by_role("button", name="Nhận xử lý câu hỏi").click()
    editor.fill("#id_answer-0-body_vi", f"<p>{ANSWER}</p>")
    editor.fill("#id_answer-0-answered_by_vi", "Sở Tư pháp")
    editor.locator("input[name=_continue]").click()
    # Saved: the box shows the stored answer, not an empty form.
    assert ANSWER in editor.locator("#id_answer-0-body_vi").input_value()
    editor.get_by_role("button", name="Gửi câu trả lời để duyệt").click()
    editor.wait_for_load_state()
    editor.context.close()

    approver = _signed_in(browser, live_server, "stp-duyet")
    approver.goto(f"{live_server.url}/admin/citizen_qa/inboxquestion/{question.pk}/change/")
    review = approver.locator(".qa-stored-answer")
    assert ANSWER in review.inner_text() and "stp-bientap" in review.inner_text()
    assert ANSWER in approver.locator("#id_answer-0-body_vi").input_value()
    history = approver.locator("#events-group tbody tr.form-row")
    events = QuestionEvent.objects.filter(question=question)
    assert history.count() == events.count() >= 6
    text = approver.locator("#events-group").inner_text()
    for who in ("bientap", "stp-bientap", "asker"):
        assert who in text
    screenshot(approver, "qa-approver-reads-answer-and-history")
    approver.get_by_role("button", name="Duyệt câu trả lời (và đăng nếu được công khai)").click()
    _land_on_list(approver, live_server, "inboxquestion")
    question.refresh_from_db()
    assert question.state == S.PUBLISHED
    approver.context.close()


def test_forward_and_return_land_on_the_list(browser, live_server, people, unit_a, ask):
    unrouted = FieldFactory(slug="y-te", name_vi="Y tế", name_en="Health")
    question = ask(unrouted)

    portal = _signed_in(browser, live_server, "bientap")
    portal.goto(f"{live_server.url}/admin/citizen_qa/queuedquestion/{question.pk}/change/")
    portal.get_by_role("button", name="Tiếp nhận (chuyển theo quy tắc của lĩnh vực nếu có)").click()
    # No routing rule: the question waits in the queue, and the editor stays on it.
    portal.wait_for_url(f"**/queuedquestion/{question.pk}/change/")
    portal.select_option("select[name=forward_to]", label=unit_a.name)
    portal.get_by_role("button", name="Chuyển đến cơ quan có thẩm quyền").click()
    _land_on_list(portal, live_server, "queuedquestion")
    portal.context.close()

    editor = _signed_in(browser, live_server, "stp-bientap")
    editor.goto(f"{live_server.url}/admin/citizen_qa/inboxquestion/{question.pk}/change/")
    form = editor.locator(
        "form.qa-transition", has=editor.get_by_role("button", name="Trả lại: không thuộc thẩm quyền")
    )
    form.locator("textarea[name=reason]").fill("Câu hỏi về y tế, không thuộc lĩnh vực của Sở Tư pháp.")
    form.get_by_role("button").click()
    _land_on_list(editor, live_server, "inboxquestion")
    assert Question.objects.get(pk=question.pk).state == S.ROUTING
    editor.context.close()


@pytest.mark.parametrize("width", [1280, 1366])
def test_the_inbox_fits_a_desktop_screen_in_khmer(
    browser, live_server, people, unit_a, ask, width, screenshot
):
    land = FieldFactory(slug="dat-dai", name_vi="Đất đai", name_km="ដីធ្លី")
    RoutingRuleFactory(field=land, unit=unit_a)
    for n in range(3):
        question = ask(land, title=f"Thủ tục chuyển mục đích sử dụng đất vườn sang đất ở, hồ sơ số {n}")
        services.question_accept(question=question, acting_user=people["portal"])
    context = browser.new_context(locale="km-KH", viewport={"width": width, "height": 800})
    page = context.new_page()
    login(page, live_server, "stp-duyet", PASSWORD)
    page.goto(f"{live_server.url}/admin/citizen_qa/inboxquestion/")
    assert page.locator("html").get_attribute("lang") == "km"
    screenshot(page, f"qa-inbox-km-{width}")
    cut = page.evaluate(
        """() => {
          const table = document.querySelector('#result_list');
          const box = table.closest('.results').getBoundingClientRect();
          const first = 'thead th, tbody tr:first-child td, tbody tr:first-child th';
          const cells = [...table.querySelectorAll(first)];
          return cells.filter(c => {
            const r = c.getBoundingClientRect();
            return r.right > box.right + 1 || r.left < box.left - 1 || r.right > innerWidth;
          }).map(c => c.innerText.trim());
        }"""
    )
    assert cut == [], f"columns cut off at {width}px: {cut}"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()
