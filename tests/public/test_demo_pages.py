"""The demo portal as citizens see it: every public page type answers in every language."""

import pytest

pytestmark = pytest.mark.django_db


def region(body: str, marker: str) -> str:
    return body.split(marker, 1)[1]


def test_demo_main_home_has_every_region(client, demo_portal):
    body = client.get("/vi/").content.decode()
    assert "Chào mừng 30 năm tái lập tỉnh Trà Vinh" in body  # campaign banner
    assert 'id="news-block-heading"' in body  # featured and latest news
    assert 'id="channels-heading"' in body  # latest per channel
    tabs = region(body, "data-tabs")
    for heading in (
        'id="new-documents-heading"',
        'id="direction-documents-heading"',
        'id="consultations-heading"',
    ):
        assert heading in tabs
    assert (
        tabs.index("new-documents") < tabs.index("direction-documents") < tabs.index("consultations-heading")
    )
    side = region(body, 'class="home-side"')
    assert 'id="week-schedule-heading"' in side and 'id="qa-home-heading"' in side
    assert body.count('class="site-directory"') == 1
    assert "/don-vi/stp/vi/" in region(body, 'id="sites-heading"')
    assert "js/tabs.js" in body


@pytest.mark.parametrize("lang", ["en", "km"])
def test_demo_main_home_in_other_languages(client, demo_portal, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()


def test_demo_unit_home_shows_its_own_content(client, demo_portal):
    body = client.get("/don-vi/stp/vi/").content.decode()
    assert 'id="sites-heading"' not in body
    assert "/don-vi/stp/vi/tin-tuc/" in body
    assert "/vi/tin-tuc/" not in body.replace("/don-vi/stp/vi/tin-tuc/", "")
