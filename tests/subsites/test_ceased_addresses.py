"""Every public address of a ceased unit keeps answering (issue 24 §3): its home and sections go to
the successor (301), its content stays where it was with a banner naming the successor, its hosts
and former hosts send each path to the same path at the current address."""

import datetime

import pytest
from django.utils import timezone, translation

from portal.services import SYSTEM
from subsites import reorganisation as ops
from subsites.models import UnitFormerHost

from ..factories.news import ArticleFactory
from ..factories.subsites import PageFactory, SectionFactory, UnitFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def merged(unit_a, unit_b, settings):
    """Sở Tư pháp (sotp, own host) merged today into Sở Y tế (soyt)."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.PORTAL_MAIN_HOSTS = ["travinh.example.gov.vn"]
    settings.PORTAL_BASE_URL = "https://travinh.example.gov.vn"
    type(unit_a).objects.filter(pk=unit_a.pk).update(host="sotp.example.gov.vn")
    SectionFactory(unit=unit_a, slug="gioi-thieu")
    article = ArticleFactory(unit=unit_a, slug="le-hoi-ok-om-bok", published=True)
    ops.unit_merge(sources=["sotp"], into="soyt", on=TODAY(), acting_user=SYSTEM)
    return article


@pytest.mark.parametrize("lang", ["vi", "en", "km"])
def test_the_home_of_a_ceased_unit_moves_to_its_successor(client, merged, lang):
    response = client.get(f"/don-vi/sotp/{lang}/")
    assert response.status_code == 301
    assert response["Location"] == f"/don-vi/soyt/{lang}/"


def test_a_section_of_a_ceased_unit_moves_to_its_successor(client, merged):
    response = client.get("/don-vi/sotp/vi/muc/gioi-thieu/")
    assert (response.status_code, response["Location"]) == (301, "/don-vi/soyt/vi/")


def test_an_article_of_a_ceased_unit_stays_at_its_address_with_the_banner(client, merged):
    response = client.get("/don-vi/sotp/vi/tin-tuc/le-hoi-ok-om-bok/")
    assert response.status_code == 200
    assert "Sở Tư pháp đã chấm dứt hoạt động từ ngày" in response.text
    assert 'href="/don-vi/soyt/vi/">Sở Y tế</a>' in response.text


@pytest.mark.parametrize(
    "lang, words",
    [
        ("vi", "Công việc của đơn vị được tiếp tục tại"),
        ("en", "Its work continues at"),
        ("km", "ការងាររបស់អង្គភាពនេះបន្តនៅ"),
    ],
)
def test_the_banner_in_each_language(client, merged, lang, words):
    page = PageFactory(unit_id=merged.unit_id, slug="lich-su", title_km="ប្រវត្តិ")
    with translation.override(lang):
        url = page.get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    assert words in response.text
    assert f'href="/don-vi/soyt/{lang}/"' in response.text


def test_an_active_unit_shows_no_banner(client, unit_b, merged):
    ArticleFactory(unit=unit_b, slug="tin-y-te", published=True)
    assert "ceased-notice" not in client.get("/don-vi/soyt/vi/tin-tuc/tin-y-te/").text


def test_the_ceased_unit_host_sends_the_home_to_the_successor(client, merged):
    response = client.get("/vi/", HTTP_HOST="sotp.example.gov.vn")
    assert (response.status_code, response["Location"]) == (
        301,
        "https://travinh.example.gov.vn/don-vi/soyt/vi/",
    )


def test_the_ceased_unit_host_keeps_the_path_and_query_of_content(client, merged):
    response = client.get("/vi/tin-tuc/le-hoi-ok-om-bok/?trang=2", HTTP_HOST="sotp.example.gov.vn")
    assert (response.status_code, response["Location"]) == (
        301,
        "https://travinh.example.gov.vn/don-vi/sotp/vi/tin-tuc/le-hoi-ok-om-bok/?trang=2",
    )
    assert client.get(response["Location"].removeprefix("https://travinh.example.gov.vn")).status_code == 200


def test_a_former_host_of_an_active_unit_keeps_the_path(client, unit_b, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.PORTAL_BASE_URL = "https://travinh.example.gov.vn"
    UnitFormerHost.objects.create(unit=unit_b, host="syt.bentre.example.gov.vn")
    response = client.get("/en/muc/lich/?a=1", HTTP_HOST="syt.bentre.example.gov.vn")
    assert (response.status_code, response["Location"]) == (
        301,
        "https://travinh.example.gov.vn/don-vi/soyt/en/muc/lich/?a=1",
    )


def test_a_former_host_goes_to_the_unit_own_host_when_it_has_one(client, unit_b, settings):
    settings.ALLOWED_HOSTS = ["*"]
    type(unit_b).objects.filter(pk=unit_b.pk).update(host="syt.example.gov.vn")
    UnitFormerHost.objects.create(unit=unit_b, host="syt.old.example.gov.vn")
    response = client.get("/vi/tin-tuc/", HTTP_HOST="syt.old.example.gov.vn")
    assert (response.status_code, response["Location"]) == (301, "http://syt.example.gov.vn/vi/tin-tuc/")


def test_a_former_host_of_a_ceased_unit_follows_it_to_the_successor(client, merged):
    UnitFormerHost.objects.create(unit_id=merged.unit_id, host="stp.old.example.gov.vn")
    response = client.get("/km/", HTTP_HOST="stp.old.example.gov.vn")
    assert (response.status_code, response["Location"]) == (
        301,
        "https://travinh.example.gov.vn/don-vi/soyt/km/",
    )


def test_a_unit_ceasing_later_is_still_at_home(client, unit_a, unit_b):
    ops.unit_merge(sources=["sotp"], into="soyt", on=TODAY() + datetime.timedelta(days=3), acting_user=SYSTEM)
    response = client.get("/don-vi/sotp/vi/")
    assert response.status_code == 200 and "ceased-notice" not in response.text


def test_a_host_redirect_costs_no_query_on_a_warm_index(client, merged, django_assert_num_queries):
    client.get("/vi/", HTTP_HOST="sotp.example.gov.vn")  # warms the unit index
    with django_assert_num_queries(0):
        assert client.get("/vi/abc/", HTTP_HOST="sotp.example.gov.vn").status_code == 301


def test_the_sitemap_lists_a_ceased_unit_article_once_at_its_address(client, merged, unit_b):
    ArticleFactory(unit=unit_b, slug="tin-y-te", published=True)
    text = client.get("/sitemap-news.xml").content.decode()
    assert text.count("/don-vi/sotp/vi/tin-tuc/le-hoi-ok-om-bok/</loc>") == 1
    assert "/don-vi/soyt/vi/tin-tuc/le-hoi-ok-om-bok/" not in text


def test_the_sitemaps_leave_out_the_redirected_home_and_sections(client, merged):
    units = client.get("/sitemap-units.xml").content.decode()
    assert "/don-vi/soyt/vi/</loc>" in units and "/don-vi/sotp/" not in units
    assert "/don-vi/sotp/" not in client.get("/sitemap-sections.xml").content.decode()


def test_the_demo_host_of_an_unknown_unit_is_not_redirected(client, main_portal, settings):
    settings.ALLOWED_HOSTS = ["*"]
    assert client.get("/vi/", HTTP_HOST="unknown.example.gov.vn").status_code == 200
    UnitFactory(key="x")  # the index changes: still no redirect for an unknown host
    assert client.get("/vi/", HTTP_HOST="unknown.example.gov.vn").status_code == 200


def test_an_open_draft_handed_over_is_followed_from_its_old_address(client, unit_a, unit_b):
    from ..factories.consultations import DraftFactory

    draft = DraftFactory(unit=unit_a, scheduled=True)
    closed = DraftFactory(unit=unit_a, closed=True)
    old, closed_address = draft.get_absolute_url(), closed.get_absolute_url()
    ops.unit_merge(sources=["sotp"], into="soyt", on=TODAY(), acting_user=SYSTEM)
    draft.refresh_from_db()
    response = client.get(old)
    assert old.startswith("/don-vi/sotp/")
    assert (response.status_code, response["Location"]) == (301, draft.get_absolute_url())
    assert response["Location"].startswith("/don-vi/soyt/")
    stays = client.get(closed_address)
    assert stays.status_code == 200 and "ceased-notice" in stays.text


def test_the_question_form_of_a_ceased_unit_sends_the_citizen_to_its_successor(client, merged):
    from subsites.routing import unit_reverse
    from subsites.selectors import unit_by_key

    response = client.get(unit_reverse(unit_by_key("sotp"), "citizen_qa:ask"))
    assert response.status_code == 301
    assert response["Location"].startswith("/don-vi/soyt/vi/") and response["Location"].endswith(
        "/dat-cau-hoi/"
    )
