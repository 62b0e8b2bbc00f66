"""The portal as a data centre runs it, on loopback: nginx in front of two application servers.

`make test-cluster` runs these (PostgreSQL needed: the servers share the test database).
"""

from __future__ import annotations

import collections
import gzip
import html
import http.client
import io
import json
import re
import threading
import time
import uuid
from urllib.parse import urlencode, urlsplit

import pytest
import redis
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.utils import translation
from PIL import Image

from news.enums import Status
from portal.models import AuditEntry
from subsites.enums import Role
from subsites.routing import unit_reverse
from tests.factories.news import ArticleFactory
from tests.factories.subsites import PASSWORD, member
from tests.load.harness import BIN, require_postgres, spawn, stop, wait_until

from .harness import HOST, Browser, get, multipart, start_cluster
from .pg_replica import ReplicaUnavailable, start_replica

pytestmark = [pytest.mark.servers, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cluster(tmp_path, unit_a):
    """Started after the units exist (each server builds its unit index on its first request)."""
    require_postgres()
    running = start_cluster(tmp_path)
    yield running
    running.stop()


def _staff(unit, role: str, username: str):
    """A member whose password the servers can check: the tests' own fast hasher is not in theirs."""
    user = member(unit, role, username=username)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def _sign_in(port: int, username: str, **how) -> Browser:
    browser = Browser(port, **how)
    token = browser.csrf_token("/admin/login/")
    body = urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD, "next": "/admin/"}
    )
    status, page, headers = browser.request("POST", "/admin/login/", body)
    errors = re.findall(r'class="errornote">(.*?)<', page, re.S)
    assert status == 302 and headers.get("Location") == "/admin/", f"signing in through {port}: {errors}"
    return browser


def _publish(browser: Browser, article) -> None:
    token = browser.csrf_token(f"/admin/news/article/{article.pk}/change/")
    body = urlencode({"csrfmiddlewaretoken": token, "action": "publish"})
    status, _, _ = browser.request("POST", f"/admin/news/article/{article.pk}/workflow/", body)
    assert status == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED


def test_an_article_published_through_a_is_shown_at_once_through_b_and_nginx(cluster, unit_a):
    approver = _staff(unit_a, Role.APPROVER, "cluster_approver")
    ArticleFactory(unit=unit_a, published=True, title_vi="Bài đã đăng từ trước")
    article = ArticleFactory(unit=unit_a, status=Status.PENDING, title_vi="Bão số 9 đổ bộ Trà Vinh")
    with translation.override("vi"):
        listing, detail = unit_reverse(unit_a, "news:list"), article.get_absolute_url()
    everywhere = {"A": cluster.a.port, "B": cluster.b.port, "nginx": cluster.nginx}

    # Each address renders and caches the list without the article; the article itself is not public.
    for name, port in everywhere.items():
        for _ in range(2):
            status, body, _ = get(port, listing)
            assert status == 200 and "Bài đã đăng từ trước" in body, f"{name}: {status}"
            assert article.title_vi not in body
        assert get(port, detail)[0] == 404, name

    browser = _sign_in(cluster.a.port, approver.username)
    workflow = f"/admin/news/article/{article.pk}/workflow/"
    token = browser.csrf_token(f"/admin/news/article/{article.pk}/change/")
    status, _, _ = browser.request(
        "POST", workflow, urlencode({"csrfmiddlewaretoken": token, "action": "publish"})
    )
    assert status == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED

    for name in ("B", "nginx", "A"):  # B first: it never saw the change happen
        port = everywhere[name]
        status, body, _ = get(port, listing)
        assert status == 200 and article.title_vi in body, f"{name} shows a stale list"
        status, body, _ = get(port, detail)
        assert status == 200 and article.title_vi in body, f"{name}: the article answers {status}"


def test_behind_nginx_the_audit_trail_records_the_visitors_address_not_a_forged_one(cluster, unit_a):
    """nginx appends the address it saw; the portal (PORTAL_TRUSTED_PROXIES=1) reads that hop, not
    what the visitor wrote further left, nor nginx's own address."""
    approver = _staff(unit_a, Role.APPROVER, "cluster_approver")
    article = ArticleFactory(unit=unit_a, status=Status.PENDING)
    visitor = {"source": "127.0.0.2", "headers": {"X-Forwarded-For": "203.0.113.9"}}
    _publish(_sign_in(cluster.nginx, approver.username, **visitor), article)
    entry = AuditEntry.objects.filter(object_id=str(article.pk), action__contains="publish").latest("at")
    assert entry.ip_address == "127.0.0.2"


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 200), "darkgreen").save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_photo_uploaded_through_a_is_served_through_b(cluster, unit_a):
    admin = _staff(unit_a, Role.UNIT_ADMIN, "cluster_unit_admin")
    browser = _sign_in(cluster.a.port, admin.username)
    token = browser.csrf_token("/admin/subsites/banner/add/")
    fields = {
        "csrfmiddlewaretoken": token,
        "unit": str(unit_a.pk),
        "title_vi": "Kỷ niệm 30 năm tái lập tỉnh",
        "alt_vi": "Biểu trưng kỷ niệm 30 năm",
        "link_vi": "/vi/",
        "starts_on": "2020-01-01",
        "order": "0",
        "active": "on",
        "_save": "1",
    }
    body, kind = multipart(fields, {"image": ("ky-niem.jpg", _jpeg(), "image/jpeg")})
    status, page, _ = browser.request("POST", "/admin/subsites/banner/add/", body, kind)
    errors = re.findall(r'class="errorlist[^"]*">(.*?)</ul>', page, re.S)
    assert status == 302, f"the banner was not saved: {errors}"
    assert [n for n in cluster.s3.names("S3_BUCKET") if n.startswith("banners/")], "not in the bucket"

    with translation.override("vi"):
        home = unit_reverse(unit_a, "home")
    status, page, _ = get(cluster.b.port, home)
    assert status == 200
    match = re.search(r'<img src="([^"]+)" alt="Biểu trưng kỷ niệm 30 năm"', page)
    assert match, "B does not show the banner"
    address = urlsplit(html.unescape(match.group(1)))
    # A public photo is linked where it is stored; on a disk, B would have to have it itself.
    port, host = (address.port, address.netloc) if address.hostname else (cluster.b.port, HOST)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", address.path + (f"?{address.query}" if address.query else ""), headers={"Host": host})
    response = conn.getresponse()
    content = response.read()
    assert response.status == 200, f"{address.geturl()}: {response.status}"
    assert Image.open(io.BytesIO(content)).size == (1200, 200)


SEARCH = "/vi/tim-kiem/?q=lu+quet"  # read from the database on every request: never a cached page
FLOOD_TITLE, FLOOD_SLUG = "Cảnh báo lũ quét ở huyện Trà Cú", "canh-bao-lu-quet-tra-cu"


@pytest.fixture
def replicated_cluster(tmp_path, unit_a):
    """The cluster with a streaming replica of the test database behind both servers. The lag limit is
    an hour: replay is paused on purpose here, and the replica must still be read. The page cache is
    off: a page that may be stored is rendered from the primary (portal.pagecache), so with it on no
    anonymous page render would show which server it read."""
    require_postgres()
    db = settings.DATABASES["default"]
    try:
        replica = start_replica(db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432), db["USER"])
    except ReplicaUnavailable as error:
        pytest.fail(f"PostgreSQL is configured but no streaming replica can be made of it: {error}")
    try:
        running = start_cluster(
            tmp_path,
            DATABASE_REPLICA_URL=replica.url(db["NAME"]),
            PORTAL_REPLICA_MAX_LAG_SECONDS="3600",
            PORTAL_PAGE_CACHE="false",
        )
        try:
            yield running, replica
        finally:
            running.stop()
    finally:
        replica.destroy()


def _finds_the_flood_warning(port: int, browser: Browser | None = None) -> bool:
    status, page, _ = browser.request("GET", SEARCH) if browser else get(port, SEARCH)
    assert status == 200, page[-2000:]
    return f"/{FLOOD_SLUG}/" in page  # the result's link


def test_anonymous_reads_reach_the_replica_and_the_editor_reads_their_own_edit(replicated_cluster, unit_a):
    cluster, replica = replicated_cluster
    approver = _staff(unit_a, Role.APPROVER, "cluster_approver")
    article = ArticleFactory(unit=unit_a, status=Status.PENDING, title_vi=FLOOD_TITLE, slug=FLOOD_SLUG)
    article.refresh_search_text()
    article.save(update_fields=["search_text"])
    with translation.override("vi"):
        listing = unit_reverse(unit_a, "news:list")
    everywhere = {"A": cluster.a.port, "B": cluster.b.port, "nginx": cluster.nginx}
    editor = _sign_in(cluster.nginx, approver.username)
    replica.wait_caught_up()
    replica.pause()

    _publish(editor, article)  # through nginx: whichever server, the primary
    assert _finds_the_flood_warning(cluster.nginx, editor), "the editor does not see their own edit"
    status, body, _ = editor.request("GET", listing)
    assert status == 200 and FLOOD_TITLE in body, "the editor does not see their own edit in the list"
    for name, port in everywhere.items():
        # (Not a list: lists are built from fragments kept in the shared cache, always read on the primary.)
        assert not _finds_the_flood_warning(port), f"{name}: an anonymous search did not read the replica"

    replica.resume()
    replica.wait_caught_up()
    for name, port in everywhere.items():
        assert _finds_the_flood_warning(port), name

    replica.stop()
    with translation.override("vi"):
        pages = ["/vi/", listing, article.get_absolute_url(), SEARCH]
    for name, port in everywhere.items():
        for path in pages * 2:  # the first finds its connection broken and is answered from the primary
            status, _, _ = get(port, path)
            assert status == 200, f"{name}: {path} answers {status} with the replica stopped"
    assert _finds_the_flood_warning(cluster.nginx)
    for name, port in everywhere.items():  # still in the balancer, saying what is wrong
        status, body = _readiness(port)
        assert (status, body["status"]) == (200, "degraded"), (name, body)


def _raw_get(port: int, path: str, **headers) -> tuple[int, bytes, http.client.HTTPResponse]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": HOST, **headers})
    response = conn.getresponse()
    return response.status, response.read(), response


def test_nginx_gzips_the_pages_the_portal_does_not_store(cluster, unit_a):
    # A form's page (its CSRF token) is never stored: the server sends it as it is, nginx compresses it.
    form = "/vi/hoi-dap/dat-cau-hoi/"
    status, body, response = _raw_get(cluster.a.port, form, **{"Accept-Encoding": "gzip"})
    assert status == 200 and response.getheader("Content-Encoding") is None
    status, body, response = _raw_get(cluster.nginx, form, **{"Accept-Encoding": "gzip"})
    assert status == 200 and response.getheader("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in response.getheader("Vary", "")
    assert "csrfmiddlewaretoken" in gzip.decompress(body).decode()
    status, body, response = _raw_get(cluster.nginx, form)  # a client that takes no gzip gets none
    assert status == 200 and response.getheader("Content-Encoding") is None


def _readiness(port: int) -> tuple[int, dict]:
    status, body, _ = get(port, "/readyz", timeout=30)
    return status, (json.loads(body) if status in (200, 503) else {})


def test_readyz_turns_503_when_redis_stops_and_200_when_it_is_back(cluster, unit_a):
    servers = {"A": cluster.a.port, "B": cluster.b.port, "nginx": cluster.nginx}
    # A check slower than its 2 s on a loaded machine is a 503 too: ready first, then Redis stops.
    for name, port in servers.items():
        wait_until(lambda port=port: _readiness(port)[0] == 200, timeout=60, what=f"{name} ready")

    cluster.stop_redis()
    for name, port in servers.items():
        status, body = _readiness(port)
        assert status == 503, f"{name} says ready without Redis"
        failed = {check for check, result in body["checks"].items() if result["status"] != "ok"}
        assert {"cache", "broker"} & failed and "database" not in failed, (name, body)
    # Not ready, but still serving: a page answers through nginx (a cache miss, not an error).
    with translation.override("vi"):
        assert get(cluster.nginx, unit_reverse(unit_a, "news:list"))[0] == 200

    cluster.start_redis()
    for name, port in servers.items():
        wait_until(lambda port=port: _readiness(port)[0] == 200, timeout=60, what=f"{name} ready again")


def _origins(client, queue: str) -> list[str]:
    """Who sent each message waiting in `queue`: Celery names the sending process (gen<pid>@host)."""
    return [json.loads(raw)["headers"]["origin"] for raw in client.lrange(queue, 0, -1)]


def test_a_second_beat_started_beside_the_first_schedules_nothing(cluster, tmp_path):
    client = redis.Redis(port=cluster.redis_port, socket_timeout=5)
    queue = f"cluster-beat-{uuid.uuid4().hex[:8]}"
    # The portal's app with one entry due every second, sent to a queue no worker reads.
    env = {**cluster.env, "PORTAL_TEST_BEAT_QUEUE": queue, "PORTAL_TEST_BEAT_SECONDS": "1"}
    beats = []

    def start_beat(name: str):
        args = [str(BIN / "celery"), "-A", "tests.load.beat_app", "beat", "--loglevel", "INFO"]
        beats.append(
            spawn([*args, "-s", str(tmp_path / f"{name}.schedule")], env=env, log=tmp_path / f"{name}.log")
        )
        return beats[-1]

    try:
        first = start_beat("first")
        wait_until(lambda: client.llen(queue) >= 1, timeout=60, what="the first beat", process=first)
        second = start_beat("second")
        wait_until(
            lambda: "beat: Starting" in second.log.read_text(), timeout=60, what="second", process=second
        )
        wait_until(lambda: client.llen(queue) >= 12, timeout=60, what="a dozen runs", process=second)
        assert first.poll() is None and second.poll() is None
        senders = collections.Counter(origin.split("@")[0] for origin in _origins(client, queue))
        assert senders == {f"gen{first.pid}": sum(senders.values())}, f"sent by {dict(senders)}"
    finally:
        for beat in beats:
            stop(beat)


LOAD_SECONDS = 20
KILL_AFTER = 5
THREADS = 3


def test_killing_server_a_under_load_through_nginx_loses_no_request(cluster, unit_a):
    published = [ArticleFactory(unit=unit_a, published=True) for _ in range(3)]
    with translation.override("vi"):
        pages = ["/vi/", unit_reverse(unit_a, "news:list"), *(a.get_absolute_url() for a in published)]
    results: list[tuple[float, int, str]] = []
    lock = threading.Lock()
    started = time.monotonic()

    def visitor(number: int) -> None:
        i = 0
        while time.monotonic() - started < LOAD_SECONDS:
            # Every other request misses the page cache (a query string of its own): pages are rendered
            # from the database while the servers change under the load, not only read from Redis.
            path = pages[i % len(pages)] + (f"?v={number}-{i}" if i % 2 else "")
            status, _, _ = get(cluster.nginx, path, timeout=60)
            with lock:
                results.append((time.monotonic() - started, status, path))
            i += 1

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER)
    killed_at = time.monotonic() - started
    cluster.a.kill()
    for thread in threads:
        thread.join()

    failed = [(round(at, 2), status, path) for at, status, path in results if status != 200]
    assert not failed, f"{len(failed)} of {len(results)} requests failed: {failed[:10]}"
    before = sum(1 for at, _, _ in results if at < killed_at)
    after = len(results) - before
    assert before >= THREADS and after >= THREADS * 10, (before, after)
    assert cluster.a.process.poll() is not None  # A really was gone: B answered the rest
    assert get(cluster.a.port, "/robots.txt", timeout=2)[0] == 0
