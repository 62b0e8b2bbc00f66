"""axe-core on every page type of the foundation in all three languages: no serious or critical violation.

Each content app adds its own page types to this kind of check in its journey tests.
"""

import pytest

from subsites.demo import seed

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/{lang}/",
    "/don-vi/stp/{lang}/",
    "/don-vi/stp/{lang}/muc/gioi-thieu/",
    "/{lang}/so-do-trang/",
    "/{lang}/cac-trang-thanh-phan/",
    "/{lang}/tim-kiem/?q=tra+vinh",
    "/{lang}/khong-co-trang-nay/",
]


@pytest.fixture
def demo(transactional_db):
    return seed()


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_no_serious_violations(demo, live_server, browser, axe_check, lang):
    # axe is injected by the test, so the page's CSP (no inline script) is bypassed for it alone.
    page = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True).new_page()
    failures = {}
    for template in PAGES:
        path = template.format(lang=lang)
        page.goto(f"{live_server.url}{path}")
        violations = axe_check(page)
        if violations:
            failures[path] = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    assert not failures, failures


def test_first_load_weighs_under_250_kb(demo, live_server, browser):
    """HTML, CSS, JS and fonts of a first visit (photos excluded), on a phone, in Khmer and Vietnamese."""
    for path in ("/km/", "/vi/", "/don-vi/stp/vi/"):
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        sizes = []

        def on_response(response, sizes=sizes):
            if response.request.resource_type in {"document", "stylesheet", "script", "font"}:
                sizes.append(len(response.body()))

        page.on("response", on_response)
        page.goto(f"{live_server.url}{path}", wait_until="networkidle")
        context.close()
        assert sum(sizes) < 250 * 1024, (path, sum(sizes))
