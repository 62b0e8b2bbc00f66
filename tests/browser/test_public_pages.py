"""Every public page type, in vi, en and km, on a 360 px phone: axe-core finds no serious or critical
violation, nothing scrolls sideways, images carry their size, and a first visit transfers at most
150 KB, every response counted (HTML, CSS, JS, fonts, the photos a phone's screen loads)."""

import pytest
from django.utils import translation

from tests.public.conftest import seed_everything

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["vi", "en", "km"]
BUDGET = 150 * 1024


def page_types(seeded: dict, lang: str) -> dict[str, str]:
    """One address of every public page type, in `lang` (articles that exist in it)."""
    from citizen_qa.models import Question
    from consultations.models import Draft
    from documents.models import Document, LeaderSchedule
    from news.models import Article
    from subsites.models import Page

    main, stp = seeded["main"], seeded["units"]["stp"]
    with translation.override(lang):
        article = Article.objects.visible(lang).in_unit(main).order_by("-published_at").first()
        pages = {
            "home": "/{lang}/",
            "unit home": stp.get_absolute_url(),
            "news list": "/{lang}/tin-tuc/",
            "article": article.get_absolute_url(),
            "document finder": "/{lang}/van-ban/?q=quyet+dinh",
            "document": Document.objects.visible(lang).in_unit(main).first().get_absolute_url(),
            "schedule week": LeaderSchedule.objects.visible(lang).in_unit(main).first().get_absolute_url(),
            "consultation list": "/{lang}/lay-y-kien/",
            "draft": Draft.objects.visible(lang).open().first().get_absolute_url(),
            "search": "/{lang}/tim-kiem/?q=tra+vinh",
            "search by type": "/{lang}/tim-kiem/?q=tra+vinh&type=documents&unit=all",
            "page": Page.objects.filter(unit=main, slug_vi="gioi-thieu").first().get_absolute_url(),
            "sitemap": "/{lang}/so-do-trang/",
            "directory": "/{lang}/cac-trang-thanh-phan/",
            "404": "/{lang}/khong-co-trang-nay/",
        }
        pages["questions"] = "/{lang}/hoi-dap/"
        pages["ask a question"] = "/{lang}/hoi-dap/dat-cau-hoi/"
        question = Question.objects.visible(lang).filter(unit=main).first()
        if question is not None:
            pages["question"] = question.get_absolute_url()
    return {name: url.format(lang=lang) for name, url in pages.items()}


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_everything()


def test_every_page_type_is_accessible_and_fits_a_phone(seeded, live_server, browser, axe_check):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    failures = {}
    for lang in LANGUAGES:
        for name, path in page_types(seeded, lang).items():
            response = page.goto(f"{live_server.url}{path}")
            expected = 404 if name == "404" else 200
            problems = []
            if response.status != expected:
                problems.append(f"status {response.status}")
            if page.evaluate("document.documentElement.lang") != lang:
                problems.append("html lang")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                problems.append(f"scrolls sideways: {width}px")
            unsized = page.evaluate(
                "Array.from(document.images)"
                ".filter(i => !i.getAttribute('width') || !i.getAttribute('height'))"
                ".map(i => i.getAttribute('src'))"
            )
            if unsized:
                problems.append(f"images without width/height: {unsized[:3]}")
            for violation in axe_check(page):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"axe {violation['id']}: {violation['help']} {targets}")
            if problems:
                failures[f"{lang} {name} {path}"] = problems
    context.close()
    assert not failures, failures


def test_tabs_work_with_the_keyboard(seeded, live_server, browser):
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    page.goto(f"{live_server.url}/vi/")
    tabs = page.locator("[role=tablist] [role=tab]")
    assert tabs.count() >= 2
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    panels = page.locator("[data-tabs] > [role=tabpanel]")
    assert panels.nth(1).is_hidden()
    tabs.nth(0).focus()
    page.keyboard.press("ArrowRight")
    assert tabs.nth(1).get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.getAttribute('role')") == "tab"
    assert panels.nth(1).is_visible() and panels.nth(0).is_hidden()
    page.keyboard.press("Home")
    assert tabs.nth(0).get_attribute("aria-selected") == "true"
    tabs.nth(2).click()
    assert panels.nth(2).is_visible()


def _first_load(browser, url: str) -> dict[str, int]:
    """Bytes transferred (headers and body as sent) of every response of a first visit, by address."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    sizes = {}
    for response in responses:
        sent = response.request.sizes()
        sizes[response.url] = sent["responseHeadersSize"] + sent["responseBodySize"]
    context.close()
    return sizes


def test_first_load_of_every_page_type_weighs_at_most_150_kb(seeded, live_server, browser):
    heavy = {}
    for lang in LANGUAGES:
        for name, path in page_types(seeded, lang).items():
            sizes = _first_load(browser, f"{live_server.url}{path}")
            if sum(sizes.values()) > BUDGET:
                heavy[f"{lang} {name}"] = sorted(sizes.items(), key=lambda item: -item[1])
    assert not heavy, heavy


def test_each_language_fetches_only_its_fonts(seeded, live_server, browser):
    """vi and en: the Latin + Vietnamese files and the few glyphs of "ខ្មែរ"; km: the Khmer files."""
    fonts = {}
    for lang in LANGUAGES:
        sizes = _first_load(browser, f"{live_server.url}/{lang}/")
        fonts[lang] = sorted(url.rsplit("/", 1)[-1].split(".")[0] for url in sizes if ".woff2" in url)
    latin = ["noto-sans-latin-vi-400", "noto-sans-latin-vi-700"]
    assert fonts["vi"] == fonts["en"] == ["noto-sans-khmer-language-name", *latin]
    assert fonts["km"] == ["noto-sans-khmer-khmer-400-normal", "noto-sans-khmer-khmer-700-normal", *latin]
