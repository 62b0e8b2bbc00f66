"""Generation counters: a change makes everything kept under the old generation unreachable."""

import pytest
from django.core.cache import cache

from portal.cache import bump, generation_keys, generations, get_many, read_ahead, remember, request_reads

pytestmark = pytest.mark.django_db


def test_a_change_makes_the_kept_value_be_built_again(unit_a):
    builds = iter(["before", "after"])
    scopes = (("news", unit_a.pk),)
    assert remember("kept", scopes, lambda: next(builds)) == "before"
    assert remember("kept", scopes, lambda: next(builds)) == "before"
    bump("news", unit_a.pk)
    assert remember("kept", scopes, lambda: next(builds)) == "after"


def test_a_generation_lost_from_the_cache_never_revives_what_a_change_made_stale(unit_a):
    """Redis may evict a generation key (or it expires): started again, it must not read as the value
    an entry made stale by a later change was stored under."""
    builds = iter(["before", "after"])
    scopes = (("news", unit_a.pk),)
    assert remember("kept", scopes, lambda: next(builds)) == "before"
    bump("news", unit_a.pk)  # the change; nobody asks for the value before the key is lost
    cache.delete(generation_keys(*scopes)[0])
    assert remember("kept", scopes, lambda: next(builds)) == "after"


def test_a_generation_started_by_one_reader_is_the_one_every_reader_sees(unit_a):
    first = generations(("unit", unit_a.pk), "site")
    assert generations(("unit", unit_a.pk), "site") == first
    assert "0" not in first.split(".")


def test_within_a_request_the_keys_every_page_wants_come_with_the_first_read(cache_calls):
    cache.set("footer", 7)
    with request_reads():
        read_ahead(["footer", "menu"])
        assert get_many(["page"]) == {}
        assert get_many(["footer", "menu", "page"]) == {"footer": 7}
    assert cache_calls == ["get_many"]


def test_a_change_within_a_request_is_not_hidden_by_what_it_read_before(unit_a):
    builds = iter(["before", "after"])
    scopes = (("news", unit_a.pk),)
    with request_reads():
        assert remember("kept", scopes, lambda: next(builds)) == "before"
        bump("news", unit_a.pk)
        assert remember("kept", scopes, lambda: next(builds)) == "after"


def test_an_uncached_article_page_reads_the_cache_twice(client, unit_a, cache_calls):
    """Once for the unit index's version with the menu and the footer's visit count, once for the
    article and its related cards."""
    from tests.factories.news import ArticleFactory

    article = ArticleFactory(unit=unit_a, published=True, title_vi="Tin đọc hai lần")
    assert client.get(article.get_absolute_url()).status_code == 200
    cache_calls.clear()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert cache_calls == ["get_many", "get_many"]


@pytest.mark.parametrize("page", ["unit article", "main home", "main home in Khmer"])
def test_a_cached_page_is_served_after_one_read(
    both_clients, main_portal, unit_a, page_cache, cache_calls, page
):
    """The page and its generations are read along with the unit index's version."""
    from tests.factories.news import ArticleFactory

    article = ArticleFactory(unit=unit_a, published=True, title_vi="Tin đọc một lần")
    urls = {"unit article": article.get_absolute_url(), "main home": "/vi/", "main home in Khmer": "/km/"}
    url = urls[page]
    assert both_clients.get(url).status_code == 200
    cache_calls.clear()
    response = both_clients.get(url)
    assert response["X-Page-Cache"] == "hit"
    assert cache_calls == ["get_many"]


def test_a_stale_page_is_fetched_once_on_its_miss(both_clients, main_portal, unit_a, page_cache, monkeypatch):
    """The early hit layer read the page and found it stale: the layers further in take what it read
    instead of fetching the (large) stored page again."""
    from django.core.cache import caches

    from portal.cache import bump
    from tests.factories.news import ArticleFactory

    article = ArticleFactory(unit=unit_a, published=True, title_vi="Tin đọc một lần khi cũ")
    url = article.get_absolute_url()
    assert both_clients.get(url).status_code == 200
    assert both_clients.get(url)["X-Page-Cache"] == "hit"
    bump("unit", unit_a.pk)  # an edit elsewhere in the unit: the stored page is stale

    backend, fetched, inside = caches["default"], [], []
    real = backend.get_many

    def get_many(keys, *args, **kwargs):
        if not inside:
            fetched.extend(keys)
        inside.append(True)
        try:
            return real(keys, *args, **kwargs)
        finally:
            inside.pop()

    monkeypatch.setattr(backend, "get_many", get_many)
    response = both_clients.get(url)
    assert "X-Page-Cache" not in response
    assert "Tin đọc một lần khi cũ" in response.content.decode()
    pages = [key for key in fetched if key.startswith("page:")]
    assert len(pages) == len(set(pages)) == 1, fetched
    assert both_clients.get(url)["X-Page-Cache"] == "hit"  # stored again, fresh
