"""Public forms (comment, search, and the question form once citizen_qa lands) under hostile input.

Arbitrary Unicode, control characters, huge values and malformed multipart bodies never give a 500;
CSRF is enforced on every POST; rate limits hold per address (which a visitor cannot forge) and
per e-mail.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from consultations.models import Comment
from portal.text import clean_text

from ..factories.consultations import DraftFactory, add_text

pytestmark = pytest.mark.django_db

FUZZ = hsettings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
# Any code point but lone surrogates (which no HTTP client can send as UTF-8), control characters included.
ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=300)
HUGE = st.builds(
    lambda ch, n: ch * n, st.characters(blacklist_categories=["Cs"]), st.integers(10_000, 120_000)
)
VALUES = st.one_of(
    ANY_TEXT, HUGE, st.sampled_from(["", "\x00", "\r\n", "' OR 1=1 --", "<script>", "%00", "9" * 40])
)


@pytest.fixture
def open_draft(unit_a, settings):
    settings.PORTAL_FORM_MIN_SECONDS = 0
    settings.PORTAL_CAPTCHA_AFTER = 10_000
    settings.PORTAL_RATE_LIMIT_PER_IP = 10_000
    settings.PORTAL_RATE_LIMIT_PER_EMAIL = 10_000
    draft = DraftFactory(unit=unit_a, scheduled=True)
    add_text(draft)
    return draft


def _started(client, url) -> str:
    return client.get(url).context["form"]["started"].value()


def _comment(started, **overrides) -> dict:
    data = {
        "text": "Đề nghị bổ sung quy định về tiếng Khmer.",
        "name": "Thạch Thị Sa Rươl",
        "kind": "individual",
        "organization": "",
        "email": "sa.ruol@mail.example",
        "phone": "0294 3855 123",
        "consent": "on",
        "started": started,
        "website": "",
        "article": "",
    }
    data.update(overrides)
    return data


@FUZZ
@given(
    field=st.sampled_from(
        ["text", "name", "kind", "organization", "email", "phone", "article", "started", "website", "consent"]
    ),
    value=VALUES,
)
def test_comment_form_never_fails_on_any_field(client, open_draft, field, value):
    url = open_draft.get_absolute_url()
    before = Comment.objects.count()
    data = _comment(_started(client, url))
    data[field] = value
    response = client.post(url, data)
    assert response.status_code in (200, 302), response.status_code
    stored = Comment.objects.count() - before
    assert stored == (1 if response.status_code == 302 else 0)


@pytest.fixture
def qa_field(unit_a, settings):
    from ..factories.citizen_qa import FieldFactory

    settings.PORTAL_FORM_MIN_SECONDS = 0
    settings.PORTAL_CAPTCHA_AFTER = 10_000
    settings.PORTAL_RATE_LIMIT_PER_IP = 10_000
    settings.PORTAL_RATE_LIMIT_PER_EMAIL = 10_000
    return FieldFactory()


ASK = "/vi/hoi-dap/dat-cau-hoi/"


@FUZZ
@given(
    field=st.sampled_from(
        [
            "title",
            "body",
            "name",
            "email",
            "phone",
            "address",
            "organization",
            "display_mode",
            "display_name",
            "field",
            "started",
            "website",
            "consent",
        ]
    ),
    value=VALUES,
)
def test_question_form_never_fails_on_any_field(client, qa_field, field, value):
    from citizen_qa.models import Question

    before = Question.objects.count()
    data = {
        "field": qa_field.pk, "title": "Hồ sơ hộ kinh doanh", "body": "Cần giấy tờ gì?",
        "name": "Kim Thị Sô Phia", "email": "sophia@mail.example", "phone": "", "address": "",
        "organization": "", "display_mode": "initials", "display_name": "", "allow_publication": "on",
        "consent": "on", "website": "", "started": client.get(ASK).context["form"]["started"].value(),
    }  # fmt: skip
    data[field] = value
    response = client.post(ASK, data)
    assert response.status_code in (200, 302), response.status_code
    assert Question.objects.count() - before == (1 if response.status_code == 302 else 0)


@FUZZ
@given(
    text=ANY_TEXT.filter(lambda t: t.strip() and "\x00" not in t),
    name=ANY_TEXT.filter(lambda t: t.strip() and "\x00" not in t),
)
def test_accepted_comments_keep_any_unicode(client, open_draft, text, name):
    url = open_draft.get_absolute_url()
    response = client.post(url, _comment(_started(client, url), text=text[:10000], name=name[:200]))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        comment = Comment.objects.latest("pk")
        # Everything but control characters, which never get in (portal.inputs).
        assert comment.text.strip() == clean_text(text[:10000]).strip()


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "type", "page", "year", "category", "field", "sort"]), VALUES, max_size=4
    )
)
def test_search_and_lists_never_fail(client, main_portal, params):
    for name in ("search:search", "news:list", "documents:finder", "consultations:list"):
        with translation.override("vi"):
            url = reverse(name)
        response = client.get(url, params)
        assert response.status_code in (200, 301, 302, 400, 404), (name, response.status_code)


MALFORMED = [
    (b'--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nabc', "multipart/form-data; boundary=x"),
    (b"garbage without boundary", "multipart/form-data"),
    (
        b'--x\r\nContent-Disposition: form-data; name="' + b"a" * 100_000 + b'"\r\n\r\nv\r\n--x--',
        "multipart/form-data; boundary=x",
    ),
    (
        b'--x\r\nContent-Disposition: form-data; name="file"; filename="../../a.pdf"\r\n\r\n%PDF\r\n--x--',
        "multipart/form-data; boundary=x",
    ),
    (b"\xff\xfe\x00\x01" * 1000, "multipart/form-data; boundary=\xff"),
    (b"text=%FF%FE%00&email=%E0%A4", "application/x-www-form-urlencoded"),
    (b"a=" + b"b" * (11 * 1024 * 1024), "application/x-www-form-urlencoded"),
    (b"&".join(b"f%d=1" % i for i in range(5000)), "application/x-www-form-urlencoded"),
]


@pytest.mark.parametrize(("body", "content_type"), MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_bodies_never_fail(client, open_draft, body, content_type):
    response = client.generic("POST", open_draft.get_absolute_url(), body, content_type=content_type)
    assert response.status_code in (200, 302, 400, 403), response.status_code
    assert not Comment.objects.exists()


def _all_views(resolver=None):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from _all_views(entry)
        elif isinstance(entry, URLPattern):
            yield entry.lookup_str, entry.callback


# Each exemption with its reason; nothing else may be exempt.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail programs POST to the List-Unsubscribe address without a
    # token; the subscriber's secret in the address is what a forged request cannot know.
    "alerts.views.unsubscribe": "RFC 8058",
    "alerts.views.unsubscribe_all": "RFC 8058",
}


def test_no_view_is_exempt_from_csrf():
    exempt = sorted(name for name, view in _all_views() if getattr(view, "csrf_exempt", False))
    unexplained = [name for name in exempt if name not in CSRF_EXEMPT]
    assert not unexplained, f"csrf_exempt views: {unexplained}"
    assert set(CSRF_EXEMPT) <= set(exempt), "an exemption listed here no longer exists: remove it"


def test_csrf_enforced_on_public_posts(open_draft):
    client = Client(enforce_csrf_checks=True)
    url = open_draft.get_absolute_url()
    started = _started(client, url)
    for target in (url, "/i18n/setlang/", reverse("admin:login")):
        response = client.post(target, _comment(started))
        assert response.status_code == 403, target
    assert not Comment.objects.exists()
    # With the token the same client is accepted: the refusal above was CSRF and nothing else.
    client.get(url)
    token = client.cookies["csrftoken"].value
    response = client.post(url, _comment(started, csrfmiddlewaretoken=token))
    assert response.status_code == 302
    assert Comment.objects.count() == 1


def test_rate_limit_per_address_cannot_be_dodged_with_forwarded_headers(client, open_draft, settings):
    settings.PORTAL_RATE_LIMIT_PER_IP = 3
    settings.PORTAL_TRUSTED_PROXIES = 1  # one proxy appends the real address
    url = open_draft.get_absolute_url()
    statuses = []
    for i in range(5):
        data = _comment(_started(client, url), email=f"nguoi{i}@mail.example")
        # A client inventing a new "first hop" each time; the proxy appends the real address.
        response = client.post(url, data, HTTP_X_FORWARDED_FOR=f"10.9.8.{i}, 203.0.113.7")
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 200, 200]
    assert Comment.objects.count() == 3
    assert _codes(response) == {"rate_ip"}, "the visitor is told why"


def test_rate_limit_per_email_across_addresses(client, open_draft, settings):
    settings.PORTAL_RATE_LIMIT_PER_EMAIL = 2
    settings.PORTAL_TRUSTED_PROXIES = 1  # one proxy appends the real address
    url = open_draft.get_absolute_url()
    statuses = []
    for i in range(4):
        data = _comment(_started(client, url), email="Cung.Mot.Nguoi@Mail.Example")
        response = client.post(url, data, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}")
        statuses.append(response.status_code)
    assert statuses == [302, 302, 200, 200]
    assert _codes(response) == {"rate_email"}, "the visitor is told why"


def _codes(response) -> set[str]:
    return {e.code for e in response.context["form"].non_field_errors().as_data()}


# --- path parameters and encodings --------------------------------------------------------------------
# Every URL pattern with a converter, each parameter in turn replaced by a hostile value: numbers past
# what a database column or a date holds, NUL, names longer than a file system allows, invalid UTF-8,
# leading zeros. Errors answer 500 as in production (no exception raised into the test).

HOSTILE_INTS = ["2147483648", "9223372036854775808", "9" * 40, "00001", "0"]
HOSTILE_TEXTS = [
    "%00", "a%00b", "x" * 300, "%E1%BA%A3" * 100, "%E0%A4", "%FF%FE", "..", "%2e%2e%2f%2e%2e", "%0A", "a%20b",
]  # fmt: skip
# The admin's many routes share Django's object look-up: fewer values each keep the test short.
ADMIN_INTS, ADMIN_TEXTS = ["2147483648", "9" * 40, "0"], ["%00", "x" * 300, "%E0%A4", "..", "a%20b"]
# What the other parameters of a route hold while one is hostile: a value each view accepts.
PLAUSIBLE = {"language": "km", "fmt": "xlsx", "file_format": "docx", "action": "publish", "section": "news"}
_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _routes(resolver=None, prefix: str = "") -> list[str]:
    """Every route of the URL configuration made of `path()` patterns, with its `<converter:name>`s."""
    found = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry.pattern, RegexPattern):
            continue  # the admin's catch-all and the captcha: tried as raw paths below
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _routes(entry, route)
        elif _PARAMETER.search(route):
            found.append(route)
    return found


def _hostile_urls(route: str) -> list[str]:
    parameters = list(_PARAMETER.finditer(route))
    ints, texts = (ADMIN_INTS, ADMIN_TEXTS) if route.startswith("admin/") else (HOSTILE_INTS, HOSTILE_TEXTS)
    urls = []
    for target in parameters:
        for value in ints if target["converter"] == "int" else ints + texts:

            def fill(match, target=target, value=value):
                return value if match.start() == target.start() else PLAUSIBLE.get(match["name"], "1")

            urls.append("/" + _PARAMETER.sub(fill, route))
    return urls


RAW_PATHS = [
    "/admin/%00/", "/admin/" + "a" * 300 + "/", "/don-vi/%00/vi/", "/don-vi/" + "a" * 300 + "/vi/",
    "/don-vi/sotp/vi/van-ban/lich-lam-viec/2147483648/1/1/", "/captcha/image/" + "a" * 300 + "/",
    "/sitemap-%00.xml", "/%FF%FE/", "/vi/%E0%A4/", "/vi/tin-tuc/?page=9999999999999999999999",
    "/vi/tim-kiem/?q=%00&page=-1", "/vi/van-ban/?year=00001&page=2147483648",
]  # fmt: skip


@pytest.fixture
def content(unit_a, superuser, settings):
    """One published item of each kind, so that a plausible parameter reaches the view's own code."""
    from ..factories.citizen_qa import QuestionFactory
    from ..factories.documents import DocumentFactory
    from ..factories.news import ArticleFactory

    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    ArticleFactory(unit=unit_a, published=True)
    DocumentFactory(unit=unit_a, published=True)
    draft = DraftFactory(unit=unit_a, scheduled=True)
    add_text(draft)
    QuestionFactory(published=True, unit=unit_a, forwarded_to=unit_a)
    staff = Client(raise_request_exception=False)
    staff.force_login(superuser)
    return Client(raise_request_exception=False), staff


def test_every_route_refuses_hostile_path_parameters(content):
    anonymous, staff = content
    with translation.override("vi"):
        routes = _routes()
    assert len(routes) > 100, "the URL configuration was not walked"
    failed = []
    for route in routes:
        client = staff if route.startswith("admin/") else anonymous
        for url in _hostile_urls(route):
            status = client.get(url).status_code
            if status >= 500:
                failed.append((url[:120], status))
    for url in RAW_PATHS:
        for client in (anonymous, staff):
            if client.get(url).status_code >= 500:
                failed.append((url[:120], 500))
    assert not failed, "\n".join(f"{status} {url}" for url, status in failed)


@FUZZ
@given(
    route=st.sampled_from(["vi/trang/{}/", "vi/tin-tuc/{}/", "vi/lay-y-kien/xac-nhan/{}/", "media/news/{}"]),
    value=st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=300),
)
def test_any_text_in_a_path_parameter_never_fails(content, route, value):
    from urllib.parse import quote

    anonymous, _staff = content
    response = anonymous.get("/" + route.format(quote(value, safe="")))
    assert response.status_code < 500, response.status_code


@FUZZ
@given(
    charset=st.sampled_from(["koi8-r", "utf-16", "utf-32-be", "cp1258", "latin-1", "shift_jis", "x-unknown"]),
    text=ANY_TEXT,
)
def test_comment_bodies_in_any_charset_never_fail(client, open_draft, settings, charset, text):
    from urllib.parse import urlencode

    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    url = open_draft.get_absolute_url()
    data = _comment(_started(client, url), text=text or "x", name=text[:50] or "x")
    try:
        body = urlencode(data, encoding=charset, errors="replace")
    except LookupError:
        body = urlencode(data)
    client.raise_request_exception = False
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    response = client.generic("POST", url, body.encode("ascii"), content_type=content_type)
    assert response.status_code in (200, 302, 400), response.status_code
