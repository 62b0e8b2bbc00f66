"""Sections and pages have an address (slug) per language; the Vietnamese one keeps working everywhere.

English addresses are ASCII (made from the English title when left empty), Khmer ones may be Khmer
script; an empty one means the Vietnamese address, which in another language redirects (301) to the
language's own. The switcher, hreflang alternates, menus and sitemaps give each language's address.
"""

from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import override

from portal.services import SYSTEM
from portal.text import is_unicode_slug
from subsites import services
from subsites.enums import SectionKind
from subsites.models import Page, Section

from ..factories.subsites import PageFactory, SectionFactory

pytestmark = pytest.mark.django_db

NEWS_KM = "ព័ត៌មាន"  # "news": three combining marks (U+17D0, U+17CC, U+17B6)
NEWS_KM_URL = quote(NEWS_KM)
USED = "Another section of this unit already has this address."


@pytest.fixture
def news(unit_a):
    return SectionFactory(
        unit=unit_a,
        slug="tin-tuc",
        slug_en="news",
        slug_km=NEWS_KM,
        title_vi="Tin tức",
        title_en="News",
        title_km="ព័ត៌មានថ្មីៗ",
    )


@pytest.fixture
def about(unit_a):
    return PageFactory(
        unit=unit_a, slug="gioi-thieu", slug_en="about", title_vi="Giới thiệu", title_en="About"
    )


# --- the model: addresses per language, unique per unit ---


def test_khmer_word_is_a_unicode_slug_that_djangos_own_refuses():
    from django.core.validators import validate_unicode_slug

    assert is_unicode_slug(NEWS_KM) and is_unicode_slug("tin-tuc")
    assert not is_unicode_slug(f"{NEWS_KM}។") and not is_unicode_slug("tin tuc") and not is_unicode_slug("")
    with pytest.raises(ValidationError):
        validate_unicode_slug(NEWS_KM)


def test_khmer_address_is_accepted(unit_a):
    section = Section(unit=unit_a, slug_vi="tin-tuc", slug_km=NEWS_KM, title_vi="Tin tức", kind="group")
    services.section_save(section=section, acting_user=SYSTEM)
    assert Section.objects.get(slug_km=NEWS_KM) == section


@pytest.mark.parametrize(
    ("field", "value"),
    [("slug_vi", "tin-tức"), ("slug_en", "tin-tức"), ("slug_en", NEWS_KM), ("slug_km", "a b")],
)
def test_malformed_address_is_refused(unit_a, field, value):
    section = Section(unit=unit_a, title_vi="Tin tức", kind="group", **{"slug_vi": "tin-tuc", field: value})
    with pytest.raises(ValidationError) as error:
        services.section_save(section=section, acting_user=SYSTEM)
    assert field in error.value.message_dict


@pytest.mark.parametrize(
    ("taken", "field", "value"),
    [
        ({"slug_en": "news"}, "slug_en", "news"),  # same language
        ({"slug_km": NEWS_KM}, "slug_km", NEWS_KM),
        ({}, "slug_en", "tin-tuc"),  # the other's Vietnamese address answers in English too
        ({"slug_en": "news"}, "slug_vi", "news"),  # and so a Vietnamese address may not be its English one
    ],
)
def test_address_used_in_the_unit_is_refused_with_a_clear_message(unit_a, taken, field, value):
    SectionFactory(unit=unit_a, slug="tin-tuc", **taken)
    section = Section(unit=unit_a, title_vi="Mới", kind="group", **{"slug_vi": "moi", field: value})
    with pytest.raises(ValidationError) as error, override("en"):
        services.section_save(section=section, acting_user=SYSTEM)
    assert error.value.message_dict[field] == [USED]


def test_same_addresses_in_another_unit_and_empty_ones_are_fine(unit_a, unit_b, news):
    for unit, slug in ((unit_b, "tin-tuc"), (unit_a, "khac"), (unit_a, "nua")):
        section = Section(
            unit=unit, slug_vi=slug, slug_en="" if unit == unit_a else "news", title_vi="Mục", kind="group"
        )
        services.section_save(section=section, acting_user=SYSTEM)
    assert Section.objects.filter(unit=unit_a, slug_en="").count() == 2


def test_database_refuses_a_duplicate_address_in_a_language(unit_a, news):
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(unit=unit_a, slug="khac", slug_en="news")
    with pytest.raises(IntegrityError), transaction.atomic():
        PageFactory(unit=unit_a, slug="trang", slug_km=NEWS_KM, title_en="")
        PageFactory(unit=unit_a, slug="trang-khac", slug_km=NEWS_KM, title_en="")


def test_english_address_made_from_the_english_title_when_left_empty(unit_a):
    SectionFactory(unit=unit_a, slug="thong-bao", slug_en="news-and-events")
    section = Section(
        unit=unit_a, slug_vi="tin-tuc", title_vi="Tin tức", title_en="News and events!", kind="group"
    )
    services.section_save(section=section, acting_user=SYSTEM)
    assert section.slug_en == "news-and-events-2"
    page = Page(unit=unit_a, slug_vi="gioi-thieu", title_vi="Giới thiệu", title_en="About the Department")
    services.page_save(page=page, acting_user=SYSTEM)
    assert page.slug_en == "about-the-department"
    untitled = services.page_save(
        page=Page(unit=unit_a, slug_vi="lien-he", title_vi="Liên hệ", title_en=""), acting_user=SYSTEM
    )
    assert not untitled.slug_en
    section.title_en = "Latest news"
    services.section_save(section=section, acting_user=SYSTEM)
    assert section.slug_en == "news-and-events-2"  # a published address does not follow the title


# --- pages answer to their address in each language ---


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/don-vi/sotp/vi/muc/tin-tuc/", "Tin tức"),
        ("/don-vi/sotp/en/muc/news/", "News"),
        (f"/don-vi/sotp/km/muc/{NEWS_KM_URL}/", "ព័ត៌មានថ្មីៗ"),
        (f"/don-vi/sotp/km/muc/{NEWS_KM}/", "ព័ត៌មានថ្មីៗ"),
    ],
)
def test_section_in_each_language_at_its_own_address(client, news, path, title):
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.text


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/don-vi/sotp/en/muc/tin-tuc/?page=2", "/don-vi/sotp/en/muc/news/?page=2"),
        ("/don-vi/sotp/km/muc/tin-tuc/", f"/don-vi/sotp/km/muc/{NEWS_KM_URL}/"),
        ("/don-vi/sotp/en/trang/gioi-thieu/", "/don-vi/sotp/en/trang/about/"),
    ],
)
def test_vietnamese_address_redirects_permanently_to_the_languages_own(client, news, about, path, target):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == target


def test_without_an_address_of_its_own_the_vietnamese_one_serves(client, unit_a, about):
    SectionFactory(unit=unit_a, slug="lien-he", title_vi="Liên hệ", title_km="ទំនាក់ទំនង")
    assert client.get("/don-vi/sotp/km/muc/lien-he/").status_code == 200
    assert client.get("/don-vi/sotp/km/trang/gioi-thieu/").status_code == 200
    assert client.get("/don-vi/sotp/en/trang/about/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/don-vi/sotp/vi/muc/news/",  # an English address is not Vietnamese
        f"/don-vi/sotp/en/muc/{NEWS_KM_URL}/",
        "/don-vi/sotp/en/muc/khong-co/",
        "/don-vi/sotp/vi/trang/about/",
        "/don-vi/sotp/km/muc/tin%20tuc/",
        "/don-vi/soyt/en/muc/news/",  # another unit's
    ],
)
def test_unknown_address_is_404(client, news, about, unit_b, path):
    assert client.get(path).status_code == 404


# --- the switcher, hreflang, menus and sitemaps name each language's address ---


def test_switcher_and_hreflang_on_a_section_go_to_each_languages_address(client, news):
    html = client.get("/don-vi/sotp/vi/muc/tin-tuc/").text
    for code, slug in (("en", "news"), ("km", NEWS_KM_URL)):
        assert f'<a href="/don-vi/sotp/{code}/muc/{slug}/" lang="{code}" hreflang="{code}"' in html
        assert (
            f'rel="alternate" hreflang="{code}" href="http://testserver/don-vi/sotp/{code}/muc/{slug}/"'
            in html
        )
    english = client.get("/don-vi/sotp/en/muc/news/").text
    assert '<a href="/don-vi/sotp/vi/muc/tin-tuc/" lang="vi" hreflang="vi"' in english


def test_switcher_on_a_page_and_on_other_pages(client, about):
    html = client.get("/don-vi/sotp/vi/trang/gioi-thieu/").text
    assert 'hreflang="en" href="http://testserver/don-vi/sotp/en/trang/about/"' in html
    assert 'hreflang="km" href="http://testserver/don-vi/sotp/km/trang/gioi-thieu/"' in html
    other = client.get("/don-vi/sotp/vi/tin-tuc/?q=1").text  # not one object's page: as before
    assert '<a href="/don-vi/sotp/en/tin-tuc/?q=1"' in other


@pytest.mark.parametrize(("lang", "slug"), [("vi", "tin-tuc"), ("en", "news"), ("km", NEWS_KM_URL)])
def test_menu_links_each_languages_address(client, news, lang, slug):
    client.get("/don-vi/sotp/vi/")  # the Vietnamese menu cached first: each language has its own
    assert f'href="/don-vi/sotp/{lang}/muc/{slug}/"' in client.get(f"/don-vi/sotp/{lang}/").text


def test_sitemaps_give_each_languages_address(client, news, about):
    sections = client.get("/sitemap-sections.xml").text
    base = "http://testserver/don-vi/sotp"
    for code, slug in (("vi", "tin-tuc"), ("en", "news"), ("km", NEWS_KM_URL)):
        assert f"<loc>{base}/{code}/muc/{slug}/</loc>" in sections
    pages = client.get("/sitemap-pages.xml").text
    assert f"<loc>{base}/en/trang/about/</loc>" in pages
    assert f'hreflang="vi" href="{base}/vi/trang/gioi-thieu/"' in pages


def test_sitemap_leaves_out_links_elsewhere(client, unit_a):
    SectionFactory(unit=unit_a, slug="ngoai", kind=SectionKind.LINK, url="https://example.gov.vn/")
    assert "ngoai" not in client.get("/sitemap-sections.xml").text


# --- the admin ---


def test_admin_shows_an_address_per_language_and_refuses_a_used_one(client, unit_admin_a, unit_a, news):
    client.force_login(unit_admin_a)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get(reverse("admin:subsites_section_add")).text
    for code in ("vi", "en", "km"):
        assert f'name="slug_{code}"' in form
    data = {
        "unit": unit_a.pk,
        "title_vi": "Tin mới",
        "title_en": "News",
        "title_km": "",
        "slug_vi": "tin-moi",
        "slug_en": "news",
        "slug_km": "",
        "kind": "group",
        "order": 0,
        "in_menu": "on",
        "active": "on",
    }
    response = client.post(reverse("admin:subsites_section_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug_en"] == [USED]
    data["slug_en"] = ""
    assert client.post(reverse("admin:subsites_section_add"), data).status_code == 302
    assert Section.objects.get(unit=unit_a, slug_vi="tin-moi").slug_en == "news-2"  # made from the title


# --- data: the existing slug becomes the Vietnamese one; the demo has English and Khmer ones ---


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_slug_as_the_vietnamese_one():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("subsites", "0002_banners")], [("subsites", "0004_slug_per_language_constraints")]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(before)
        old = executor.loader.project_state(before).apps
        unit = old.get_model("subsites", "Unit").objects.create(
            key="tinh", name="Cổng", type="portal", lft=1, rght=2, tree_id=1, level=0
        )
        old.get_model("subsites", "Section").objects.create(
            unit=unit, slug="tin-tuc", title="Tin tức", kind="group", lft=1, rght=2, tree_id=1, level=0
        )
        old.get_model("subsites", "Page").objects.create(unit=unit, slug="gioi-thieu", title="Giới thiệu")
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        section = new.get_model("subsites", "Section").objects.get()
        page = new.get_model("subsites", "Page").objects.get()
        assert (section.slug_vi, section.slug_en, section.slug_km) == ("tin-tuc", None, None)
        assert page.slug_vi == "gioi-thieu"
    finally:
        # Every later test of this process needs the schema of today's models, whatever ran here.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_demo_gives_english_and_khmer_addresses_and_stays_idempotent(client):
    from subsites import demo

    main = demo.seed()["main"]
    counts = (Section.objects.count(), Page.objects.count())
    demo.seed()
    assert (Section.objects.count(), Page.objects.count()) == counts
    news = Section.objects.get(unit=main, slug_vi="tin-tuc")
    assert (news.slug_en, news.slug_km) == ("news", NEWS_KM)
    assert Page.objects.get(unit=main, slug_vi="gioi-thieu").slug_en == "about"
    assert client.get("/en/muc/news/").status_code == 200
    assert client.get(f"/km/muc/{NEWS_KM_URL}/").status_code == 200
