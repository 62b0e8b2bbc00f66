"""A real streaming replica behind gunicorn: who reads where (portal.replicas).

The replica is made from the test database's server (tests/cluster/pg_replica.py); its replay is
paused to make it visibly behind: an article published on the primary afterwards is the proof of
which server answered — the search page finds it on the primary, not on the replica.
"""

from __future__ import annotations

import http.client
import re
import socket
import uuid
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings
from django.test import Client

from citizen_qa.models import Question
from portal.replicas import RECENT_WRITE_COOKIE
from tests.factories.citizen_qa import FieldFactory
from tests.factories.news import ArticleFactory
from tests.load.harness import BIN, free_port, require_postgres, server_env, spawn, stop, wait_until

from .pg_replica import ReplicaUnavailable, start_replica

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# The search page reads the database on every request (nothing of it is cached while the page cache
# is off), so what it finds tells which server answered.
SEARCH = "/vi/tim-kiem/?q=lu+quet"
TITLE, SLUG = "Cảnh báo lũ quét ở huyện Trà Cú", "canh-bao-lu-quet-tra-cu"


@pytest.fixture(scope="module")
def replica(django_db_setup):
    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a streaming replica needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    try:
        made = start_replica(default["HOST"] or "127.0.0.1", int(default["PORT"] or 5432), default["USER"])
    except ReplicaUnavailable as error:
        pytest.skip(f"no streaming replica can be made here: {error}")
    yield made
    made.destroy()


@pytest.fixture
def replica_running(replica):
    """The shared replica, running, replaying and caught up at the start and end of each test."""
    replica.start()
    replica.resume()
    yield replica
    replica.start()
    replica.resume()
    replica.wait_caught_up()


@pytest.fixture
def serve(tmp_path, unit_a):
    """`serve(replica_urls, **env)` starts gunicorn on the test database with those replicas."""
    require_postgres()
    started = []

    def start(replica_urls: str, **extra: str) -> int:
        port = free_port()
        env = server_env(
            DATABASE_REPLICA_URL=replica_urls,
            CACHE_KEY_PREFIX=f"replica-{uuid.uuid4().hex[:8]}",
            PORTAL_FORM_MIN_SECONDS="0",
            **extra,
        )
        process = spawn(
            [str(BIN / "gunicorn"), "config.wsgi", "-w", "1", "--threads", "2", "-b", f"127.0.0.1:{port}"],
            env=env,
            log=tmp_path / f"gunicorn-{port}.log",
        )
        started.append(process)
        wait_until(lambda: _get(port, "/robots.txt")[0] == 200, timeout=60, what="gunicorn", process=process)
        return port

    yield start
    for process in started:
        stop(process)


def _get(port: int, path: str, cookie: str = ""):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return (
            response.status,
            response.read().decode(errors="replace"),
            response.getheader("Set-Cookie") or "",
        )
    except OSError:
        return 0, "", ""


def _found(port: int, cookie: str = "") -> bool:
    """Whether the search page, asked with `cookie`, lists the article published in `_publish_on_primary`."""
    status, page, _ = _get(port, SEARCH, cookie)
    assert status == 200, page[-2000:]
    return f"/{SLUG}/" in page  # the result's link


def _publish_on_primary(unit, replica) -> None:
    """Pause replay, then publish an article on the primary: only the primary has it."""
    replica.wait_caught_up()
    replica.pause()
    _publish_on_primary_only(unit)


def _signed_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _replica_url(replica) -> str:
    return replica.url(settings.DATABASES["default"]["NAME"])


def test_anonymous_reads_are_served_by_the_replica(replica_running, serve, unit_a):
    port = serve(_replica_url(replica_running))
    _publish_on_primary(unit_a, replica_running)

    assert not _found(port)  # the replica has not replayed the article yet
    status, _page, set_cookie = _get(port, SEARCH)
    assert RECENT_WRITE_COOKIE not in set_cookie  # a plain read does not pin the browser to the primary

    replica_running.resume()
    replica_running.wait_caught_up()
    assert _found(port)


def test_signed_in_editor_reads_the_primary_while_replay_is_paused(replica_running, serve, unit_a, editor_a):
    port = serve(_replica_url(replica_running))
    editor = _signed_in_cookie(editor_a)
    _publish_on_primary(unit_a, replica_running)

    assert _found(port, editor)
    assert not _found(port)


def _ask_question(port: int) -> tuple[int, str]:
    """An anonymous citizen's question through the public form: a write."""
    url = "/vi/hoi-dap/dat-cau-hoi/"
    status, page, set_cookie = _get(port, url)
    assert status == 200, page[-2000:]
    csrf = re.search(r"csrftoken=([^;]+)", set_cookie).group(1)
    field = FieldFactory()
    body = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
        "started": re.search(r'name="started" value="([^"]+)"', page).group(1),
        "field": field.pk, "title": "Hồ sơ đăng ký hộ kinh doanh [nhan-ban]",
        "body": "Thủ tục đăng ký hộ kinh doanh cần giấy tờ gì?", "name": "Người dân",
        "email": "nguoi.dan@mail.example", "display_mode": "initials", "consent": "on",
        "allow_publication": "on",
    }  # fmt: skip
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    conn.request("POST", url, body=urlencode(body), headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, response.getheader("Set-Cookie") or ""


def test_a_write_goes_to_the_primary_and_its_author_reads_the_primary(replica_running, serve, unit_a):
    port = serve(_replica_url(replica_running))
    _publish_on_primary(unit_a, replica_running)

    # The replica is read-only: an INSERT sent there would fail, and the question would be lost.
    status, set_cookie = _ask_question(port)
    assert status == 302
    assert Question.objects.filter(title__contains="[nhan-ban]").count() == 1
    recent = re.search(rf"{RECENT_WRITE_COOKIE}=([^;]+)", set_cookie)
    assert recent, set_cookie

    assert _found(port, f"{RECENT_WRITE_COOKIE}={recent.group(1)}")  # read-your-writes
    assert not _found(port)  # everybody else still reads the replica
    # A forged or garbled cookie only costs its sender a read on the primary.
    assert _found(port, f'{RECENT_WRITE_COOKIE}="<script>"; x=1')


def test_a_replica_lagging_too_far_is_skipped(replica_running, serve, unit_a):
    port = serve(_replica_url(replica_running), PORTAL_REPLICA_MAX_LAG_SECONDS="1")
    _publish_on_primary(unit_a, replica_running)

    # More than a second behind from now on: the server notices within its health interval.
    wait_until(lambda: _found(port), timeout=60, what="the lagging replica skipped")
    assert replica_running.query("SELECT pg_is_wal_replay_paused()") == (True,)


def test_a_stopped_replica_is_skipped_and_pages_still_answer(replica_running, serve, unit_a):
    port = serve(_replica_url(replica_running))
    assert not _found(port)  # the server now holds an open connection to the replica
    replica_running.stop()
    _publish_on_primary_only(unit_a)

    for _ in range(5):  # the first request finds the connection broken and is answered from the primary
        assert _found(port)


def _publish_on_primary_only(unit) -> None:
    article = ArticleFactory(unit=unit, published=True, title_vi=TITLE, slug=SLUG)
    article.refresh_search_text()
    article.save(update_fields=["search_text"])


@pytest.fixture
def hanging_replica():
    """A TCP port that accepts connections and never says a word, as a hung database server does."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def test_a_replica_that_hangs_or_refuses_is_skipped(serve, unit_a, hanging_replica):
    name = settings.DATABASES["default"]["NAME"]
    hanging = f"postgres://postgres@127.0.0.1:{hanging_replica}/{name}"
    refusing = f"postgres://postgres@127.0.0.1:{free_port()}/{name}"
    port = serve(f"{hanging},{refusing}")
    _publish_on_primary_only(unit_a)

    for _ in range(3):
        assert _found(port)


def test_the_harness_replica_follows_pauses_stops_and_goes(pg_replica, unit_a):
    """What the cluster test relies on from tests/cluster/pg_replica.py."""
    name = settings.DATABASES["default"]["NAME"]

    def replica_has_article() -> bool:
        with psycopg.connect(pg_replica.url(name), connect_timeout=5) as conn:
            return bool(conn.execute("SELECT 1 FROM news_article WHERE slug = %s", [SLUG]).fetchone())

    assert pg_replica.query("SELECT pg_is_in_recovery()") == (True,)
    _publish_on_primary(unit_a, pg_replica)
    assert not replica_has_article()
    pg_replica.resume()
    pg_replica.wait_caught_up()
    assert replica_has_article()

    pg_replica.stop()
    with pytest.raises(psycopg.OperationalError):
        pg_replica.query("SELECT 1")
    pg_replica.start()
    assert replica_has_article()

    folder = pg_replica.folder
    pg_replica.destroy()
    assert not folder.exists()


def test_the_harness_names_a_primary_that_does_not_answer():
    with pytest.raises(ReplicaUnavailable, match="does not answer"):
        start_replica("127.0.0.1", free_port())
