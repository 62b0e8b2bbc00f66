"""What assistive technology reads of a page's outline: headings that skip no level on the news and
consultation lists, named landmarks of one kind, a favicon; tables whose cells name their column."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories.consultations import DraftFactory
from tests.factories.documents import DocumentFactory, LeaderScheduleFactory, ScheduleEntryFactory
from tests.factories.news import ArticleFactory, TranslationFactory

pytestmark = pytest.mark.django_db
LANGUAGES = ["vi", "en", "km"]


def heading_levels(page: str) -> list[int]:
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]


def assert_no_level_skipped(levels: list[int]) -> None:
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"h{before} followed by h{after}: {levels}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_news_list_skips_no_heading_level(client, main_portal, lang):
    for n in range(3):
        item = ArticleFactory(unit=main_portal, published=True, slug=f"tin-{n}", title_vi=f"Tin số {n}")
        if lang != "vi":  # a list shows the news translated into its language
            TranslationFactory(article=item, language=lang, title=f"News {n}")
    levels = heading_levels(client.get(f"/{lang}/tin-tuc/").text)
    assert levels.count(2) >= 3  # the cards are there: the test reads them
    assert_no_level_skipped(levels)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_consultation_list_skips_no_heading_level(client, main_portal, lang):
    for _ in range(2):
        DraftFactory(unit=main_portal, scheduled=True)
    levels = heading_levels(client.get(f"/{lang}/lay-y-kien/").text)
    assert levels.count(2) >= 2
    assert_no_level_skipped(levels)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_pages_search_landmarks_have_different_names(client, main_portal, lang):
    page = client.get(f"/{lang}/khong-co-trang-nay/").text
    searches = re.findall(r'<form[^>]*role="search"[^>]*>', page)
    assert len(searches) == 2
    names = [re.search(r'aria-label="([^"]+)"', form) for form in searches]
    assert all(names), searches
    assert len({name[1] for name in names}) == 2


def test_every_page_links_a_favicon_that_exists(client, main_portal):
    page = client.get("/vi/").text
    href = re.search(r'<link rel="icon" href="([^"]+)"', page)[1]
    name = href.split(settings.STATIC_URL, 1)[1]
    assert (Path(settings.BASE_DIR) / "static" / name).read_text().startswith("<svg")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_finder_cells_name_their_column_for_the_phone_cards(client, main_portal, lang):
    DocumentFactory(unit=main_portal, published=True, number_symbol="1762/QĐ-UBND")
    page = client.get(f"/{lang}/van-ban/").text
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td data-label="([^"]+)"', row) == headers
    assert 'class="doc-table card-table"' in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_schedule_cells_name_their_column_for_the_phone_cards(client, main_portal, lang):
    schedule = LeaderScheduleFactory(unit=main_portal, published=True)
    ScheduleEntryFactory(schedule=schedule, participants="Lãnh đạo các sở")
    page = client.get(f"/{lang}/van-ban/lich-lam-viec/").text
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page)
    row = page.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td data-label="([^"]+)"', row) == headers[1:]  # the day heads its rows
    assert 'class="schedule-table card-table"' in page
