"""Issue 21 item 6: each unit's administrative procedures, searchable and filterable on its site and
all together on the main portal, each linking to the public-service portal; the home pages' online
public services entry; and (item 10) the portal's Facebook and Zalo links in every page's footer."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from directory import services as directory_services
from portal.enums import Status
from portal.models import AuditEntry
from portal.services import SYSTEM
from procedures import services
from procedures.enums import Level
from procedures.models import Procedure
from subsites import services as unit_services
from subsites.enums import SectionKind
from subsites.models import Section

from ..factories.directory import FooterFactory
from ..factories.procedures import FieldFactory, ProcedureFactory

pytestmark = pytest.mark.django_db

A = "/don-vi/sotp"
LIST = "thu-tuc-hanh-chinh/"


def _cards(page) -> list[str]:
    return re.findall(r'<li class="proc-card">(.*?)</li>', page.text, flags=re.S)


@pytest.fixture
def judicial(unit_a):
    field = FieldFactory(slug="ly-lich-tu-phap", name_vi="Lý lịch tư pháp", name_en="Judicial records",
                         name_km="ប្រវត្តិតុលាការ")  # fmt: skip
    return ProcedureFactory(
        unit=unit_a,
        code="2.000488",
        name_vi="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        name_en="Issuing a judicial record certificate to a Vietnamese citizen",
        name_km="ការចេញលិខិតបញ្ជាក់ប្រវត្តិតុលាការជូនពលរដ្ឋវៀតណាម",
        fees_vi="200.000 đồng/lần",
        fees_en="VND 200,000 per request",
        processing_time_vi="10 ngày làm việc",
        processing_time_en="10 working days",
        field=field,
        url="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=2.000488",
        published=True,
    )


@pytest.fixture
def health(unit_b):
    return ProcedureFactory(
        unit=unit_b,
        code="1.004606",
        name_vi="Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        level=Level.PROVINCIAL,
        published=True,
    )


# --- what a citizen sees ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "name", "fees", "heading", "count"),
    [
        ("vi", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", None, "Thủ tục hành chính", "1 thủ tục"),
        ("en", "Issuing a judicial record certificate", None, "Administrative procedures", "1 procedure"),
        ("km", "ការចេញលិខិតបញ្ជាក់ប្រវត្តិតុលាការ", None, "នីតិវិធីរដ្ឋបាល", "នីតិវិធី 1"),
    ],
)
def test_unit_list_in_each_language_shows_only_its_own(client, judicial, health, language, name, fees,
                                                        heading, count):  # fmt: skip
    page = client.get(f"{A}/{language}/{LIST}")
    assert page.status_code == 200
    assert f"<h1>{heading}</h1>" in page.text and count in page.text
    cards = _cards(page)
    assert len(cards) == 1 and name in cards[0] and "2.000488" in cards[0]
    assert f'href="{judicial.url.replace("&", "&amp;")}"' in cards[0]
    assert "1.004606" not in page.text  # another unit's procedures are on its own site


def test_main_portal_lists_every_units_procedures_with_their_unit(client, judicial, health):
    page = client.get(f"/vi/{LIST}")
    cards = _cards(page)
    assert len(cards) == 2
    assert any("1.004606" in c and "Sở Y tế" in c for c in cards)
    assert any("2.000488" in c and "Sở Tư pháp" in c for c in cards)
    assert 'name="unit"' in page.text  # the main portal's list filters by unit; a unit's does not
    assert 'name="unit"' not in client.get(f"{A}/vi/{LIST}").text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["200.000 đồng/lần", "10 ngày làm việc", "Lý lịch tư pháp", "Cấp tỉnh",
                "Dịch vụ công trực tuyến một phần"]),
        ("en", ["VND 200,000 per request", "10 working days", "Judicial records", "Provincial level",
                "Partial online service"]),
        ("km", ["ប្រវត្តិតុលាការ", "ថ្នាក់ខេត្ត", "សេវាតាមអនឡាញមួយផ្នែក"]),
    ],
)  # fmt: skip
def test_detail_page_in_each_language(client, judicial, language, expected):
    page = client.get(f"{A}/{language}/{LIST}{judicial.pk}/")
    assert page.status_code == 200
    for text in expected:
        assert text in page.text, text
    assert "2.000488" in page.text
    assert page.text.count(f'href="{judicial.url.replace("&", "&amp;")}"') == 1


def test_detail_of_a_draft_or_another_units_procedure_is_missing(client, judicial, health, unit_a):
    draft = ProcedureFactory(unit=unit_a)
    assert client.get(f"{A}/vi/{LIST}{draft.pk}/").status_code == 404
    assert client.get(f"{A}/vi/{LIST}{health.pk}/").status_code == 404
    assert client.get(f"/vi/{LIST}{health.pk}/").status_code == 200  # the main portal shows every unit's
    assert client.get(f"/vi/{LIST}{draft.pk}/").status_code == 404


@pytest.mark.parametrize("query", ["cap phieu ly lich", "CẤP PHIẾU", "2.000488", "lý lịch tư pháp"])
def test_search_by_code_or_name_folds_accents_and_case(client, judicial, health, query):
    cards = _cards(client.get(f"/vi/{LIST}", {"q": query}))
    assert len(cards) == 1 and "2.000488" in cards[0]


def test_filters_by_field_level_and_unit(client, judicial, health, unit_a, unit_b):
    commune = ProcedureFactory(unit=unit_a, code="1.001193", name_vi="Đăng ký khai sinh", level=Level.COMMUNE,
                               field=judicial.field, published=True)  # fmt: skip
    assert len(_cards(client.get(f"/vi/{LIST}", {"field": judicial.field.pk}))) == 2
    only = _cards(client.get(f"/vi/{LIST}", {"level": Level.COMMUNE}))
    assert len(only) == 1 and commune.code in only[0]
    by_unit = _cards(client.get(f"/vi/{LIST}", {"unit": unit_b.pk}))
    assert len(by_unit) == 1 and "1.004606" in by_unit[0]
    both = _cards(client.get(f"/vi/{LIST}", {"field": judicial.field.pk, "level": Level.PROVINCIAL}))
    assert len(both) == 1 and "2.000488" in both[0]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "khai\x00sinh"},
        {"q": "\x01\x02\x1b[31m\x7f"},
        {"q": "lý lịch " * 1250},  # 10,000 characters
        {"q": "<script>alert(1)</script>"},
        {"q": "x", "field": "<b>1</b>", "level": "\x00", "unit": "99999999999999999999"},
        {"page": "-1", "level": "nowhere"},
    ],
)
def test_hostile_search_and_filters_answer_a_page_never_an_error(client, judicial, params):
    page = client.get(f"/vi/{LIST}", params)
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "<b>1</b>" not in page.text
    assert "\x00" not in page.text


def test_html_query_is_shown_escaped_in_the_search_box(client, judicial):
    page = client.get(f"/vi/{LIST}", {"q": '"><script>alert(1)</script>'})
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text


def test_a_value_that_is_not_an_option_says_so(client, judicial):
    page = client.get(f"/en/{LIST}", {"level": "nowhere"})
    assert "Select a valid choice" in page.text
    assert len(_cards(page)) == 1  # the other filters still apply; the wrong one is ignored


def test_list_costs_the_same_queries_for_3_and_30_procedures(client, unit_a):
    field = FieldFactory()
    ProcedureFactory.create_batch(3, unit=unit_a, field=field, published=True)
    client.get(f"{A}/vi/{LIST}")  # warms the unit index and the menus

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{A}/vi/{LIST}").status_code == 200
        return len(queries)

    few = count()
    ProcedureFactory.create_batch(27, unit=unit_a, field=FieldFactory(), published=True)
    assert count() == few
    assert few <= 12


def test_menu_section_of_kind_procedures_lists_them(client, judicial, unit_a):
    section = Section(unit=unit_a, title_vi="Thủ tục hành chính", slug_vi="thu-tuc")
    section.kind = SectionKind.PROCEDURES
    unit_services.section_save(section=section, acting_user=SYSTEM)
    page = client.get(section.get_absolute_url())
    assert page.status_code == 200 and "2.000488" in page.text


def test_site_search_and_sitemap_name_the_procedure(client, judicial):
    page = client.get("/vi/tim-kiem/", {"q": "phieu ly lich"})
    assert judicial.get_absolute_url() in page.text
    sitemap = client.get("/sitemap-procedures.xml")
    assert sitemap.status_code == 200 and f"{LIST}{judicial.pk}/" in sitemap.content.decode()


# --- the link an editor enters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://dichvucong.gov.vn/",
        "//dichvucong.gov.vn/",
        "dichvucong.gov.vn",
    ],
)
def test_a_link_that_is_not_a_web_page_is_refused(unit_a, url):
    procedure = ProcedureFactory.build(unit=unit_a, field=FieldFactory(), url=url)
    with pytest.raises(ValidationError) as error:
        services.procedure_create(procedure=procedure, acting_user=SYSTEM)
    assert "url" in error.value.message_dict
    assert not Procedure.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_admin_form_names_the_field_of_a_bad_link(client, superuser, unit_a, url):
    client.force_login(superuser)
    field = FieldFactory()
    data = {
        "unit": unit_a.pk, "code": "1.000001", "name_vi": "Đăng ký khai sinh", "field": field.pk,
        "level": Level.COMMUNE, "url": url, "status": Status.DRAFT,
    }  # fmt: skip
    page = client.post(reverse("admin:procedures_procedure_add"), data)
    assert page.status_code == 200
    assert "Nhập địa chỉ trang web bắt đầu bằng https:// hoặc http://." in page.text
    assert "errors field-url" in page.text
    assert not Procedure.objects.exists()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x"])
def test_footer_links_refuse_what_is_not_a_web_page(unit_a, url):
    footer = FooterFactory.build(unit=unit_a, facebook_url=url)
    with pytest.raises(ValidationError) as error:
        directory_services.directory_save(footer, acting_user=SYSTEM)
    assert "facebook_url" in error.value.message_dict


# --- writes -----------------------------------------------------------------------------------------


def test_create_update_publish_are_audited(approver_a, unit_a):
    procedure = ProcedureFactory.build(unit=unit_a, field=FieldFactory())
    services.procedure_create(procedure=procedure, acting_user=approver_a)
    procedure.processing_time_vi = "05 ngày làm việc"
    services.procedure_update(procedure=procedure, acting_user=approver_a)
    services.procedure_publish(procedure=procedure, acting_user=approver_a)
    entries = AuditEntry.objects.filter(object_id=str(procedure.pk)).order_by("at", "id")
    actions = list(entries.values_list("action", flat=True))
    assert actions == ["procedure.create", "procedure.change", "procedure.publish"]
    procedure.refresh_from_db()
    assert procedure.is_public and "05 ngày" in procedure.processing_time_vi


def test_an_editor_drafts_but_does_not_publish_and_never_in_another_unit(editor_a, unit_a, unit_b):
    procedure = services.procedure_create(
        procedure=ProcedureFactory.build(unit=unit_a, field=FieldFactory()), acting_user=editor_a
    )
    with pytest.raises(PermissionDenied):
        services.procedure_publish(procedure=procedure, acting_user=editor_a)
    with pytest.raises(PermissionDenied):
        services.procedure_create(
            procedure=ProcedureFactory.build(unit=unit_b, field=FieldFactory()), acting_user=editor_a
        )
    procedure.unit = unit_b
    with pytest.raises(PermissionDenied):
        services.procedure_update(procedure=procedure, acting_user=editor_a)
    assert Procedure.objects.get().unit == unit_a and Procedure.objects.get().status == Status.DRAFT


def test_control_characters_are_refused_by_the_service(unit_a):
    procedure = ProcedureFactory.build(unit=unit_a, field=FieldFactory(), fees_vi="200.000\x00 đồng")
    with pytest.raises(ValidationError) as error:
        services.procedure_create(procedure=procedure, acting_user=SYSTEM)
    assert "fees_vi" in error.value.message_dict


# --- home page and footer ---------------------------------------------------------------------------


def _services_entry(page) -> str:
    match = re.search(r'<section class="block online-services".*?</section>', page.text, flags=re.S)
    assert match, "no online public services entry"
    return match.group(0)


def test_online_services_entry_on_main_and_unit_homes_with_the_settings_default(client, unit_a, settings):
    settings.PORTAL_PUBLIC_SERVICES_URL = "https://dichvucong.gov.vn/"
    settings.PORTAL_FEEDBACK_URL = "https://pakn.dichvucong.gov.vn/"
    for home in ("/vi/", f"{A}/vi/"):
        entry = _services_entry(client.get(home))
        assert "Dịch vụ công trực tuyến" in entry
        assert 'href="https://dichvucong.gov.vn/"' in entry
        assert 'href="https://pakn.dichvucong.gov.vn/"' in entry


def test_a_unit_without_its_own_links_uses_the_main_portals(client, main_portal, unit_a, unit_b):
    FooterFactory(unit=main_portal, public_services_url="https://dichvucong.travinh.gov.vn/",
                  feedback_url="https://travinh.gov.vn/phan-anh/")  # fmt: skip
    FooterFactory(unit=unit_a, public_services_url="https://dvc.sotp.travinh.gov.vn/")
    own = _services_entry(client.get(f"{A}/en/"))
    assert 'href="https://dvc.sotp.travinh.gov.vn/"' in own and "Online public services" in own
    assert 'href="https://travinh.gov.vn/phan-anh/"' in own  # the feedback link it did not set: the main's
    other = _services_entry(client.get("/don-vi/soyt/km/"))
    assert 'href="https://dichvucong.travinh.gov.vn/"' in other and "សេវាសាធារណៈតាមអនឡាញ" in other


@pytest.mark.parametrize(
    ("language", "facebook", "zalo"),
    [("vi", "Trang Facebook", "Zalo Official Account"), ("en", "Facebook page", "Zalo Official Account"),
     ("km", "ទំព័រ Facebook", "គណនីផ្លូវការ Zalo")],
)  # fmt: skip
def test_footer_of_every_page_links_facebook_and_zalo(client, main_portal, unit_a, judicial, language,
                                                      facebook, zalo):  # fmt: skip
    FooterFactory(unit=main_portal, facebook_url="https://www.facebook.com/travinh",
                  zalo_url="https://zalo.me/travinh")  # fmt: skip
    FooterFactory(unit=unit_a, facebook_url="https://www.facebook.com/sotuphap")
    for path in (f"{A}/{language}/", f"{A}/{language}/{LIST}", f"{A}/{language}/{LIST}{judicial.pk}/"):
        footer = client.get(path).text.split('<footer class="site-footer"', 1)[1]
        assert f'<a href="https://www.facebook.com/sotuphap" rel="external">{facebook}</a>' in footer
        assert f'<a href="https://zalo.me/travinh" rel="external">{zalo}</a>' in footer
