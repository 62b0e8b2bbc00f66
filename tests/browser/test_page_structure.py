"""What a screen reader and a browser tab read of the news list, the consultation list and the 404 page,
in every language: headings that never skip a level, landmarks of one kind told apart by their names,
and the portal's icon."""

import pytest

from tests.browser.conftest import AXE
from tests.public.conftest import seed_everything

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["vi", "en", "km"]
RULES = [
    "heading-order",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-no-duplicate-main",
    "page-has-heading-one",
]
PAGES = {
    "news list": "/{lang}/tin-tuc/",
    "consultation list": "/{lang}/lay-y-kien/",
    "questions": "/{lang}/hoi-dap/",
    "404": "/{lang}/khong-co-trang-nay/",
}


@pytest.fixture
def seeded(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return seed_everything()


def structure_violations(page) -> list[str]:
    """Every violation of RULES whatever its impact: heading-order is only "moderate" for axe."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (rules) => await axe.run(document, {runOnly: {type: 'rule', values: rules}})", RULES
    )
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]


def test_lists_and_the_404_page_have_ordered_headings_and_named_landmarks(seeded, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    failures = {}
    for lang in LANGUAGES:
        for name, path in PAGES.items():
            page.goto(live_server.url + path.format(lang=lang))
            problems = structure_violations(page)
            nested = page.evaluate("document.querySelectorAll('main h1').length")
            if nested != 1:
                problems.append(f"{nested} h1 in main")
            if problems:
                failures[f"{lang} {name}"] = problems
    context.close()
    assert not failures, failures


def test_the_404_page_names_each_of_its_search_forms(seeded, live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/vi/khong-co-trang-nay/")
    searches = page.get_by_role("search")
    assert searches.count() == 2
    names = {searches.nth(i).get_attribute("aria-label") for i in range(2)}
    assert len(names) == 2 and "" not in names and None not in names
    context.close()


def test_every_page_names_the_portal_icon_and_the_icon_is_served(seeded, live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    for path in ("/vi/", "/en/tin-tuc/", "/km/khong-co-trang-nay/"):
        page.goto(live_server.url + path)
        href = page.eval_on_selector("link[rel=icon]", "link => link.href")
        icon = context.request.get(href)
        assert icon.status == 200, href
        assert icon.headers["content-type"].startswith("image/svg+xml")
        assert b"<svg" in icon.body()
    context.close()
