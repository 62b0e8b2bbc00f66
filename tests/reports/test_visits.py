"""Page views per unit and local day: counted without a write per request, flushed once, never twice."""

import pytest
from django.conf import settings
from django.utils import timezone

from portal.cache import redis_client
from reports import visits
from reports.models import DailyVisits, VisitFlush

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"


@pytest.fixture(autouse=True)
def _empty_counters():
    visits.flush()
    DailyVisits.objects.all().delete()
    yield


def _get(client, path, **headers):
    return client.get(path, HTTP_USER_AGENT=headers.pop("ua", BROWSER), **headers)


def test_public_pages_are_counted_per_unit_without_db_writes(
    client, unit_a, page_cache, django_assert_max_num_queries
):
    _get(client, "/don-vi/sotp/vi/")
    with django_assert_max_num_queries(0):
        _get(client, "/don-vi/sotp/vi/")  # a cached page still counts, and writes nothing
    _get(client, "/vi/")
    assert visits.flush() == 3
    counts = dict(DailyVisits.objects.values_list("unit__key", "count"))
    assert counts == {"sotp": 2, "tinh": 1}
    assert DailyVisits.objects.get(unit=unit_a).date == timezone.localdate()


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/admin/login/", {}),
        ("/static/css/portal.css", {}),
        ("/sitemap.xml", {}),
        ("/vi/", {"ua": "Googlebot/2.1 (+http://www.google.com/bot.html)"}),
        ("/vi/", {"ua": "facebookexternalhit/1.1"}),
        ("/vi/", {"HTTP_SEC_PURPOSE": "prefetch"}),
        ("/vi/khong-co-trang-nay/", {}),
    ],
)
def test_not_counted(client, main_portal, path, headers):
    _get(client, path, **headers)
    assert visits.flush() == 0


def test_a_flushed_batch_is_never_written_twice(main_portal):
    day = timezone.localdate()
    visits._write("batch-1", {(main_portal.pk, day): 5})
    visits._write("batch-1", {(main_portal.pk, day): 5})  # a retry after a crash
    assert DailyVisits.objects.get(unit=main_portal).count == 5
    assert VisitFlush.objects.filter(batch="batch-1").count() == 1


def test_footer_shows_running_total(client, main_portal):
    DailyVisits.objects.create(unit=main_portal, date=timezone.localdate(), count=6636328)
    visits.flush()
    assert "6.636.328" in _get(client, "/en/").text


@pytest.mark.skipif(not settings.REDIS_URL, reason="the Redis path runs where REDIS_URL is set (CI)")
def test_redis_counters_survive_until_flushed(client, unit_a, settings):
    client_redis = redis_client()
    day_hash = f"{settings.CACHE_KEY_PREFIX}:visits:day:{timezone.localdate().isoformat()}"
    _get(client, "/don-vi/sotp/vi/")
    assert client_redis.hget(day_hash, str(unit_a.pk)) is None  # within the second: in memory
    settings.PORTAL_VISITS_PUSH_SECONDS = 0
    _get(client, "/don-vi/sotp/vi/")
    assert client_redis.hget(day_hash, str(unit_a.pk)) == b"2"  # both, in one push
    settings.PORTAL_VISITS_PUSH_SECONDS = 3600
    _get(client, "/don-vi/sotp/vi/")
    visits.flush()  # takes this process's own counts too
    assert DailyVisits.objects.get(unit=unit_a).count == 3
    assert not list(client_redis.scan_iter(match=f"{settings.CACHE_KEY_PREFIX}:visits:*"))


def test_without_redis_a_request_flushes_once_the_interval_has_passed(client, main_portal, settings):
    if redis_client() is not None:
        pytest.skip("with Redis the beat task flushes, not the request path")
    _get(client, "/vi/")
    assert not DailyVisits.objects.exists()  # within the interval: still in memory
    settings.PORTAL_VISITS_LOCAL_FLUSH_SECONDS = 0
    _get(client, "/vi/")
    assert DailyVisits.objects.get(unit=main_portal).count == 2
