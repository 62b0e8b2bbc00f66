"""Hostile addresses and bodies answer 400 or 404, never 500: NUL bytes, names longer than a file system
allows, numbers that overflow a date, a revision that is not a number, a body in another charset."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from ..factories.consultations import CommentFactory, DraftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _errors_answer_500(settings):
    settings.DEBUG = False
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "path",
    [
        "/vi/lay-y-kien/xac-nhan/ab%00cd/",
        "/vi/lay-y-kien/rut-y-kien/ab%00cd/",
        "/vi/hoi-dap/xac-nhan/ab%00cd/",
        "/media/news/%00",
        "/media/news/a%00b.jpg",
    ],
)
def test_nul_in_an_address_is_not_found(anonymous, main_portal, path):
    assert anonymous.get(path).status_code == 404


def test_nul_in_a_real_token_is_not_found(anonymous, unit_a):
    comment = CommentFactory(draft=DraftFactory(unit=unit_a, scheduled=True, text=True))
    for name in ("consultations:confirm", "consultations:withdraw"):
        url = reverse(name, args=[comment.token])
        assert anonymous.get(url.replace(comment.token, comment.token + "%00")).status_code == 404
        assert anonymous.post(url.replace(comment.token, "%00" + comment.token)).status_code == 404


@pytest.mark.parametrize(
    "name",
    ["a" * 300 + ".jpg", "ả" * 130 + ".jpg", "a" * 200 + "/" + "b" * 256],
    ids=["ascii", "utf8", "dirs"],
)
def test_media_names_longer_than_the_file_system_allows_are_not_found(
    anonymous, main_portal, settings, tmp_path, name
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "news").mkdir()
    assert anonymous.get(f"/media/news/{name}").status_code == 404


@pytest.mark.parametrize(
    "date",
    [
        "2147483648/1/1",
        "00001/1/1",
        "1/1/1",
        "9999/12/31",
        "99999999999999999999999/1/1",
        "2026/13/1",
        "2026/2/30",
        "2026/0/0",
    ],  # fmt: skip
)
def test_schedule_weeks_outside_the_calendar_are_not_found(anonymous, main_portal, date):
    assert anonymous.get(f"/vi/van-ban/lich-lam-viec/{date}/").status_code == 404


def test_revision_that_is_not_a_number_is_refused(client, unit_a, editor_a):
    from ..news.conftest import write_article

    article = write_article(unit_a, editor_a, photos=0)
    client.force_login(editor_a)
    client.raise_request_exception = False
    url = reverse("admin:news_article_revisions", args=[article.pk])
    for value in ("abc", "", "9" * 30, "١", "1.0", "-1"):
        assert client.post(url, {"revision": value}).status_code in (400, 404), value


@pytest.mark.parametrize("charset", ["koi8-r", "utf-16", "utf-32", "cp1258", "latin-1", "no-such-charset"])
def test_public_form_in_another_charset_does_not_fail(anonymous, unit_a, settings, charset):
    from ..factories.citizen_qa import FieldFactory

    settings.PORTAL_FORM_MIN_SECONDS = 0
    url = "/vi/hoi-dap/dat-cau-hoi/"
    started = anonymous.get(url).context["form"]["started"].value()
    body = (
        f"field={FieldFactory().pk}&title=%C1%C2%D7&body=%FF%FE%00%D0%9F&name=%E0&email=a%40b.example"
        f"&display_mode=initials&consent=on&allow_publication=on&website=&started={started}"
    ).encode()
    content_type = f"application/x-www-form-urlencoded; charset={charset}"
    response = anonymous.generic("POST", url, body, content_type=content_type)
    assert response.status_code in (200, 302, 400), response.status_code
    draft_url = DraftFactory(unit=unit_a, scheduled=True, text=True).get_absolute_url()
    response = anonymous.generic("POST", draft_url, body, content_type=content_type)
    assert response.status_code in (200, 302, 400), response.status_code
