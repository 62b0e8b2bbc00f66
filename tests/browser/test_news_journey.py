"""An editor writes an article with two photos in the rich-text editor, an approver publishes it, a
citizen reads it in Vietnamese and shares it; a translator adds the Khmer version in the same editor and
the citizen reads it in Khmer. No admin page with the editor breaks the Content-Security-Policy."""

import io

import pytest
from PIL import Image

from subsites.enums import Role

from ..factories.news import ArticleFactory
from ..factories.subsites import PASSWORD, member
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TITLE_VI = "Trà Vinh khai mạc Lễ hội Ok Om Bok năm nay"
TITLE_KM = "ត្រាវិញបើកពិធីបុណ្យអកអំបុក"
SUMMARY_VI = "Lễ hội truyền thống của đồng bào Khmer."


def _jpeg(color: str) -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 200), color).save(buffer, "JPEG")
    return {"name": f"{color}.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


@pytest.fixture
def people(main_portal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return {
        "editor": member(main_portal, Role.EDITOR, username="bientap"),
        "approver": member(main_portal, Role.APPROVER, username="duyet"),
        "translator": member(main_portal, Role.TRANSLATOR, language="km", username="dich-km"),
    }


# Every violation of the CSP, whatever the page: the browser's event and its console message.
_REPORT_CSP = """document.addEventListener("securitypolicyviolation", (e) =>
    console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`))"""


def _watch_csp(context, violations: list) -> None:
    context.add_init_script(_REPORT_CSP)

    def record(message):
        if "CSP violation" in message.text or "Content Security Policy" in message.text:
            violations.append(f"{message.page.url}: {message.text}")

    context.on("console", record)


def _signed_in(browser, live_server, username, violations=None):
    context = browser.new_context(locale="vi-VN")
    if violations is not None:
        _watch_csp(context, violations)
    page = context.new_page()
    login(page, live_server, username, PASSWORD)
    return context, page


def _rich_text(page, field, label):
    """The editor of a body field, named by the field's label: typed into, with its toolbar buttons."""
    page.get_by_role("textbox", name=label).and_(page.locator("[contenteditable=true]")).click()
    return page.locator(f".prose-editor:has(#{field})")


def _write_vietnamese_body(page):
    box = _rich_text(page, "id_body_vi", "Nội dung")
    page.keyboard.type("Kết quả nổi bật")
    box.locator(".prose-menubar__selected").click()
    box.locator("[data-name=heading2]").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Sáng nay, lễ hội đua ghe ngo được tổ chức tại ")
    box.locator("button[data-name=bold]").click()
    page.keyboard.type("Ao Bà Om")
    box.locator("button[data-name=bold]").click()
    page.keyboard.type(".")
    page.keyboard.press("Enter")
    box.locator("button[data-name=bulletList]").click()
    page.keyboard.type("Đua ghe ngo")
    page.keyboard.press("Enter")
    page.keyboard.type("Thả đèn nước")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    box.locator("button[data-name=embed]").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input[name=url]").fill("https://www.youtube.com/watch?v=Ok0mBok2025")
    dialog.locator("input[name=title]").fill("Đua ghe ngo trên sông Long Bình")
    dialog.locator("button[type=submit]").click()
    box.locator(".prose-editor-embed").wait_for()


def test_article_from_editor_to_citizen_in_two_languages(people, browser, live_server, screenshot):
    # The editor writes the article with two photos and submits it.
    violations = []
    context, page = _signed_in(browser, live_server, "bientap", violations)
    page.goto(f"{live_server.url}/admin/news/article/add/")
    # The unit is chosen by searching, as among a merged province's 250 units.
    page.click("#id_unit + .select2 .select2-selection")
    page.fill(".select2-search__field", "Trà Vinh")
    page.locator(".select2-results__option", has_text="Cổng thông tin điện tử tỉnh Trà Vinh").click()
    page.fill("#id_title_vi", TITLE_VI)
    page.fill("#id_summary_vi", SUMMARY_VI)
    _write_vietnamese_body(page)
    screenshot(page, "news-editor-vi")
    for index, color in enumerate(("navy", "green")):
        page.set_input_files(f"#id_photos-{index}-image", _jpeg(color))
        page.fill(f"#id_photos-{index}-alt_text_vi", f"Đua ghe ngo, ảnh {index + 1}")
    page.click("input[name=_continue]")
    page.wait_for_selector("#workflow")
    assert page.locator(".inline-related td.field-preview img").count() == 2
    page.click("button[value=submit]")
    page.wait_for_selector(".messagelist .success")
    change_url = page.url
    page.wait_for_selector(".field-body_vi .ProseMirror[contenteditable=true] h2")
    context.close()

    # The approver publishes it.
    context, page = _signed_in(browser, live_server, "duyet")
    page.goto(change_url)
    page.click("button[value=publish]")
    page.wait_for_selector(".messagelist .success")
    context.close()

    # A citizen sees it on the Vietnamese home page and opens it.
    citizen = browser.new_context(locale="vi-VN")
    _watch_csp(citizen, violations)
    reader = citizen.new_page()
    reader.goto(f"{live_server.url}/vi/")
    reader.get_by_role("link", name=TITLE_VI).first.click()
    reader.wait_for_selector("h1")
    assert reader.locator("h1").inner_text() == TITLE_VI
    assert reader.locator(".news-article picture").count() == 2
    body = reader.locator(".news-article .prose")
    assert body.locator("h2").inner_text() == "Kết quả nổi bật"
    assert body.locator("strong").inner_text() == "Ao Bà Om"
    assert body.locator("ul > li").all_inner_texts() == ["Đua ghe ngo", "Thả đèn nước"]
    video = body.locator("iframe")
    assert video.get_attribute("src") == "https://www.youtube-nocookie.com/embed/Ok0mBok2025"
    assert video.get_attribute("title") == "Đua ghe ngo trên sông Long Bình"
    article_url = reader.url

    # The translator translates it into Khmer from the queue; the approver publishes the translation.
    context, page = _signed_in(browser, live_server, "dich-km", violations)
    page.goto(f"{live_server.url}/admin/news/article/translations/?language=km")
    page.locator("a[href$='/translate/km/']").first.click()
    assert TITLE_VI in page.locator(".translate-source").inner_text()
    assert page.locator(".translate-source h2", has_text="Kết quả nổi bật").count() == 1
    page.fill("#id_title", TITLE_KM)
    box = _rich_text(page, "id_body", "nội dung")
    page.keyboard.type("ព្រឹកនេះ ពិធីប្រណាំងទូកង ")
    box.locator("button[data-name=italic]").click()
    page.keyboard.type("នៅអូរអំបិល")
    page.click("button[value=submit]")
    page.wait_for_selector(".messagelist .success")
    translate_url = page.url
    page.wait_for_selector(".translate-form .ProseMirror[contenteditable=true] em")
    context.close()
    assert violations == []
    context, page = _signed_in(browser, live_server, "duyet")
    page.goto(translate_url)
    page.click("button[value=publish]")
    page.wait_for_selector(".messagelist .success")
    context.close()

    # The citizen reads it in Khmer, rendered with the Khmer font.
    reader.goto(article_url.replace("/vi/", "/km/"))
    assert reader.locator("html").get_attribute("lang") == "km"
    assert reader.locator("h1").inner_text() == TITLE_KM
    assert reader.locator(".news-article .prose em").inner_text() == "នៅអូរអំបិល"
    assert reader.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('16px \"Noto Sans Khmer\"', 'ត'))"
    )
    screenshot(reader, "news-article-km")
    reader.goto(f"{live_server.url}/km/tin-tuc/")
    assert reader.get_by_role("link", name=TITLE_KM).count() == 1
    citizen.close()
    assert violations == []


# A phone's share sheet, which desktop Chromium lacks: records what the page asks it to share.
_FAKE_SHARE_SHEET = """window.shared = [];
Object.defineProperty(navigator, "share", {
  value: (data) => { window.shared.push(data); return Promise.resolve(); },
});"""


def test_reader_shares_an_article_without_third_party_scripts(
    main_portal, browser, live_server, axe_check, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    article = ArticleFactory(
        unit=main_portal,
        published=True,
        title_vi=TITLE_VI,
        summary_vi=SUMMARY_VI,
        body_vi="<h2>Kết quả</h2><p>Tại <strong>Ao Bà Om</strong></p><ul><li><p>Đua ghe ngo</p></li></ul>"
        "<table><tbody><tr><th><p>Năm</p></th></tr><tr><td><p>2025</p></td></tr></tbody></table>"
        "<blockquote><p>Phát biểu</p></blockquote>",
    )
    url = f"{live_server.url}{article.get_absolute_url()}"

    # The rich text and the sharing buttons pass axe (injected, hence the CSP bypassed for it alone).
    audit = browser.new_context(locale="vi-VN", bypass_csp=True)
    audit.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = audit.new_page()
    page.goto(url)
    page.locator("[data-copy-link]").wait_for()
    assert axe_check(page) == []
    audit.close()

    # Where the browser has no share sheet, the button is not offered; copying the link works.
    desktop = browser.new_context(locale="vi-VN")
    desktop.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = desktop.new_page()
    page.goto(url)
    assert page.locator("[data-share]").is_hidden()
    page.locator("[data-copy-link]").focus()
    page.keyboard.press("Enter")
    page.get_by_role("status").filter(has_text="Zalo").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == url
    desktop.close()

    # On a phone the button opens the device's share sheet (Zalo, Messenger…) with the title and summary.
    phone = browser.new_context(locale="vi-VN", is_mobile=True, has_touch=True)
    phone.add_init_script(_FAKE_SHARE_SHEET)
    page = phone.new_page()
    page.goto(url)
    page.get_by_role("button", name="Zalo, Messenger").tap()
    assert page.evaluate("window.shared") == [{"title": TITLE_VI, "text": SUMMARY_VI, "url": url}]
    phone.close()
