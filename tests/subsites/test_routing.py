"""The current unit comes from the path prefix, else the host, else the main portal; unknown → 404."""

import pytest

from portal.services import SYSTEM
from subsites import services

from ..factories.subsites import SectionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_root_redirects_to_preferred_language(client, main_portal):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="km")
    assert response.status_code == 302
    assert response["Location"] == "/km/"


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_main_home_in_each_language(client, main_portal, unit_a, lang):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert response.wsgi_request.unit == main_portal
    for other in {"vi", "en", "km"} - {lang}:
        assert f'hreflang="{other}" href="http://testserver/{other}/"' in response.text


def test_khmer_home_shows_khmer(client, main_portal):
    assert "ខេត្តត្រាវិញ" in client.get("/km/").text


def test_unit_site_under_path_prefix(client, unit_a):
    response = client.get("/don-vi/sotp/vi/")
    assert response.status_code == 200
    assert response.wsgi_request.unit == unit_a
    assert 'href="/don-vi/sotp/vi/"' in response.text  # links stay inside the unit's site
    assert "Sở Tư pháp" in response.text


def test_unit_site_links_keep_the_prefix(client, unit_a):
    SectionFactory(unit=unit_a, slug="gioi-thieu", title_vi="Giới thiệu")
    response = client.get("/don-vi/sotp/vi/")
    assert 'href="/don-vi/sotp/vi/muc/gioi-thieu/"' in response.text
    assert client.get("/don-vi/sotp/vi/muc/gioi-thieu/").status_code == 200


def test_unit_site_on_its_own_host(client, main_portal, settings):
    settings.ALLOWED_HOSTS = ["*"]
    unit = UnitFactory(key="sotc", name_vi="Sở Tài chính", host="stc.example.gov.vn")
    response = client.get("/vi/", HTTP_HOST="stc.example.gov.vn")
    assert response.status_code == 200
    assert response.wsgi_request.unit == unit


@pytest.mark.parametrize("path", ["/don-vi/khong-co/vi/", "/don-vi/tinh/vi/"])
def test_unknown_unit_is_404(client, main_portal, path):
    assert client.get(path).status_code == 404


def test_inactive_unit_is_404(client, main_portal):
    UnitFactory(key="dong", inactive=True)
    assert client.get("/don-vi/dong/vi/").status_code == 404


def test_language_switch_keeps_the_page(client, unit_a):
    SectionFactory(unit=unit_a, slug="tin", title_vi="Tin")
    response = client.get("/don-vi/sotp/vi/muc/tin/")
    assert 'href="/don-vi/sotp/km/muc/tin/"' in response.text
    assert 'href="/don-vi/sotp/en/muc/tin/"' in response.text


def test_404_page_in_current_language_with_search(client, main_portal):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert 'lang="en"' in response.text
    assert 'name="q"' in response.text


def test_sitemap_lists_units_in_every_language(client, unit_a):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    section = client.get("/sitemap-units.xml")
    assert "/don-vi/sotp/km/" in section.text
    assert 'hreflang="en"' in section.text


def test_html_sitemap_and_directory(client, unit_a, unit_b):
    assert "Sở Y tế" in client.get("/vi/cac-trang-thanh-phan/").text
    assert client.get("/vi/so-do-trang/").status_code == 200


def test_names_shown_in_vietnamese_for_lack_of_a_translation_are_marked_so(client, main_portal):
    from ..factories.subsites import UnitFactory

    UnitFactory(key="sokhac", name_vi="Sở Khác", name_en="", name_km="")
    html = client.get("/en/cac-trang-thanh-phan/").text
    assert 'lang="vi">Sở Khác</a>' in html
    khmer = client.get("/don-vi/sokhac/km/").text
    assert '<span class="brand-name" lang="vi">Sở Khác</span>' in khmer
    assert 'class="brand-name" lang="vi"' not in client.get("/don-vi/sokhac/vi/").text


def test_the_unit_index_is_checked_once_per_request_and_at_every_look_up_outside_one(unit_a, cache_calls):
    from subsites import selectors

    selectors.main_portal()  # warm: the shared cache and this process hold the index
    reads = cache_calls
    reads.clear()
    with selectors.one_check_per_request():
        assert selectors.unit_by_key("sotp") == unit_a
        assert selectors.main_portal() == unit_a.parent
        assert len(reads) == 1
        unit_a.name_vi = "Sở Tư pháp tỉnh"
        services.unit_save(unit=unit_a, acting_user=SYSTEM)  # a change within the request is seen at once
        assert selectors.unit_by_key("sotp").name_vi == "Sở Tư pháp tỉnh"
    reads.clear()
    selectors.main_portal()
    selectors.main_portal()
    assert len(reads) == 2  # a task or a command checks at every look-up
