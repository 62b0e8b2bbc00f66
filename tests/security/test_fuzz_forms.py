"""Public forms (comment, search, and the question form once citizen_qa lands) under hostile input.

Arbitrary Unicode, control characters, huge values and malformed multipart bodies never give a 500;
CSRF is enforced on every POST; rate limits hold per address (which a visitor cannot forge) and
per e-mail.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from consultations.models import Comment

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
        assert comment.text.strip() == text[:10000].strip()


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(["q", "type", "page", "year", "category", "field", "sort"]), VALUES, max_size=4
    )
)
def test_search_and_lists_never_fail(client, main_portal, params):
    for name in ("portal:search", "news:list", "documents:finder", "consultations:list"):
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


def test_no_view_is_exempt_from_csrf():
    exempt = sorted(name for name, view in _all_views() if getattr(view, "csrf_exempt", False))
    assert not exempt, f"csrf_exempt views: {exempt}"


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
