"""A Khmer translator's morning in a real browser, with the admin in Khmer: the queue opens on Khmer with
the outdated and the waiting translations first; the outdated one is updated in the rich-text editor,
whose toolbar speaks Khmer; a Khmer editor opens a Vietnamese article and a page on the Vietnamese text.
A visitor of the English site reads the units' English names."""

import re

import pytest
from django.utils import timezone

from news import services
from subsites.enums import Role

from ..factories.news import ArticleFactory
from ..factories.subsites import PASSWORD, PageFactory, member
from .conftest import login

pytestmark = pytest.mark.django_db(transaction=True)
KHMER = re.compile("[\u1780-\u17ff]")


def _khmer_admin(browser, live_server, username):
    context = browser.new_context(locale="km-KH")
    context.add_cookies([{"name": "django_language", "value": "km", "url": live_server.url}])
    page = context.new_page()
    login(page, live_server, username, PASSWORD)
    return context, page


def _publish_km(article, translator, approver, title):
    saved = services.translation_save(
        article=article, language="km", acting_user=translator, title=title, body="<p>ខ្លឹមសារ</p>"
    )
    services.translation_submit(translation=saved, acting_user=translator)
    services.translation_publish(translation=saved, acting_user=approver)


@pytest.fixture
def morning(main_portal, settings, tmp_path):
    """New work, an outdated Khmer translation and one another translator submitted for review."""
    settings.MEDIA_ROOT = tmp_path / "media"
    people = {
        "approver": member(main_portal, Role.APPROVER, username="duyet"),
        "translator": member(main_portal, Role.TRANSLATOR, language="km", username="dich-km"),
        "colleague": member(main_portal, Role.TRANSLATOR, language="km", username="dich-km-2"),
        "editor": member(main_portal, Role.EDITOR, username="bientap"),
    }
    hour = timezone.timedelta(hours=1)

    def published(title, hours_ago):
        at = timezone.now() - hours_ago * hour
        return ArticleFactory(unit=main_portal, published=True, title_vi=title, published_at=at)

    new = published("Khai mạc lễ hội Ok Om Bok", 1)
    stale = published("Hội nghị tổng kết năm", 5)
    waiting = published("Tiếp xúc cử tri huyện Trà Cú", 3)
    _publish_km(stale, people["translator"], people["approver"], "សន្និសីទបូកសរុបឆ្នាំ")
    services.article_update(article=stale, acting_user=people["approver"], body_vi="<p>Số liệu đã sửa.</p>")
    saved = services.translation_save(
        article=waiting, language="km", acting_user=people["colleague"], title="ជួបអ្នកបោះឆ្នោត"
    )
    services.translation_submit(translation=saved, acting_user=people["colleague"])
    return {**people, "new": new, "stale": stale, "waiting": waiting}


def test_khmer_translator_works_the_queue_in_khmer(browser, live_server, morning, screenshot):
    context, page = _khmer_admin(browser, live_server, "dich-km")
    page.goto(f"{live_server.url}/admin/news/article/translations/")
    assert page.locator("#queue-language").input_value() == "km"
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 3
    titles = [rows.nth(i).locator("td[lang=vi]").inner_text() for i in range(3)]
    # Waiting and outdated first (newest first), then the new article although it is the newest.
    assert titles == ["Tiếp xúc cử tri huyện Trà Cú", "Hội nghị tổng kết năm", "Khai mạc lễ hội Ok Om Bok"]
    assert rows.nth(0).locator("td.queue-pending a").count() == 1
    assert rows.nth(1).locator("td.queue-outdated a").count() == 1
    assert KHMER.search(rows.nth(1).locator("td.queue-outdated").inner_text())
    screenshot(page, "translation-queue-km")

    # The outdated translation: updated in the editor, whose toolbar is in Khmer.
    rows.nth(1).locator("td.queue-outdated a").click()
    page.wait_for_selector(".prose-menubar button[data-name=bold]")
    page.wait_for_function(
        "document.querySelector('.prose-menubar button[data-name=bold]').title !== 'bold'", timeout=5000
    )
    tooltips = page.eval_on_selector_all(".prose-menubar button[title]", "els => els.map(e => e.title)")
    assert len(tooltips) >= 20
    assert [t for t in tooltips if not KHMER.search(t)] == []
    bold = page.locator(".prose-menubar button[data-name=bold]")
    assert bold.get_attribute("title") == "អក្សរដិត" == bold.get_attribute("aria-label")
    screenshot(page, "translate-toolbar-km")
    page.locator("[contenteditable=true]").click()
    page.keyboard.press("End")
    page.keyboard.type(" ទិន្នន័យថ្មី។")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/admin/news/article/translations/")
    updated = page.locator("#result_list tbody tr", has_text="Hội nghị tổng kết năm")
    assert updated.locator("td.queue-pending").count() == 1
    context.close()


def test_khmer_editor_opens_vietnamese_texts_on_vietnamese(browser, live_server, morning, main_portal):
    member(main_portal, Role.UNIT_ADMIN, username="quantri")
    page_obj = PageFactory(unit=main_portal, title_vi="Giới thiệu tỉnh Trà Vinh", title_en="", title_km="")
    context, page = _khmer_admin(browser, live_server, "quantri")

    page.goto(f"{live_server.url}/admin/news/article/{morning['new'].pk}/change/")
    title = page.locator("#id_title_vi")
    assert title.is_visible() and title.input_value() == "Khai mạc lễ hội Ok Om Bok"

    page.goto(f"{live_server.url}/admin/subsites/page/{page_obj.pk}/change/")
    page.wait_for_selector(".ui-tabs-active")
    assert page.locator("#id_title_vi").is_visible()
    assert page.locator("#id_title_vi").input_value() == "Giới thiệu tỉnh Trà Vinh"
    assert not page.locator("#id_title_km").is_visible()
    assert page.locator(".ui-tabs-active a").first.text_content() == "vi"
    context.close()


def test_the_english_site_lists_the_units_in_english(browser, live_server, settings, tmp_path):
    from subsites.demo import seed

    settings.MEDIA_ROOT = tmp_path / "media"
    units = seed()["units"]
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/en/cac-trang-thanh-phan/")
    names = page.locator(".site-directory a").all_inner_texts()
    assert sorted(names) == sorted(u.name_en for u in units.values())
    assert "Department of Justice" in names and "Sở Tư pháp" not in names
    page.goto(f"{live_server.url}/km/cac-trang-thanh-phan/")
    khmer = page.locator(".site-directory a").all_inner_texts()
    assert "មន្ទីរយុត្តិធម៌" in khmer and all(KHMER.search(name) for name in khmer)
    context.close()
