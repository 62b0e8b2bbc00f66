"""A citizen on a phone (360 px) finds the online public services entry on the home page, searches a
procedure without accents, opens it and finds its link to the public-service portal. The link is read,
never followed: no request leaves the machine (every other host is refused)."""

import pytest

from procedures import demo
from subsites.demo import seed

pytestmark = pytest.mark.django_db(transaction=True)

JUDICIAL = f"{demo.PORTAL}2.000488"


@pytest.fixture
def portal(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PUBLIC_SERVICES_URL = "https://dichvucong.gov.vn/"
    seeded = seed()
    demo.seed(seeded)
    return seeded


def _loopback_only(context, live_server):
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(live_server.url) else route.abort(),
    )


@pytest.mark.parametrize(
    ("language", "entry", "box", "button"),
    [
        ("vi", "Dịch vụ công trực tuyến", "Mã hoặc tên thủ tục", "Tìm thủ tục"),
        ("en", "Online public services", "Code or name of the procedure", "Find procedures"),
    ],
)
def test_citizen_searches_a_procedure_on_a_phone_and_finds_its_link(
    portal, live_server, browser, phone_context_args, screenshot, language, entry, box, button
):
    context = browser.new_context(**phone_context_args)
    _loopback_only(context, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/")
    services = page.locator("section.online-services")
    assert (
        services.get_by_role("link", name=entry).first.get_attribute("href") == "https://dichvucong.gov.vn/"
    )
    assert services.is_visible()

    page.locator("section.proc-home").get_by_label(box).fill("phieu ly lich tu phap")
    page.locator("section.proc-home").get_by_role("button", name=button).click()
    page.wait_for_selector("li.proc-card")
    cards = page.locator("li.proc-card")
    assert cards.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"procedures-list-phone-{language}")

    cards.first.get_by_role("heading").get_by_role("link").click()
    page.wait_for_selector("article.procedure")
    assert "2.000488" in page.locator("article.procedure").inner_text()
    link = page.locator("a[data-procedure-link]")
    assert link.count() == 1 and link.get_attribute("href") == JUDICIAL
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_unit_site_lists_its_own_procedures_on_a_phone(portal, live_server, browser, phone_context_args):
    context = browser.new_context(**phone_context_args)
    _loopback_only(context, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}/don-vi/stp/vi/")
    assert page.locator("section.online-services").is_visible()
    page.goto(f"{live_server.url}/don-vi/stp/vi/thu-tuc-hanh-chinh/?q=khai+sinh")
    cards = page.locator("li.proc-card")
    assert cards.count() == 1 and "1.001193" in cards.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
