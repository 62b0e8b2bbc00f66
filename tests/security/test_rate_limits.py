"""Public forms' limits hold: under simultaneous submissions, for every spelling of one mailbox, for a
replayed form token, and while Redis is down."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import translation

from consultations.forms import CommentForm
from consultations.models import Comment
from portal import ratelimit
from portal.public_forms import mailbox, new_form_token

from ..factories.consultations import DraftFactory, add_text

pytestmark = pytest.mark.django_db
VISITOR = "203.0.113.50"


@pytest.fixture
def open_draft(unit_a, settings):
    settings.PORTAL_FORM_MIN_SECONDS = 0
    settings.PORTAL_CAPTCHA_AFTER = 10_000
    draft = DraftFactory(unit=unit_a, scheduled=True)
    add_text(draft)
    return draft


def _comment(**overrides) -> dict:
    data = {
        "text": "Đề nghị bổ sung quy định về tiếng Khmer.",
        "name": "Thạch Thị Sa Rươl",
        "kind": "individual",
        "email": "sa.ruol@mail.example",
        "consent": "on",
        "started": new_form_token(),
        "article": "",
    }
    return {**data, **overrides}


def _post(client, draft, **overrides):
    return client.post(draft.get_absolute_url(), _comment(**overrides), REMOTE_ADDR=VISITOR)


def _codes(response) -> set[str]:
    return {e.code for e in response.context["form"].non_field_errors().as_data()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "portal.cache_backend.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": settings.CACHE_KEY_PREFIX,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def real_redis():
    """The Redis of REDIS_URL (CI; db 3 here: REDIS_URL=redis://127.0.0.1:6379/3), else a private
    redis-server on a free port."""
    url = os.environ.get("REDIS_URL")
    server = None
    if not url:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("needs Redis: set REDIS_URL or install redis-server")
        port = _free_port()
        server = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/3"
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    for _ in range(50):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            threading.Event().wait(0.1)
    else:
        pytest.fail(f"Redis at {url} does not answer")
    with override_settings(CACHES=_redis_cache(url)):
        yield url
    if server is not None:
        server.terminate()
        server.wait(timeout=10)


def test_simultaneous_submissions_admit_exactly_the_limit(open_draft, settings, real_redis):
    """Checked before the save and counted after it, four simultaneous submissions passed a limit of 3."""
    settings.PORTAL_RATE_LIMIT_PER_IP = 3
    draft = type(open_draft).objects.prefetch_related("articles").get(pk=open_draft.pk)
    submissions = 16
    barrier = threading.Barrier(submissions)
    factory = RequestFactory()

    def submit(i: int) -> bool:
        data = _comment(email=f"nguoi{i}@mail.example")
        form = CommentForm(data, request=factory.post("/", REMOTE_ADDR=VISITOR), draft=draft)
        barrier.wait()
        return form.is_valid()

    with ThreadPoolExecutor(max_workers=submissions) as pool:
        accepted = sum(pool.map(submit, range(submissions)))
    assert accepted == 3
    assert redis.Redis.from_url(real_redis).get(_key("consultation_comment:ip", VISITOR, 3600)) == b"3"


def _key(scope, identity, window) -> str:
    from django.core.cache import cache

    return cache.make_key(ratelimit.Limit(scope, identity, window, 0).key)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_takes_admit_exactly_the_limit_in_the_database():
    """Without Redis the database keeps the counters: one conditional UPDATE, atomic across processes."""
    if connection.vendor != "postgresql":
        pytest.skip("simultaneous writers need PostgreSQL (SQLite's in-memory test database locks tables)")
    limit = ratelimit.Limit("question:ip", VISITOR, 3600, 5)
    barrier = threading.Barrier(20)

    def take(_i: int) -> bool:
        try:
            barrier.wait()
            return ratelimit.take(limit) is None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        assert sum(pool.map(take, range(20))) == 5
    assert ratelimit.count("question:ip", VISITOR, 3600) == 5


def test_spellings_of_one_mailbox_share_its_limit(client, open_draft, settings):
    settings.PORTAL_RATE_LIMIT_PER_EMAIL = 2
    spellings = ["Sa.Ruol+gop-y@gmail.com", "saruol@googlemail.com", "s.a.r.u.o.l+2@GMAIL.com"]
    statuses = [_post(client, open_draft, email=email).status_code for email in spellings]
    assert statuses == [302, 302, 200]
    assert Comment.objects.count() == 2
    assert _codes(_post(client, open_draft, email="saruol+3@gmail.com")) == {"rate_email"}


def test_mailbox_strips_tags_everywhere_and_dots_only_where_the_provider_ignores_them():
    assert mailbox(" An.Nguyen+hoi-dap@Mail.Example ") == "an.nguyen@mail.example"
    assert mailbox("an.nguyen+x@googlemail.com") == "annguyen@gmail.com"
    assert mailbox("khong-phai-email") == "khong-phai-email"


def test_a_form_token_serves_one_submission(client, open_draft):
    token = new_form_token()
    first = _post(client, open_draft, started=token)
    again = _post(client, open_draft, started=token, email="nguoi.khac@mail.example")
    assert first.status_code == 302
    assert again.status_code == 200
    assert _codes(again) == {"reused"}
    with translation.override("en"):
        english = client.post(open_draft.get_absolute_url(), _comment(started=token), REMOTE_ADDR=VISITOR)
    assert "This form has already been sent once, so it was not sent again." in english.text
    assert Comment.objects.count() == 1
    # The form shown again carries a fresh token: sending it works.
    fresh = again.context["form"]["started"].value()
    assert fresh != token
    assert _post(client, open_draft, started=fresh, email="nguoi.khac@mail.example").status_code == 302


def test_a_refused_form_spends_nothing(client, open_draft, settings):
    settings.PORTAL_RATE_LIMIT_PER_IP = 1
    assert _post(client, open_draft, consent="").status_code == 200  # invalid: the limit is not spent
    assert _post(client, open_draft).status_code == 302
    assert _codes(_post(client, open_draft)) == {"rate_ip"}


@pytest.fixture
def redis_down(settings):
    """REDIS_URL pointing at a loopback port nobody listens on."""
    port = _free_port()
    with override_settings(CACHES=_redis_cache(f"redis://127.0.0.1:{port}/0")):
        yield


def test_limits_hold_while_redis_is_down(client, open_draft, settings, redis_down, caplog):
    """They failed open: 14 of 14 submissions from one address accepted, and no line in the log."""
    settings.PORTAL_RATE_LIMIT_PER_IP = 10
    ratelimit._redis_down = False
    with caplog.at_level(logging.WARNING, logger="portal.ratelimit"):
        statuses = [_post(client, open_draft, email=f"nguoi{i}@mail.example").status_code for i in range(14)]
    assert statuses == [302] * 10 + [200] * 4
    assert Comment.objects.count() == 10
    outage = [r for r in caplog.records if r.name == "portal.ratelimit"]
    assert len(outage) == 1 and "Redis not answering" in outage[0].getMessage()


def test_the_captcha_comes_while_redis_is_down(client, open_draft, settings, redis_down):
    settings.PORTAL_CAPTCHA_AFTER = 2
    url = open_draft.get_absolute_url()
    assert 'name="captcha_1"' not in client.get(url, REMOTE_ADDR=VISITOR).text
    for i in range(2):
        assert _post(client, open_draft, email=f"nguoi{i}@mail.example").status_code == 302
    assert 'name="captcha_1"' in client.get(url, REMOTE_ADDR=VISITOR).text
    refused = _post(client, open_draft, email="nguoi9@mail.example")
    assert refused.status_code == 200 and "captcha" in refused.context["form"].errors
