"""The client address and the scheme are read from the proxy headers only behind configured proxies."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import RequestFactory

from news.models import Article
from portal.models import AuditEntry
from portal.proxy import client_ip

from ..factories.news import ArticleFactory

pytestmark = pytest.mark.django_db


def _request(forwarded: str | None = None, remote: str = "127.0.0.1"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_no_proxy_is_trusted_unless_configured():
    """The default of 1 let anyone pick a new address per request with X-Forwarded-For."""
    result = subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.PORTAL_TRUSTED_PROXIES)"],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "0"


def test_without_proxies_the_connection_is_the_client(settings):
    settings.PORTAL_TRUSTED_PROXIES = 0
    assert client_ip(_request("198.51.100.1", remote="203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "10.9.8.7, 203.0.113.7", "203.0.113.7"),  # the left hop is the client's invention
        (2, "10.9.8.7, 203.0.113.7, 192.0.2.10", "203.0.113.7"),  # second from the right
        (2, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies: the one our proxy wrote
        (1, "10.0.0.1, 2001:db8::1", "2001:db8::1"),
        (1, "10.0.0.1, <script>", "127.0.0.1"),  # not an address: the connection
    ],
)
def test_behind_proxies_the_nth_hop_from_the_right(settings, proxies, forwarded, expected):
    settings.PORTAL_TRUSTED_PROXIES = proxies
    assert client_ip(_request(forwarded)) == expected


def test_the_audit_trail_records_the_connection_not_a_forged_header(client, superuser, unit_a):
    client.force_login(superuser)
    AuditEntry.objects.all().delete()
    client.post("/admin/logout/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert AuditEntry.objects.get(action="auth.sign_out").ip_address == "203.0.113.7"


def _canonical(response) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)"', response.text).group(1)


@pytest.fixture
def article(unit_a) -> Article:
    return ArticleFactory(unit=unit_a, published=True)


def test_forwarded_proto_is_ignored_without_trusted_proxies(client, article, settings):
    """One request claiming https stored https:// canonical and og:url links for every later visitor."""
    settings.PORTAL_TRUSTED_PROXIES = 0
    response = client.get(article.get_absolute_url(), HTTP_X_FORWARDED_PROTO="https")
    assert _canonical(response).startswith("http://testserver/")
    assert 'content="https://' not in response.text


def test_forwarded_proto_is_believed_behind_the_configured_proxies(client, article, settings):
    settings.PORTAL_TRUSTED_PROXIES = 1
    response = client.get(
        article.get_absolute_url(),
        HTTP_HOST="testserver",  # as nginx passes it
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert _canonical(response).startswith("https://testserver/")


def test_forms_limit_the_connection_whatever_it_forwards(client, unit_a, settings):
    from ..factories.consultations import DraftFactory, add_text
    from .test_rate_limits import _codes, _comment

    settings.PORTAL_FORM_MIN_SECONDS = 0
    settings.PORTAL_RATE_LIMIT_PER_IP = 2
    draft = DraftFactory(unit=unit_a, scheduled=True)
    add_text(draft)
    statuses, last = [], None
    for i in range(3):
        last = client.post(
            draft.get_absolute_url(),
            _comment(email=f"nguoi{i}@mail.example"),
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",
        )
        statuses.append(last.status_code)
    assert statuses == [302, 302, 200]
    assert _codes(last) == {"rate_ip"}
