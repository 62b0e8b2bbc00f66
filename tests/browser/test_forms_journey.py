"""On a 360 px phone, in Vietnamese, English and Khmer: a citizen lands on the receipt of a comment, reads
why a form was refused, hears the hints a screen reader reads (the accessible description), is told a
bad e-mail is not valid and a search is too long, reads the document finder and the leaders' schedule
as cards, and sees whole words highlighted in search results."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from citizen_qa.models import Field
from consultations.models import Comment

from ..factories.consultations import DraftFactory
from ..factories.documents import DocumentFactory, LeaderScheduleFactory, ScheduleEntryFactory
from ..factories.news import ArticleFactory, TranslationFactory
from ..factories.subsites import MainPortalFactory

pytestmark = pytest.mark.django_db(transaction=True)
LANGUAGES = ["vi", "en", "km"]
LOCALES = {"vi": "vi-VN", "en": "en-GB", "km": "km-KH"}
REVIEW_NOTE = (
    "Comments appear on this page only after the e-mail address is confirmed and a moderator has "
    "reviewed them."
)
TOO_FAST = (
    "The form was sent within a few seconds of opening it, faster than a person fills it in, so it was "
    "not accepted. Check your message and send it again."
)
HONEYPOT = (
    "A field that people do not see was filled in, perhaps by your browser's automatic filling, so the "
    "form was not accepted. Check your message and send it again."
)
NOT_VALID = "This is not a valid e-mail address: check it (it looks like name@example.com)."

# What a screen reader reads as an element's description: the texts of the aria-describedby targets.
DESCRIPTION = """el => (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean)
    .map(node => node.textContent.trim()).join(' ')"""


def _(language: str, msgid: str) -> str:
    with translation.override(language):
        return gettext(msgid)


@pytest.fixture
def portal(transactional_db, settings):
    settings.PORTAL_FORM_MIN_SECONDS = 0  # the browser fills the form faster than a person
    settings.PORTAL_CAPTCHA_AFTER = 10_000
    main = MainPortalFactory()
    draft = DraftFactory(unit=main, scheduled=True, text=True, premoderated=True)
    Field.objects.create(slug="tu-phap", name_vi="Tư pháp", name_en="Justice", name_km="យុត្តិធម៌")
    return {"main": main, "draft": draft}


@pytest.fixture
def phone(browser, phone_context_args):
    contexts = []

    def open_page(language: str):
        context = browser.new_context(**phone_context_args, locale=LOCALES[language])
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def _accessible_description(page, selector: str) -> str:
    """The description Chromium's accessibility tree gives the element, as a screen reader gets it."""
    element_id = page.locator(selector).get_attribute("id")
    session = page.context.new_cdp_session(page)
    document = session.send("DOM.getDocument")
    node = session.send(
        "DOM.querySelector", {"nodeId": document["root"]["nodeId"], "selector": f"#{element_id}"}
    )
    ax = session.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"], "fetchRelatives": False})
    described = ax["nodes"][0].get("description", {}).get("value", "")
    session.detach()
    return described


def _in_view_and_focused(page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None and -1 <= box["y"] < 740 - 40, box  # its top within the phone's screen
    assert page.evaluate("document.activeElement && ('#' + document.activeElement.id)") == selector


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_comment_lands_on_its_receipt_which_says_when_it_appears(
    portal, live_server, phone, screenshot, language
):
    draft = portal["draft"]
    with translation.override(language):
        url = live_server.url + draft.get_absolute_url()
    page = phone(language)
    page.goto(url)
    assert _(language, REVIEW_NOTE) in page.locator("#gop-y .publication-note").inner_text()
    # The hint of the e-mail field, as a screen reader reads it.
    hint = _(language, "We send a link to confirm your comment. Never shown publicly.")
    assert page.locator("#id_email").evaluate(DESCRIPTION) == hint
    assert _accessible_description(page, "#id_email") == hint
    page.fill("#id_text", "Đề nghị quy định rõ thời hạn trả lời là 2 ngày làm việc.")
    page.fill("#id_name", "Thạch Thị Sa Ri")
    page.fill("#id_email", "sari@mail.example")
    page.check("#id_consent")
    page.locator("form.comment-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"#thong-bao$"))
    page.wait_for_load_state("load")
    _in_view_and_focused(page, "#thong-bao")
    receipt = page.locator("#thong-bao").inner_text()
    assert Comment.objects.get().reference in receipt
    assert _(language, REVIEW_NOTE) in receipt
    screenshot(page, f"forms-comment-receipt-phone-{language}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_question_sent_too_fast_says_why_and_what_to_do(portal, live_server, phone, settings, language):
    settings.PORTAL_FORM_MIN_SECONDS = 3600
    page = phone(language)
    page.goto(f"{live_server.url}/{language}/hoi-dap/dat-cau-hoi/")
    hint = _(language, "We send the confirmation link and the answer here.")
    assert page.locator("#id_email").evaluate(DESCRIPTION) == hint
    assert _accessible_description(page, "#id_email") == hint
    page.select_option("#id_field", index=1)
    page.fill("#id_title", "Đăng ký khai sinh quá hạn")
    page.fill("#id_body", "Con tôi sinh năm 2019 nhưng chưa làm giấy khai sinh.")
    page.fill("#id_name", "Thạch Thị Sa Rươne")
    page.fill("#id_email", "sa.ruone@example.com")
    page.check("#id_consent")
    page.locator("form.qa-form button[type=submit]").click()
    page.locator(".form-errors").wait_for()
    page.wait_for_load_state("load")  # js/forms.js, deferred, has run
    assert page.evaluate("document.activeElement.className") == "form-errors"
    alert = page.locator(".form-errors")
    assert alert.inner_text().strip() == _(language, TOO_FAST)
    box = alert.bounding_box()
    assert -1 <= box["y"] < 740 - 40
    assert page.locator("#id_title").input_value() == "Đăng ký khai sinh quá hạn"  # nothing typed is lost


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_form_filled_in_by_autofill_where_nobody_sees_says_so(portal, live_server, phone, language):
    draft = portal["draft"]
    with translation.override(language):
        url = live_server.url + draft.get_absolute_url()
    page = phone(language)
    page.goto(url)
    page.fill("#id_text", "Góp ý.")
    page.fill("#id_name", "Sa Ri")
    page.fill("#id_email", "sari@mail.example")
    page.check("#id_consent")
    page.locator("#id_website").evaluate("el => { el.value = 'http://autofill.example' }")
    page.locator("form.comment-form button[type=submit]").click()
    page.locator(".form-errors").wait_for()
    page.wait_for_load_state("load")  # js/forms.js, deferred, has run
    assert page.evaluate("document.activeElement.className") == "form-errors"
    assert page.locator(".form-errors").inner_text().strip() == _(language, HONEYPOT)
    assert not Comment.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_bad_e_mail_is_called_not_valid(portal, live_server, phone, language):
    page = phone(language)
    page.goto(f"{live_server.url}/{language}/hoi-dap/dat-cau-hoi/")
    page.fill("#id_email", "sa.ruone@@example")
    page.locator("form.qa-form button[type=submit]").click()
    page.wait_for_load_state()
    field = page.locator("#id_email").locator("xpath=..")
    text = field.inner_text()
    assert _(language, NOT_VALID) in text
    assert _(language, "Enter a valid email address.") not in text
    assert page.locator("#id_email").input_value() == "sa.ruone@@example"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_search_too_long_says_so_and_describes_the_box(portal, live_server, phone, language):
    page = phone(language)
    page.goto(f"{live_server.url}/{language}/tim-kiem/?q=" + "tr%C3%A1nh+" * 300)
    alert = page.get_by_role("alert").inner_text()
    with translation.override(language):
        assert gettext("Please correct the dates above.") not in alert
    assert "(1799 " in alert  # "tránh " 300 times, less the last space
    assert _accessible_description(page, "#search-q") == alert.strip()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_document_finder_and_schedule_are_cards_on_a_phone(
    portal, live_server, phone, screenshot, language
):
    main = portal["main"]
    for n in range(3):
        DocumentFactory(
            unit=main,
            published=True,
            number_symbol=f"17{n}/QĐ-UBND",
            title_vi="Quyết định ban hành quy chế phối hợp quản lý, vận hành Cổng Thông tin điện tử tỉnh",
        )
    schedule = LeaderScheduleFactory(unit=main, published=True)
    ScheduleEntryFactory(
        schedule=schedule, participants="Lãnh đạo Sở Tư pháp, Sở Nội vụ, Văn phòng UBND tỉnh"
    )
    page = phone(language)
    for path, name in (("van-ban/", "finder"), ("van-ban/lich-lam-viec/", "schedule")):
        page.goto(f"{live_server.url}/{language}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        scroll = page.locator(".table-scroll")
        assert scroll.evaluate("el => el.scrollWidth <= el.clientWidth")
        cells = page.locator(".card-table tbody td")
        assert cells.count() >= 5
        for index in range(cells.count()):
            cell = cells.nth(index)
            if not cell.inner_text().strip():
                assert cell.evaluate("el => getComputedStyle(el).display") == "none"  # no empty label
                continue
            assert cell.evaluate("el => getComputedStyle(el).display") == "block"
            label = cell.evaluate("el => getComputedStyle(el, '::before').content")
            assert cell.get_attribute("data-label") in label
            box = cell.bounding_box()
            assert box["width"] > 250, (name, index, box)  # a whole line, not 62 px
            assert box["x"] + box["width"] <= 360
        screenshot(page, f"forms-{name}-cards-phone-{language}")


SEARCHES = {
    "vi": ("Tránh ùn tắc dịp lễ hội Trà Vinh", "trà", ["Trà"]),
    "en": ("Trade fair opens in Tra Vinh", "tra", ["Tra"]),
    "km": ("ពិធីបុណ្យអកអំបុកនៅខេត្តត្រាវិញ", "អកអំបុក", ["អកអំបុក"]),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_marks_whole_words_only(portal, live_server, phone, language):
    title, query, marked = SEARCHES[language]
    item = ArticleFactory(unit=portal["main"], published=True, slug="le-hoi", title_vi=SEARCHES["vi"][0])
    if language != "vi":
        setattr(item, f"title_{language}", title)
        TranslationFactory(article=item, language=language, title=title)
    item.refresh_search_text()
    item.save()
    page = phone(language)
    page.goto(f"{live_server.url}/{language}/tim-kiem/?type=news&q={query}")
    marks = page.locator(".results mark").all_inner_texts()
    assert marks and set(marks) == set(marked), marks


NUMBER_WORDS = {
    "vi": ["một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"],
    "en": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "km": ["មួយ", "ពីរ", "បី", "បួន", "ប្រាំ", "ប្រាំមួយ", "ប្រាំពីរ", "ប្រាំបី", "ប្រាំបួន"],
}


def _sum_asked(label: str, language: str) -> int:
    sentence = re.escape(_(language, "How much is %(a)s plus %(b)s? Write the answer in digits."))
    pattern = sentence.replace(re.escape("%(a)s"), r"(\S+)").replace(re.escape("%(b)s"), r"(\S+)")
    a, b = re.search(pattern, label).groups()
    return NUMBER_WORDS[language].index(a) + NUMBER_WORDS[language].index(b) + 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_question_passes_the_captcha_by_its_question_in_words(
    portal, live_server, phone, settings, language
):
    settings.PORTAL_CAPTCHA_AFTER = 0  # as if the visitor's connection had sent many already
    page = phone(language)
    page.goto(f"{live_server.url}/{language}/hoi-dap/dat-cau-hoi/")
    picture = page.locator("img.captcha")
    assert 200 <= picture.bounding_box()["width"] <= 328  # readable, and inside the phone's width
    before = (picture.get_attribute("src"), page.locator("input[name=captcha_0]").input_value())
    page.get_by_role("button", name=_(language, "Show another picture")).click()
    expect(picture).not_to_have_attribute("src", before[0])  # polls without eval, which the CSP forbids
    after = (picture.get_attribute("src"), page.locator("input[name=captcha_0]").input_value())
    assert after[0] != before[0] and after[1] != before[1] and after[1] in after[0]
    page.select_option("#id_field", index=1)
    page.fill("#id_title", "Đăng ký khai sinh quá hạn")
    page.fill("#id_body", "Con tôi sinh năm 2019 nhưng chưa làm giấy khai sinh.")
    page.fill("#id_name", "Thạch Thị Sa Rươne")
    page.fill("#id_email", "sa.ruone@example.com")
    page.check("#id_consent")
    label = page.locator("label[for=id_captcha_answer]").inner_text()
    page.fill("#id_captcha_answer", str(_sum_asked(label, language)))
    page.locator("form.qa-form button[type=submit]").click()
    page.wait_for_url("**/hoi-dap/da-gui/")
    page.wait_for_load_state("load")
    _in_view_and_focused(page, "#thong-bao")
