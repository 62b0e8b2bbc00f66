"""A citizen on a phone opens the portal, switches language on a page and lands on the same page."""

import pytest

from subsites.demo import seed

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(transactional_db):
    return seed()


def test_citizen_switches_language_and_stays_on_the_page(
    demo, live_server, browser, phone_context_args, screenshot
):
    context = browser.new_context(**phone_context_args, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/vi/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("link", name="Sở Tư pháp").first.click()
    assert "/don-vi/stp/vi/" in page.url
    page.get_by_role("link", name="ខ្មែរ").click()
    assert page.url.endswith("/don-vi/stp/km/")
    assert page.locator("html").get_attribute("lang") == "km"
    assert "ខេត្តត្រាវិញ" in page.content()
    screenshot(page, "foundation-unit-home-km-phone")
    context.close()


def test_editor_signs_in_and_sees_only_own_unit(demo, live_server, browser):
    from subsites.demo import DEMO_PASSWORD

    from .conftest import login

    page = browser.new_context(locale="vi-VN").new_page()
    login(page, live_server, "stp-bientap", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/subsites/unit/")
    content = page.content()
    assert "Sở Tư pháp" in content
    assert "Sở Y tế" not in content


def test_menu_is_folded_on_phones_and_open_on_wide_screens(demo, live_server, browser):
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{live_server.url}/vi/")
    menu_link = phone.locator("nav.main-menu").get_by_role("link", name="Chính quyền")
    assert not menu_link.is_visible()
    phone.locator("nav.main-menu summary").click()
    assert menu_link.is_visible()
    desktop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    desktop.goto(f"{live_server.url}/vi/")
    assert desktop.locator("nav.main-menu").get_by_role("link", name="Chính quyền").is_visible()
