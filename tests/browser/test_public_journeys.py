"""A citizen on a phone, in Vietnamese, English and Khmer: reads the news, searches, finds a document,
opens a unit's site, and switches language on an article without leaving it."""

import re
import unicodedata

import pytest
from django.utils import translation

from portal.text import fold
from tests.public.conftest import seed_everything

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_everything()


def _query_for(title: str, lang: str) -> str:
    """What a citizen types: Khmer as a piece inside the words, others unaccented, in lower case."""
    if lang == "km":
        return _khmer_piece(title.replace(" ", ""))
    return " ".join(fold(title).split()[:3])


def _khmer_piece(text: str) -> str:
    """About six letters from inside the text, from one written cluster's start to another's: a person
    types whole clusters (a consonant with its subscripts and vowel signs), never half of one."""
    edges = [
        i
        for i in range(1, len(text))
        if text[i - 1] != "\u17d2" and not unicodedata.category(text[i]).startswith("M")
    ] + [len(text)]
    start = next(i for i in edges if i >= 2)
    return text[start : next(i for i in edges if i >= start + 6)]


def _bilingual_article(main, lang):
    """A main-portal article that exists in `lang` and in at least one other language."""
    from news.models import Article

    for article in Article.objects.visible(lang).in_unit(main).prefetch_related("translations"):
        others = [code for code in article.live_languages() if code != lang]
        if others:
            return article, others[0]
    raise AssertionError(f"the demo has no article in {lang} and another language")


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_citizen_journey_on_a_phone(seeded, live_server, browser, phone_context_args, screenshot, lang):
    from documents.models import Document

    main = seeded["main"]
    page = browser.new_context(**phone_context_args).new_page()
    base = live_server.url

    # Reads the news from the home page.
    page.goto(f"{base}/{lang}/")
    screenshot(page, f"public-{lang}-1-home")
    first = page.locator("#news-block-heading ~ * a").first
    title = first.inner_text().strip()
    first.click()
    expect_heading = page.locator("h1")
    assert expect_heading.inner_text().strip() == title
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"public-{lang}-2-article")

    # Searches for it with the box in the header (no accents; Khmer: a piece of a word).
    page.fill("#site-search", _query_for(title, lang))
    page.press("#site-search", "Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?"))
    assert page.locator("mark").count() >= 1
    assert page.locator(".results a", has_text=title[:20]).count() >= 1
    screenshot(page, f"public-{lang}-3-search")

    # Finds a document by its number, from the same box.
    document = Document.objects.visible(lang).in_unit(main).order_by("-issued_on").first()
    page.fill("#site-search", document.number_symbol)
    page.press("#site-search", "Enter")
    page.wait_for_url(re.compile(r"/tim-kiem/\?"))
    page.locator(".results a", has_text=document.number_symbol).first.click()
    with translation.override(lang):
        assert page.url == f"{base}{document.get_absolute_url()}"
    assert document.number_symbol in page.locator("h1").inner_text()
    screenshot(page, f"public-{lang}-4-document")

    # Opens a unit's site from the list of component sites.
    page.goto(f"{base}/{lang}/")
    stp = seeded["units"]["stp"]
    with translation.override(lang):
        unit_url = stp.get_absolute_url()
        unit_name = stp.name
    page.locator(f'#sites-heading ~ .site-directory a[href="{unit_url}"]').click()
    page.wait_for_url(f"{base}{unit_url}")
    assert page.locator(".brand-name").text_content().strip() == unit_name
    screenshot(page, f"public-{lang}-5-unit")

    # Switches language on an article and stays on the same article.
    article, other = _bilingual_article(main, lang)
    with translation.override(lang):
        page.goto(f"{base}{article.get_absolute_url()}")
    page.locator(f'.languages a[hreflang="{other}"]').click()
    with translation.override(other):
        expected_url, expected_title = (
            article.get_absolute_url(),
            getattr(article, f"title_{other}") or article.title_vi,
        )
    page.wait_for_url(f"{base}{expected_url}")
    assert page.evaluate("document.documentElement.lang") == other
    assert page.locator("h1").inner_text().strip() == expected_title.strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"public-{lang}-6-switched-to-{other}")
