"""Hits answered before the layers (portal.pagecache.PageCacheHitMiddleware, and HitsFirst in front of
Django's handler): the same page, headers, unit, language and counts as the whole way through; compressed
copies for clients that take gzip. Every test runs with Django's test client and through the WSGI
application gunicorn calls."""

import gzip

import pytest

from portal.services import SYSTEM
from reports import visits
from reports.models import DailyVisits
from subsites import services
from subsites.models import UnitFormerHost
from tests.wsgi_client import WsgiClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"
# Per request, whatever answers it.
_PER_REQUEST = {"X-Request-ID"}


@pytest.fixture
def client(both_clients):
    return both_clients  # every test, through Django's test client and through the WSGI application


@pytest.fixture
def layers_unreachable(monkeypatch):
    """Makes every layer further in than the hit middleware fail, once called."""

    def armed():
        def unreachable(*args, **kwargs):
            raise AssertionError("a hit went through the unit's middleware")

        monkeypatch.setattr("subsites.middleware.CurrentUnitMiddleware.__call__", unreachable)
        monkeypatch.setattr("django.middleware.security.SecurityMiddleware.__call__", unreachable)

    return armed


@pytest.fixture
def whole_way(monkeypatch):
    """Requests then take every layer, as before the hit middleware: hits answered by PageCacheMiddleware."""
    return lambda: monkeypatch.setattr("portal.pagecache.HIT_UNITS", [])


def _headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in _PER_REQUEST}


def test_a_hit_is_answered_before_the_security_and_unit_layers(client, unit_a, layers_unreachable):
    first = client.get("/don-vi/sotp/vi/")
    layers_unreachable()
    second = client.get("/don-vi/sotp/vi/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_a_hit_has_every_header_the_page_had_when_it_was_rendered(client, unit_a, layers_unreachable):
    first = client.get("/don-vi/sotp/vi/")
    layers_unreachable()
    second = client.get("/don-vi/sotp/vi/")
    assert _headers(second) == {**_headers(first), "X-Page-Cache": "hit"}
    outer = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy")
    assert all(second[name] for name in outer)
    assert second["Content-Language"] == "vi"


@pytest.mark.parametrize("encoding", ["", "gzip"])
def test_a_hit_is_the_one_every_layer_gave(client, unit_a, whole_way, monkeypatch, encoding):
    client.get("/don-vi/sotp/vi/", HTTP_ACCEPT_ENCODING=encoding)
    early = client.get("/don-vi/sotp/vi/", HTTP_ACCEPT_ENCODING=encoding)
    etag = early["ETag"]
    early_304 = client.get("/don-vi/sotp/vi/", HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=etag)
    whole_way()
    late = client.get("/don-vi/sotp/vi/", HTTP_ACCEPT_ENCODING=encoding)
    late_304 = client.get("/don-vi/sotp/vi/", HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=etag)
    assert (early.content, _headers(early)) == (late.content, _headers(late))
    assert early["X-Page-Cache"] == "hit"
    assert (early_304.status_code, _headers(early_304)) == (304, _headers(late_304))
    assert "Content-Security-Policy" in early_304 and "Permissions-Policy" in early_304


def test_the_language_of_a_hit_is_the_one_in_its_path(client, unit_a, layers_unreachable):
    client.get("/don-vi/sotp/vi/")
    client.get("/don-vi/sotp/km/")
    layers_unreachable()
    assert 'lang="km"' in client.get("/don-vi/sotp/km/").text
    assert 'lang="vi"' in client.get("/don-vi/sotp/vi/").text


def test_hits_count_views_as_the_whole_way_does(client, unit_a, main_portal):
    visits.flush()
    DailyVisits.objects.all().delete()
    client.get("/don-vi/sotp/vi/", HTTP_USER_AGENT=BROWSER)
    etag = client.get("/don-vi/sotp/vi/", HTTP_USER_AGENT=BROWSER)["ETag"]
    client.get("/don-vi/sotp/vi/", HTTP_USER_AGENT="Googlebot/2.1 (+http://www.google.com/bot.html)")
    client.get("/don-vi/sotp/vi/", HTTP_USER_AGENT=BROWSER, HTTP_SEC_PURPOSE="prefetch")
    # A 304 is not a page shown: not counted, through the layers or not.
    client.get("/don-vi/sotp/vi/", HTTP_USER_AGENT=BROWSER, HTTP_IF_NONE_MATCH=etag)
    client.get("/vi/", HTTP_USER_AGENT=BROWSER)
    client.get("/vi/", HTTP_USER_AGENT=BROWSER)
    assert visits.flush() == 4
    assert dict(DailyVisits.objects.values_list("unit__key", "count")) == {"sotp": 2, "tinh": 2}


def test_a_unit_host_is_served_its_own_pages(client, unit_a, unit_b, settings, layers_unreachable):
    settings.ALLOWED_HOSTS = ["*"]
    unit_b.host = "syt.example.gov.vn"
    services.unit_save(unit=unit_b, acting_user=SYSTEM)
    unit_home = client.get("/vi/", HTTP_HOST="syt.example.gov.vn").content
    portal_home = client.get("/vi/", HTTP_HOST="travinh.example.gov.vn").content
    assert unit_home != portal_home
    layers_unreachable()
    assert client.get("/vi/", HTTP_HOST="syt.example.gov.vn").content == unit_home
    assert client.get("/vi/", HTTP_HOST="travinh.example.gov.vn").content == portal_home


def test_a_host_that_became_a_former_host_is_redirected_not_served(client, unit_b, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.PORTAL_BASE_URL = "https://travinh.example.gov.vn"
    client.get("/vi/tin-tuc/", HTTP_HOST="syt.old.example.gov.vn")
    assert client.get("/vi/tin-tuc/", HTTP_HOST="syt.old.example.gov.vn")["X-Page-Cache"] == "hit"
    UnitFormerHost.objects.create(unit=unit_b, host="syt.old.example.gov.vn")
    services.unit_save(unit=unit_b, acting_user=SYSTEM)  # a unit's change: every index copy goes stale
    response = client.get("/vi/tin-tuc/", HTTP_HOST="syt.old.example.gov.vn")
    assert response.status_code == 301


def test_a_deactivated_unit_is_not_found_at_once(client, unit_a):
    client.get("/don-vi/sotp/vi/")
    unit_a.active = False
    services.unit_save(unit=unit_a, acting_user=SYSTEM)
    assert client.get("/don-vi/sotp/vi/").status_code == 404


def test_an_address_with_a_control_character_is_refused_as_before(client, unit_a):
    client.get("/don-vi/sotp/vi/tin-tuc/")
    assert client.get("/don-vi/sotp/vi/tin-tuc/?trang=1%00").status_code in (200, 404)
    assert "X-Page-Cache" not in client.get("/don-vi/sotp/vi/tin-tuc/?trang=1%00")


def test_a_plain_http_request_is_redirected_when_https_is_required(client, unit_a, settings):
    settings.SECURE_SSL_REDIRECT = True
    client.get("/don-vi/sotp/vi/", secure=True)
    assert client.get("/don-vi/sotp/vi/", secure=True)["X-Page-Cache"] == "hit"
    assert client.get("/don-vi/sotp/vi/").status_code == 301


def test_gzip_clients_get_the_page_compressed_on_the_miss_and_every_hit(client, unit_a, layers_unreachable):
    plain = client.get("/don-vi/sotp/vi/")
    client.get("/vi/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    layers_unreachable()
    for path in ("/don-vi/sotp/vi/", "/vi/"):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "gzip"
        assert int(response["Content-Length"]) == len(response.content)
        assert "Accept-Encoding" in response["Vary"]
        assert "<html" in gzip.decompress(response.content).decode()
    compressed = client.get("/don-vi/sotp/vi/", HTTP_ACCEPT_ENCODING="gzip")
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert compressed["ETag"] == "W/" + plain["ETag"]
    # Either representation's tag answers a conditional request.
    assert client.get("/don-vi/sotp/vi/", HTTP_IF_NONE_MATCH=compressed["ETag"]).status_code == 304


def test_the_first_gzip_visitor_gets_the_page_compressed_too(client, unit_a):
    response = client.get("/don-vi/sotp/vi/", HTTP_ACCEPT_ENCODING="gzip")
    assert "X-Page-Cache" not in response and response["Content-Encoding"] == "gzip"
    assert 'lang="vi"' in gzip.decompress(response.content).decode()
    assert "Content-Encoding" not in client.get("/don-vi/sotp/vi/")


def test_a_page_with_a_form_token_is_neither_stored_nor_compressed(client, unit_a):
    for _ in range(2):
        response = client.get("/vi/hoi-dap/dat-cau-hoi/", HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200 and "csrfmiddlewaretoken" in response.text
        assert "Content-Encoding" not in response and "X-Page-Cache" not in response


@pytest.fixture
def django_unreachable(monkeypatch):
    def unreachable(*args, **kwargs):
        raise AssertionError("a hit reached Django's handler")

    return lambda: monkeypatch.setattr("django.core.handlers.base.BaseHandler.get_response", unreachable)


def test_through_wsgi_a_hit_never_reaches_djangos_handler_and_is_logged_and_counted(
    unit_a, django_unreachable, caplog
):
    from portal import metrics

    wsgi = WsgiClient()
    first = wsgi.get("/don-vi/sotp/vi/")
    django_unreachable()
    before = metrics.REQUESTS.labels("page_cache", "GET", "200")._value.get()
    with caplog.at_level("INFO", logger="portal.access"):
        hit = wsgi.get("/don-vi/sotp/vi/", HTTP_X_REQUEST_ID="nginx-request-0001")
    assert hit["X-Page-Cache"] == "hit" and hit.content == first.content
    assert hit["X-Request-ID"] == "nginx-request-0001"
    assert metrics.REQUESTS.labels("page_cache", "GET", "200")._value.get() == before + 1
    [line] = [line for line in caplog.records if getattr(line, "request_id", "") == "nginx-request-0001"]
    assert line.name == "portal.access" and line.getMessage() == "GET /don-vi/sotp/vi/ 200"
    assert line.unit == "sotp"


def test_through_wsgi_a_head_hit_has_the_pages_headers_and_no_body(unit_a, django_unreachable):
    wsgi = WsgiClient()
    page = wsgi.get("/don-vi/sotp/vi/")
    django_unreachable()
    head = wsgi.head("/don-vi/sotp/vi/")
    assert head["X-Page-Cache"] == "hit" and head.content == b""
    assert head["Content-Length"] == str(len(page.content)) and head["ETag"] == page["ETag"]


@pytest.mark.parametrize("cookie", ["sessionid=abc", "messages=xyz"])
def test_through_wsgi_a_visitor_with_a_session_or_messages_goes_to_django(unit_a, cookie):
    wsgi = WsgiClient()
    wsgi.get("/don-vi/sotp/vi/")
    assert wsgi.get("/don-vi/sotp/vi/")["X-Page-Cache"] == "hit"
    assert "X-Page-Cache" not in wsgi.get("/don-vi/sotp/vi/", HTTP_COOKIE=cookie)


def test_through_wsgi_the_probes_are_answered_by_django(unit_a):
    wsgi = WsgiClient()
    wsgi.get("/don-vi/sotp/vi/")
    response = wsgi.get("/healthz")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "no-cache" in response["Cache-Control"]


def test_through_wsgi_a_forwarded_scheme_is_believed_only_from_the_configured_proxies(unit_a, settings):
    settings.PORTAL_TRUSTED_PROXIES = 0
    wsgi = WsgiClient()
    wsgi.get("/don-vi/sotp/vi/")
    forged = wsgi.get("/don-vi/sotp/vi/", HTTP_X_FORWARDED_PROTO="https")
    assert forged["X-Page-Cache"] == "hit"  # the http page: the header is not believed
    settings.PORTAL_TRUSTED_PROXIES = 1
    behind_proxy = wsgi.get("/don-vi/sotp/vi/", HTTP_X_FORWARDED_PROTO="https")
    assert "X-Page-Cache" not in behind_proxy  # another page: the https one, not stored yet
    assert wsgi.get("/don-vi/sotp/vi/", HTTP_X_FORWARDED_PROTO="https")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/don-vi/sotp/vi/", "/vi/"])
def test_through_wsgi_a_host_not_allowed_gets_djangos_400(unit_a, settings, path):
    settings.ALLOWED_HOSTS = ["travinh.example.gov.vn"]
    wsgi = WsgiClient()
    assert wsgi.get(path, HTTP_HOST="travinh.example.gov.vn").status_code == 200
    assert wsgi.get(path, HTTP_HOST="travinh.example.gov.vn")["X-Page-Cache"] == "hit"
    assert wsgi.get(path, HTTP_HOST="evil.example.com").status_code == 400


def test_through_wsgi_a_fault_of_the_hit_layer_is_logged_and_django_answers(unit_a, monkeypatch, caplog):
    from portal import pagecache

    wsgi = WsgiClient()
    wsgi.get("/don-vi/sotp/vi/")

    def broken(environ):
        raise RuntimeError("a bug in the unit guess")

    monkeypatch.setattr(pagecache, "_hit_from_environ", broken)
    with caplog.at_level("ERROR", logger="portal.pagecache"):
        response = wsgi.get("/don-vi/sotp/vi/")
    assert response.status_code == 200 and "Sở Tư pháp" in response.content.decode()
    [logged] = [r for r in caplog.records if r.name == "portal.pagecache"]
    assert "hit layer failed" in logged.getMessage() and "a bug in the unit guess" in logged.exc_text


def test_through_wsgi_a_miss_is_logged_under_one_id(unit_a, monkeypatch, caplog):
    """The hit layer's lines for a request it hands to Django name the id Django answers with."""
    import logging

    from portal import pagecache

    wsgi = WsgiClient()
    wsgi.get("/don-vi/sotp/vi/")  # this process's copy of the unit index: the hit layer looks up
    [guess] = pagecache.HIT_UNITS

    def noted_guess(request):
        logging.getLogger("portal.pagecache").warning("guessing the unit")
        return guess(request)

    monkeypatch.setattr(pagecache, "HIT_UNITS", [noted_guess])
    with caplog.at_level("INFO"):
        response = wsgi.get("/don-vi/sotp/vi/tin-tuc/")
    assert "X-Page-Cache" not in response and response.status_code == 200
    [noted] = [line for line in caplog.records if line.getMessage() == "guessing the unit"]
    access = [line for line in caplog.records if line.name == "portal.access"]
    assert noted.request_id == response["X-Request-ID"] == access[-1].request_id
