import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.services import SYSTEM
from subsites import services
from subsites.enums import Role
from subsites.models import Banner

from ..factories.subsites import SectionFactory, member

pytestmark = pytest.mark.django_db


def _banner(unit, **kwargs):
    fields = {
        "unit": unit,
        "title_vi": "Kỷ niệm 30 năm tái lập tỉnh",
        "link_vi": "/vi/muc/30-nam/",
        "starts_on": timezone.localdate() - timedelta(days=1),
    }
    return services.banner_save(banner=Banner(**{**fields, **kwargs}), acting_user=SYSTEM)


def test_running_banner_on_the_units_home(client, unit_a, unit_b):
    _banner(unit_a)
    assert "Kỷ niệm 30 năm tái lập tỉnh" in client.get("/don-vi/sotp/vi/").text
    assert "Kỷ niệm 30 năm tái lập tỉnh" not in client.get("/don-vi/soyt/vi/").text


def test_campaign_dates_are_inclusive_local_dates(unit_a):
    banner = _banner(unit_a, starts_on=date(2022, 5, 1), ends_on=date(2022, 5, 31))
    assert list(Banner.objects.running(on=date(2022, 5, 31))) == [banner]
    assert not Banner.objects.running(on=date(2022, 6, 1)).exists()
    assert not Banner.objects.running(on=date(2022, 4, 30)).exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ends_on": date(2020, 1, 1), "starts_on": date(2020, 2, 1)}, "ends_on"),
        ({"link_vi": "javascript:alert(1)"}, "link_vi"),
        ({"link_vi": ""}, "link_vi"),
    ],
)
def test_bad_banners_are_refused_with_a_field_error(unit_a, fields, field):
    with pytest.raises(ValidationError) as error:
        _banner(unit_a, **fields)
    assert field in error.value.message_dict
    assert not Banner.objects.exists()


def _banner_href(client, path: str) -> str:
    """The address the home's campaign banner leads to, as the visitor's browser reads it."""
    html = client.get(path).content.decode()
    banners = html.split('class="banner-list"', 1)[1].split("</ul>", 1)[0]
    return re.search(r'<a href="([^"]+)"', banners).group(1)


@pytest.mark.parametrize(
    ("lang", "link"),
    [("vi", "/vi/muc/30-nam/"), ("en", "/en/muc/30-years/"), ("km", "https://travinh.gov.vn/km/")],
)
def test_each_language_follows_its_own_link(client, unit_a, lang, link):
    _banner(unit_a, link_en="/en/muc/30-years/", link_km="https://travinh.gov.vn/km/")
    assert _banner_href(client, f"/don-vi/sotp/{lang}/") == link


@pytest.mark.parametrize("lang", ["en", "km"])
def test_a_vietnamese_section_address_leads_to_the_section_in_the_visitors_language(client, unit_a, lang):
    SectionFactory(unit=unit_a, slug="30-nam", slug_en="30-years")
    _banner(unit_a, link_vi="/don-vi/sotp/vi/muc/30-nam/?nam=2022#anh")
    href = _banner_href(client, f"/don-vi/sotp/{lang}/")
    assert href == f"/don-vi/sotp/{lang}/muc/30-nam/?nam=2022#anh"
    assert client.get(href, follow=True).status_code == 200


@pytest.mark.parametrize(
    "link",
    [
        "/vi/tin-tuc/le-ky-niem-30-nam/",  # an article may not exist in English: its Vietnamese page
        "/vi/khong-co-trang-nay/",
        "https://travinh.gov.vn/vi/muc/30-nam/",
    ],
)
def test_other_addresses_stay_vietnamese_without_their_own(client, unit_a, link):
    _banner(unit_a, link_vi=link)
    assert _banner_href(client, "/don-vi/sotp/en/") == link


HOSTILE_LINKS = {
    "javascript": "javascript:alert(1)",
    "javascript-upper": "JaVaScRiPt:alert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "nul": "/vi/\x00muc/",
    "newline": "/vi/\njavascript:alert(1)",
    "tab": "\t/vi/",
    "bidi-override": "/vi/\u202emuc/",
    "space": "/vi/muc/30 nam/",
    "backslash": "/\\evil.example/",
    "protocol-relative": "//evil.example/",
    "no-host": "https://",
    "html": '"><script>alert(1)</script>',
    "formula": '=HYPERLINK("https://evil.example")',
}


@pytest.mark.parametrize("field", ["link_vi", "link_en", "link_km"])
@pytest.mark.parametrize("value", HOSTILE_LINKS.values(), ids=HOSTILE_LINKS.keys())
def test_a_hostile_link_is_refused_naming_its_language(unit_a, field, value):
    language = {"link_vi": "Tiếng Việt", "link_en": "English", "link_km": "ខ្មែរ"}[field]
    with pytest.raises(ValidationError) as error:
        _banner(unit_a, **{field: value})
    assert language in " ".join(error.value.message_dict[field])
    assert not Banner.objects.exists()


@pytest.mark.parametrize("field", ["link_vi", "link_en", "link_km"])
def test_a_very_long_link_is_refused_on_its_language(unit_a, field):
    with pytest.raises(ValidationError) as error:
        _banner(unit_a, **{field: "/vi/" + "a" * 5000})
    assert field in error.value.message_dict
    assert not Banner.objects.exists()


def test_a_change_that_breaks_one_language_leaves_the_banner_as_it_was(unit_a):
    banner = _banner(unit_a, link_en="/en/")
    banner.link_km = "javascript:alert(1)"
    with pytest.raises(ValidationError):
        services.banner_save(banner=banner, acting_user=SYSTEM)
    assert Banner.objects.get(pk=banner.pk).link_km is None


@pytest.mark.parametrize("role", [Role.EDITOR, Role.UNIT_ADMIN])
def test_people_of_another_unit_cannot_edit_the_banner(client, unit_a, unit_b, role):
    banner = _banner(unit_a)
    other = member(unit_b, role)
    banner.link_en = "https://evil.example/"
    with pytest.raises(PermissionDenied):
        services.banner_save(banner=banner, acting_user=other)
    client.force_login(other)
    page = client.get(f"/admin/subsites/banner/{banner.pk}/change/")
    posted = client.post(
        f"/admin/subsites/banner/{banner.pk}/change/",
        {"unit": unit_a.pk, "title_vi": "Đã sửa", "link_vi": "/vi/", "starts_on": "2020-01-01", "order": 0},
    )
    assert page.status_code in (302, 403, 404) and posted.status_code in (302, 403, 404)
    stored = Banner.objects.get(pk=banner.pk)
    assert (stored.title_vi, stored.link_vi, stored.link_en) == (
        "Kỷ niệm 30 năm tái lập tỉnh",
        "/vi/muc/30-nam/",
        None,
    )


def test_the_admin_shows_a_link_per_language_and_saves_them(client, unit_a):
    admin = member(unit_a, Role.UNIT_ADMIN)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    form = client.get("/admin/subsites/banner/add/").content.decode()
    assert all(f'name="link_{code}"' in form for code in ("vi", "en", "km"))
    response = client.post(
        "/admin/subsites/banner/add/",
        {
            "unit": unit_a.pk,
            "title_vi": "Kỷ niệm",
            "link_vi": "/vi/",
            "link_en": "javascript:alert(1)",
            "starts_on": "2020-01-01",
            "order": 0,
        },
    )
    assert "(English): " in response.content.decode()  # the message names the language
    assert not Banner.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_link_as_the_vietnamese_one():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = (
        [("subsites", "0007_section_kind_procedures")],
        [("subsites", "0008_banner_link_per_language")],
    )
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        unit = old.get_model("subsites", "Unit").objects.create(
            key="tinh", name="Cổng", type="portal", lft=1, rght=2, tree_id=1, level=0
        )
        old.get_model("subsites", "Banner").objects.create(
            unit=unit, title="Kỷ niệm", link="/vi/muc/30-nam/", starts_on=date(2022, 5, 1)
        )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        banner = executor.loader.project_state(after).apps.get_model("subsites", "Banner").objects.get()
        assert (banner.link_vi, banner.link_en, banner.link_km) == ("/vi/muc/30-nam/", None, None)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
