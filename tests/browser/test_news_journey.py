"""An editor writes an article with two photos, an approver publishes it, a citizen reads it in
Vietnamese; a translator adds the Khmer version and the citizen reads it in Khmer."""

import io

import pytest
from PIL import Image

from subsites.enums import Role

from ..factories.subsites import PASSWORD, member
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

TITLE_VI = "Trà Vinh khai mạc Lễ hội Ok Om Bok năm nay"
TITLE_KM = "ត្រាវិញបើកពិធីបុណ្យអកអំបុក"


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


def _signed_in(browser, live_server, username):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    login(page, live_server, username, PASSWORD)
    return context, page


def test_article_from_editor_to_citizen_in_two_languages(people, browser, live_server, screenshot):
    # The editor writes the article with two photos and submits it.
    context, page = _signed_in(browser, live_server, "bientap")
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.select_option("#id_unit", label="Cổng thông tin điện tử tỉnh Trà Vinh")
    page.fill("#id_title_vi", TITLE_VI)
    page.fill("#id_summary_vi", "Lễ hội truyền thống của đồng bào Khmer.")
    page.fill("#id_body_vi", "<p>Sáng nay, lễ hội đua ghe ngo được tổ chức tại Ao Bà Om.</p>")
    for index, color in enumerate(("navy", "green")):
        page.set_input_files(f"#id_photos-{index}-image", _jpeg(color))
        page.fill(f"#id_photos-{index}-alt_text_vi", f"Đua ghe ngo, ảnh {index + 1}")
    page.click("input[name=_continue]")
    page.wait_for_selector("#workflow")
    assert page.locator(".inline-related td.field-preview img").count() == 2
    page.click("button[value=submit]")
    page.wait_for_selector(".messagelist .success")
    change_url = page.url
    context.close()

    # The approver publishes it.
    context, page = _signed_in(browser, live_server, "duyet")
    page.goto(change_url)
    page.click("button[value=publish]")
    page.wait_for_selector(".messagelist .success")
    context.close()

    # A citizen sees it on the Vietnamese home page and opens it.
    citizen = browser.new_context(locale="vi-VN")
    reader = citizen.new_page()
    reader.goto(f"{live_server.url}/vi/")
    reader.get_by_role("link", name=TITLE_VI).first.click()
    reader.wait_for_selector("h1")
    assert reader.locator("h1").inner_text() == TITLE_VI
    assert reader.locator(".news-article picture").count() == 2
    article_url = reader.url

    # The translator translates it into Khmer from the queue; the approver publishes the translation.
    context, page = _signed_in(browser, live_server, "dich-km")
    page.goto(f"{live_server.url}/admin/news/article/translations/?language=km")
    page.locator("a[href$='/translate/km/']").first.click()
    assert TITLE_VI in page.locator(".translate-source").inner_text()
    page.fill("#id_title", TITLE_KM)
    page.fill("#id_body", "<p>ព្រឹកនេះ ពិធីប្រណាំងទូកង</p>")
    page.click("button[value=submit]")
    page.wait_for_selector(".messagelist .success")
    translate_url = page.url
    context.close()
    context, page = _signed_in(browser, live_server, "duyet")
    page.goto(translate_url)
    page.click("button[value=publish]")
    page.wait_for_selector(".messagelist .success")
    context.close()

    # The citizen reads it in Khmer, rendered with the Khmer font.
    reader.goto(article_url.replace("/vi/", "/km/"))
    assert reader.locator("html").get_attribute("lang") == "km"
    assert reader.locator("h1").inner_text() == TITLE_KM
    assert reader.evaluate(
        "document.fonts.ready.then(() => document.fonts.check('16px \"Noto Sans Khmer\"', 'ត'))"
    )
    screenshot(reader, "news-article-km")
    reader.goto(f"{live_server.url}/km/tin-tuc/")
    assert reader.get_by_role("link", name=TITLE_KM).count() == 1
    citizen.close()
