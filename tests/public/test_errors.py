"""Error pages (404, 403, 500, CSRF failure) in the visitor's language, each with a search box."""

import pytest
from django.test import Client
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.public.urls_errors")]

HEADINGS = {
    404: "Page not found",
    403: "Access denied",
    500: "Server error",
    "csrf": "The form has expired",
}


def in_language(text: str, lang: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def assert_error_page(response, status: int, heading: str, lang: str) -> None:
    body = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{lang}">' in body
    assert in_language(heading, lang) in body
    assert f'action="/{lang}/tim-kiem/"' in body and 'name="q"' in body


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_404(client, main_portal, lang):
    assert_error_page(client.get(f"/{lang}/khong-co/"), 404, HEADINGS[404], lang)


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_403(client, main_portal, lang):
    assert_error_page(client.get(f"/{lang}/thu-loi/403/"), 403, HEADINGS[403], lang)


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_500(main_portal, lang):
    client = Client(raise_request_exception=False)
    assert_error_page(client.get(f"/{lang}/thu-loi/500/"), 500, HEADINGS[500], lang)


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_csrf_failure(main_portal, lang):
    client = Client(enforce_csrf_checks=True)
    assert_error_page(client.post(f"/{lang}/thu-loi/csrf/", {"x": "1"}), 403, HEADINGS["csrf"], lang)


def test_translations_differ_so_the_language_is_really_tested():
    for heading in HEADINGS.values():
        assert len({in_language(heading, lang) for lang in ("vi", "en", "km")}) == 3, heading


def test_404_on_a_unit_site_searches_that_site(client, unit_a):
    body = client.get(f"/don-vi/{unit_a.key}/km/khong-co/").content.decode()
    assert f'action="/don-vi/{unit_a.key}/km/tim-kiem/"' in body
