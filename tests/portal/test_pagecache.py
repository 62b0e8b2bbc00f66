"""Anonymous pages are cached and invalidated exactly when what they show changes."""

from datetime import datetime, time, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portal.services import SYSTEM
from subsites import services

from ..factories.news import ArticleFactory
from ..factories.subsites import BannerFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def test_second_anonymous_request_is_a_hit_with_no_query(client, unit_a, django_assert_num_queries):
    first = client.get("/don-vi/sotp/vi/")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get("/don-vi/sotp/vi/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_languages_and_units_are_cached_apart(client, unit_a, unit_b):
    assert 'lang="vi"' in client.get("/don-vi/sotp/vi/").text
    assert 'lang="km"' in client.get("/don-vi/sotp/km/").text
    assert "Sở Y tế" in client.get("/don-vi/soyt/vi/").text


def test_unit_rename_invalidates_its_pages(client, unit_a):
    client.get("/don-vi/sotp/vi/")
    unit_a.name_vi = "Sở Tư pháp tỉnh"
    services.unit_save(unit=unit_a, acting_user=SYSTEM)
    response = client.get("/don-vi/sotp/vi/")
    assert "X-Page-Cache" not in response
    assert "Sở Tư pháp tỉnh" in response.text


def test_menu_change_invalidates_only_that_unit(client, unit_a, unit_b):
    client.get("/don-vi/sotp/vi/")
    client.get("/don-vi/soyt/vi/")
    SectionFactory(unit=unit_a, slug="moi", title_vi="Chuyên mục mới")
    changed = client.get("/don-vi/sotp/vi/")
    assert "Chuyên mục mới" in changed.text and "X-Page-Cache" not in changed
    assert client.get("/don-vi/soyt/vi/")["X-Page-Cache"] == "hit"


def test_signed_in_editors_see_uncached_pages(client, editor_a, unit_a):
    client.get("/don-vi/sotp/vi/")
    client.force_login(editor_a)
    assert "X-Page-Cache" not in client.get("/don-vi/sotp/vi/")


def test_etag_gives_304(client, unit_a):
    etag = client.get("/don-vi/sotp/vi/")["ETag"]
    assert client.get("/don-vi/sotp/vi/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_search_is_invalidated_by_any_unit_change(client, unit_a, unit_b):
    client.get("/vi/tim-kiem/?q=abc")
    assert client.get("/vi/tim-kiem/?q=abc")["X-Page-Cache"] == "hit"
    SectionFactory(unit=unit_b, slug="x")
    assert "X-Page-Cache" not in client.get("/vi/tim-kiem/?q=abc")


def test_pages_are_not_cached_when_disabled(client, unit_a, settings):  # noqa: ARG001
    settings.PORTAL_PAGE_CACHE = False
    client.get("/don-vi/sotp/vi/")
    assert "X-Page-Cache" not in client.get("/don-vi/sotp/vi/")


def test_a_visitor_with_pending_messages_gets_a_fresh_page(client, unit_a):
    client.get("/don-vi/sotp/vi/")
    client.cookies["messages"] = "anything"
    assert "X-Page-Cache" not in client.get("/don-vi/sotp/vi/")


def test_a_campaign_starting_tomorrow_appears_at_local_midnight_with_nobody_acting(
    client, main_portal, monkeypatch
):
    tomorrow = timezone.localdate() + timedelta(days=1)
    BannerFactory(unit=main_portal, title_vi="Kỷ niệm 30 năm tái lập tỉnh", starts_on=tomorrow)
    assert "Kỷ niệm 30 năm" not in client.get("/vi/").text
    assert client.get("/vi/")["X-Page-Cache"] == "hit"
    midnight = datetime.combine(tomorrow, time(0, 1), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: midnight)
    response = client.get("/vi/")
    assert "X-Page-Cache" not in response
    assert "Kỷ niệm 30 năm" in response.text


def test_a_hit_carries_the_headers_of_the_page_it_copies(client, unit_a):
    first = client.get("/don-vi/sotp/vi/")
    second = client.get("/don-vi/sotp/vi/")
    assert second["X-Page-Cache"] == "hit"
    kept = ("Content-Type", "Content-Language", "X-Frame-Options", "Vary", "ETag", "Content-Security-Policy")
    assert {name: second.get(name) for name in kept} == {name: first.get(name) for name in kept}
    assert "Cookie" in second["Vary"] and second["X-Frame-Options"] == "DENY"


def test_a_hit_is_answered_before_sessions_and_the_view(client, unit_a, monkeypatch):
    client.get("/don-vi/sotp/vi/")

    def no_view_expected(*args, **kwargs):
        raise AssertionError("a hit resolved the URL")

    monkeypatch.setattr("django.core.handlers.base.BaseHandler.resolve_request", no_view_expected)
    assert client.get("/don-vi/sotp/vi/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    ("path", "cookie", "accept"),
    [
        ("/vi/", "", "km"),
        ("/km/tin-tuc/", "en", "vi"),
        ("/don-vi/sotp/en/", "", ""),
        ("/robots.txt", "km", "vi"),
        ("/robots.txt", "", "en-US,en;q=0.9"),
        ("/sitemap.xml", "", "fr"),
        ("/", "", "km"),
    ],
)
def test_the_key_names_the_language_locale_middleware_then_chooses(rf, settings, path, cookie, accept):
    from django.http import HttpResponse
    from django.middleware.locale import LocaleMiddleware

    from portal import pagecache

    request = rf.get(path, HTTP_ACCEPT_LANGUAGE=accept)
    if cookie:
        request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = cookie
    predicted = pagecache.request_language(request)
    LocaleMiddleware(lambda r: HttpResponse()).process_request(request)
    assert predicted == request.LANGUAGE_CODE


def test_a_page_rendered_in_another_language_than_its_key_is_not_stored(client, unit_a, monkeypatch):
    monkeypatch.setattr("portal.pagecache.request_language", lambda request: "km")
    client.get("/don-vi/sotp/vi/")
    assert "X-Page-Cache" not in client.get("/don-vi/sotp/vi/")


def test_the_sitemap_follows_a_change_in_any_unit(client, main_portal, unit_a):
    client.get("/sitemap.xml")
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    SectionFactory(unit=unit_a, slug="moi", title_vi="Chuyên mục mới")
    assert "X-Page-Cache" not in client.get("/sitemap.xml")


def test_a_scope_the_lookup_did_not_read_is_still_checked(client, unit_a, unit_b, monkeypatch):
    """Before a process has loaded a view naming its own scope, lookups do not read that scope's
    generation: the page is still stored under it, and served only while it is current."""
    monkeypatch.setattr("portal.pagecache._VIEW_SCOPES", set())
    client.get("/vi/tim-kiem/?q=abc")
    assert client.get("/vi/tim-kiem/?q=abc")["X-Page-Cache"] == "hit"
    SectionFactory(unit=unit_b, slug="x")
    assert "X-Page-Cache" not in client.get("/vi/tim-kiem/?q=abc")


@pytest.mark.urls("tests.portal.bench_urls")
def test_the_benchmarks_minimal_view_runs_with_the_page_cache_on(client, main_portal):
    """`make bench` sets cached pages against a Django view that runs, not against a cached page."""
    client.get("/bench/minimal/")
    second = client.get("/bench/minimal/")
    assert second.content == b"ok" and "X-Page-Cache" not in second


def test_a_shared_links_tracking_parameters_do_not_make_a_page_of_their_own(client, unit_a):
    """Facebook and Zalo add a click id to every shared link: the page is the one cached without it, and
    no visitor's id is written into it."""
    client.get("/don-vi/sotp/vi/")
    shared = client.get("/don-vi/sotp/vi/?fbclid=IwAR0abc&utm_source=zalo&zarsrc=30")
    assert shared["X-Page-Cache"] == "hit"
    assert "IwAR0abc" not in shared.text and "zarsrc" not in shared.text


def test_the_other_parameters_of_a_shared_link_are_kept(client, unit_a):
    page = client.get("/don-vi/sotp/vi/tin-tuc/?page=2&utm_medium=social")
    assert page.wsgi_request.GET.dict() == {"page": "2"}
    assert page.wsgi_request.get_full_path() == "/don-vi/sotp/vi/tin-tuc/?page=2"


def _stored_pages() -> int:
    """How many pages the cache holds (Redis: this test run's keys; in-process: every key)."""
    from django.conf import settings
    from django.core.cache import cache

    inner = getattr(cache, "_cache", None)
    if hasattr(inner, "get_client"):
        return sum(1 for _ in inner.get_client().scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:*:page:*"))
    return sum(1 for key in inner if ":page:" in key)


def test_a_parameter_no_page_reads_stores_no_page(client, unit_a):
    """`?cb=N` once stored a 12 KB page per N for an hour: the page is served, never stored."""
    client.get("/don-vi/sotp/vi/")
    stored = _stored_pages()
    for n in range(1000):
        assert client.get(f"/don-vi/sotp/vi/?cb={n}").status_code == 200
    assert _stored_pages() == stored
    assert "X-Page-Cache" not in client.get("/don-vi/sotp/vi/?cb=1")
    assert client.get("/don-vi/sotp/vi/")["X-Page-Cache"] == "hit"


def test_a_list_is_cached_per_page_number_it_reads(client, unit_a, settings):
    settings.PORTAL_NEWS_PER_PAGE = 2
    ArticleFactory.create_batch(5, unit=unit_a, published=True)
    second = client.get("/don-vi/sotp/vi/tin-tuc/?page=2")
    assert client.get("/don-vi/sotp/vi/tin-tuc/?page=2")["X-Page-Cache"] == "hit"
    third = client.get("/don-vi/sotp/vi/tin-tuc/?page=3")
    assert "X-Page-Cache" not in third and third.content != second.content
    # Another spelling of a number, or a parameter the list does not read: served, never stored.
    for odd in ("?page=02", "?page=2&cb=7", "?page=abc"):
        client.get(f"/don-vi/sotp/vi/tin-tuc/{odd}")
        assert "X-Page-Cache" not in client.get(f"/don-vi/sotp/vi/tin-tuc/{odd}"), odd


def test_parameters_are_keyed_in_one_order(client, unit_a):
    client.get("/vi/tim-kiem/?q=abc&date_from=2025-01-01")
    assert client.get("/vi/tim-kiem/?date_from=2025-01-01&q=abc")["X-Page-Cache"] == "hit"
    # The overview of every type reads no page number: a page number makes no page of its own there.
    client.get("/vi/tim-kiem/?q=abc&page=1")
    assert "X-Page-Cache" not in client.get("/vi/tim-kiem/?q=abc&page=1")


@pytest.mark.parametrize("times", [1, 5])
def test_a_long_query_is_keyed_in_one_order_too(client, unit_a, times):
    """A query over 200 characters is not kept per process (portal.inputs.kept_for_short_queries): its
    key is worked out each time, the same."""
    words = quote("cải cách hành chính " * times)
    assert (len(words) > 200) == (times == 5)
    client.get(f"/vi/tim-kiem/?q={words}&date_from=2025-01-01")
    assert client.get(f"/vi/tim-kiem/?date_from=2025-01-01&q={words}")["X-Page-Cache"] == "hit"
    shared = client.get(f"/vi/tim-kiem/?date_from=2025-01-01&q={words}&utm_source=zalo")
    assert shared["X-Page-Cache"] == "hit"


def test_https_and_http_pages_are_cached_apart(client, unit_a):
    """One request over https once stored https:// canonical and og:url links for every later visitor."""
    article = ArticleFactory(unit=unit_a, published=True)
    url = article.get_absolute_url()
    assert f'<link rel="canonical" href="https://testserver{url}">' in client.get(url, secure=True).text
    plain = client.get(url)
    assert "X-Page-Cache" not in plain
    assert f'<link rel="canonical" href="http://testserver{url}">' in plain.text
    assert client.get(url, secure=True)["X-Page-Cache"] == "hit"
    assert f'<meta property="og:url" content="http://testserver{url}">' in client.get(url).text


def test_every_read_of_a_cached_article_counts(client, unit_a):
    """Views were counted by the view, which a hit never reaches: 500 reads added 0–2 views."""
    from news import tasks

    article = ArticleFactory(unit=unit_a, published=True)
    responses = [client.get(article.get_absolute_url()) for _ in range(6)]
    assert [r.get("X-Page-Cache") for r in responses] == [None] + ["hit"] * 5
    assert tasks.flush_view_counts() == 6
    article.refresh_from_db()
    assert article.view_count == 6
