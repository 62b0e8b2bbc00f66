"""Issue 21 items 7–9: the contacts, leaders and introduction of each unit, and the footer the law asks
for on every page, in Vietnamese, English and Khmer, kept only by the unit's editors."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from directory import services
from directory.models import Contact, Footer, Leader
from portal.models import AuditEntry
from portal.services import SYSTEM

from ..factories.directory import ContactFactory, FooterFactory, IntroductionFactory, LeaderFactory

pytestmark = pytest.mark.django_db

A = "/don-vi/sotp"


# --- what a citizen sees ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "position", "heading"),
    [
        ("vi", "Chánh Văn phòng", "Danh bạ"),
        ("en", "Chief of Office", "Contacts"),
        ("km", "ប្រធានការិយាល័យ", None),
    ],
)
def test_contacts_page_in_each_language(client, unit_a, unit_b, language, position, heading):
    ContactFactory(unit=unit_a, name="Trần Thị Hoa", office_phone="0294 3862 111", email="hoa@sotp.gov.vn")
    ContactFactory(unit=unit_b, name="Người Sở Khác")
    page = client.get(f"{A}/{language}/danh-ba/")
    assert page.status_code == 200
    assert "Trần Thị Hoa" in page.text and position in page.text
    assert 'href="tel:02943862111"' in page.text and 'href="mailto:hoa@sotp.gov.vn"' in page.text
    assert "Người Sở Khác" not in page.text  # another unit's officials are on its own site
    if heading:
        assert f"<h1>{heading}</h1>" in page.text


def test_untranslated_position_falls_back_to_vietnamese_marked_as_such(client, unit_a):
    ContactFactory(unit=unit_a, position_vi="Phó Chánh Văn phòng", position_en="", position_km="")
    page = client.get(f"{A}/km/danh-ba/")
    assert '<td lang="vi">Phó Chánh Văn phòng</td>' in page.text


def test_leaders_page_shows_photo_position_duties_and_sanitised_biography(client, unit_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    leader = LeaderFactory(
        unit=unit_a,
        name="Lê Văn Bình",
        position_en="Director",
        duties_en="Overall direction.",
        biography_en="<p>Born 1970.</p>",
    )
    page = client.get(f"{A}/en/lanh-dao/")
    assert page.status_code == 200
    assert f'id="leader-{leader.pk}"' in page.text
    assert "Lê Văn Bình" in page.text and "Director" in page.text and "Overall direction." in page.text
    assert "<p>Born 1970.</p>" in page.text


def test_introduction_page_and_empty_states(client, unit_a, unit_b):
    IntroductionFactory(unit=unit_a, functions_en="<p>Advises on law.</p>", history_en="<p>Since 1992.</p>")
    page = client.get(f"{A}/en/gioi-thieu-chung/")
    assert "Functions and tasks" in page.text and "<p>Advises on law.</p>" in page.text
    assert "<p>Since 1992.</p>" in page.text
    empty = client.get("/don-vi/soyt/vi/gioi-thieu-chung/")
    assert empty.status_code == 200
    assert "Phần giới thiệu của đơn vị này chưa được công bố." in empty.text
    assert client.get("/don-vi/soyt/en/lanh-dao/").status_code == 200


# --- the footer -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "agency", "rule"),
    [
        ("vi", "Ủy ban nhân dân tỉnh Trà Vinh", "Ghi rõ nguồn"),
        ("en", "People&#x27;s Committee of Tra Vinh Province", "Cite this portal"),
        ("km", "គណៈកម្មាធិការប្រជាជនខេត្តត្រាវិញ", "សូមដកស្រង់ប្រភព"),
    ],
)
def test_main_footer_on_every_page_in_each_language(client, main_portal, unit_a, language, agency, rule):
    FooterFactory(unit=main_portal)
    for path in (
        f"/{language}/",
        f"/{language}/so-do-trang/",
        f"{A}/{language}/",
        f"{A}/{language}/danh-ba/",
    ):
        page = client.get(path)
        footer = page.text.split('role="contentinfo"', 1)[1]
        assert agency in footer, path
        assert rule in footer, path
        assert 'href="tel:19000000"' in footer  # the hotline
        assert "Giấy phép số 01/GP-TTĐT" in footer
    missing = client.get(f"{A}/{language}/khong-co-trang-nay/")
    assert missing.status_code == 404
    assert rule in missing.text.split('role="contentinfo"', 1)[1]  # the error page too


def test_unit_footer_replaces_the_main_portals(client, main_portal, unit_a, unit_b):
    FooterFactory(unit=main_portal)
    FooterFactory(unit=unit_a, managing_agency_vi="Sở Tư pháp tỉnh Trà Vinh", email="sotp@example.gov.vn")
    own = client.get(f"{A}/vi/").text.split('role="contentinfo"', 1)[1]
    assert "Sở Tư pháp tỉnh Trà Vinh" in own and "sotp@example.gov.vn" in own
    assert "Ủy ban nhân dân tỉnh Trà Vinh" not in own
    fallback = client.get("/don-vi/soyt/vi/").text.split('role="contentinfo"', 1)[1]
    assert "Ủy ban nhân dân tỉnh Trà Vinh" in fallback


def test_without_any_footer_the_units_own_details_show(client, main_portal, unit_a):
    footer = client.get(f"{A}/vi/").text.split('role="contentinfo"', 1)[1]
    assert "sotp@example.gov.vn" in footer  # the unit's e-mail, as before this app


def test_page_cache_forgets_the_footer_on_every_change(client, page_cache, main_portal, unit_a):
    footer = FooterFactory(unit=main_portal)
    assert "Ghi rõ nguồn" in client.get(f"{A}/vi/").text  # stored
    footer.citation_rule_vi = "Quy tắc trích dẫn mới"
    services.directory_save(footer, acting_user=SYSTEM)
    assert (
        "Quy tắc trích dẫn mới" in client.get(f"{A}/vi/").text
    )  # the unit's page, through the main's footer
    own = FooterFactory(unit=unit_a, managing_agency_vi="Cơ quan chủ quản của A")
    services.directory_save(own, acting_user=SYSTEM)
    assert "Cơ quan chủ quản của A" in client.get(f"{A}/vi/").text
    services.directory_delete(own, acting_user=SYSTEM)
    assert "Cơ quan chủ quản của A" not in client.get(f"{A}/vi/").text


def test_page_cache_forgets_a_changed_contact(client, page_cache, unit_a):
    contact = ContactFactory(unit=unit_a, name="Tên Cũ")
    assert "Tên Cũ" in client.get(f"{A}/vi/danh-ba/").text
    contact.name = "Tên Mới"
    services.directory_save(contact, acting_user=SYSTEM)
    assert "Tên Mới" in client.get(f"{A}/vi/danh-ba/").text


# --- who may change it ----------------------------------------------------------------------------


def test_editor_of_the_unit_writes_and_is_recorded(editor_a, unit_a):
    contact = services.directory_save(
        Contact(unit=unit_a, name="Ngô Văn C", position_vi="Chuyên viên"), acting_user=editor_a
    )
    assert AuditEntry.objects.filter(action="directory.contact_create", object_id=str(contact.pk)).exists()
    contact.position_en = "Officer"
    services.directory_save(contact, acting_user=editor_a)
    entry = AuditEntry.objects.get(action="directory.contact_update")
    assert entry.changes["position_en"][1] == "Officer"


@pytest.mark.parametrize("who", ["editor_b", "translator_a_km", "board", "anonymous"])
def test_others_may_not_write(request, unit_a, unit_b, who):
    from django.contrib.auth.models import AnonymousUser

    from subsites.enums import Role

    from ..factories.subsites import member

    users = {
        "editor_b": lambda: member(unit_b, Role.EDITOR, username="editor_b"),
        "anonymous": AnonymousUser,
    }
    user = users[who]() if who in users else request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.directory_save(Leader(unit=unit_a, name="X", position_vi="Y"), acting_user=user)
    footer = FooterFactory(unit=unit_a)
    with pytest.raises(PermissionDenied):
        services.directory_delete(footer, acting_user=user)
    assert Footer.objects.filter(pk=footer.pk).exists()


def test_moving_an_entry_to_another_unit_needs_both(editor_a, unit_b):
    contact = ContactFactory(unit=unit_b)
    contact.unit_id = editor_a.memberships.first().unit_id
    with pytest.raises(PermissionDenied):
        services.directory_save(contact, acting_user=editor_a)


# --- hostile input --------------------------------------------------------------------------------


def test_biography_is_sanitised_like_an_article(editor_a, unit_a):
    leader = services.directory_save(
        Leader(
            unit=unit_a,
            name="A",
            position_vi="B",
            biography_vi='<p onclick="x()">Tiểu sử<script>alert(1)</script><a href="javascript:x()">l</a>',
        ),
        acting_user=editor_a,
    )
    assert "script" not in leader.biography_vi and "onclick" not in leader.biography_vi
    assert "javascript" not in leader.biography_vi and "Tiểu sử" in leader.biography_vi


def test_names_are_escaped_on_the_page(client, unit_a):
    ContactFactory(unit=unit_a, name="<b>Hoa</b><script>x</script>")
    page = client.get(f"{A}/vi/danh-ba/").text
    assert "&lt;script&gt;" in page and "<script>x</script>" not in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "Hoa\x00\x07", "ký tự điều khiển"),
        ("name", "H" * 300, "tối đa 255"),
        ("email", "not an address", "email"),
        ("position_vi", "", "không được để trắng"),
    ],
)
def test_hostile_values_are_refused_with_a_clear_message_in_the_editors_language(
    editor_a, unit_a, field, value, message
):
    contact = Contact(unit=unit_a, name="Hoa", position_vi="Chuyên viên")
    setattr(contact, field, value)
    with pytest.raises(ValidationError) as refused:
        services.directory_save(contact, acting_user=editor_a)
    assert message in str(refused.value.message_dict)
    assert not Contact.objects.exists()


@pytest.mark.parametrize(("field", "size"), [("biography_vi", 100_001), ("duties_en", 5_001)])
def test_huge_texts_are_refused_with_their_limit(editor_a, unit_a, field, size):
    leader = Leader(unit=unit_a, name="A", position_vi="B")
    setattr(leader, field, "<p>" + "x" * size + "</p>")
    with pytest.raises(ValidationError) as refused:
        services.directory_save(leader, acting_user=editor_a)
    assert "Nội dung quá dài" in str(refused.value.message_dict[field])
    assert not Leader.objects.exists()


# --- the admin, as the unit's editor ---------------------------------------------------------------


def test_editor_adds_a_contact_in_the_admin_and_sees_only_their_units(client, editor_a, unit_a, unit_b):
    ContactFactory(unit=unit_b, name="Của Sở Y tế")
    client.force_login(editor_a)
    response = client.post(
        reverse("admin:directory_contact_add"),
        {
            "unit": unit_a.pk,
            "name": "Phạm Văn D",
            "position_vi": "Phó Giám đốc",
            "position_en": "Deputy Director",
            "position_km": "",
            "office_phone": "0294 1",
            "email": "d@sotp.gov.vn",
            "order": 0,
        },
    )
    assert response.status_code == 302, response.text[:3000]
    listing = client.get(reverse("admin:directory_contact_changelist")).text
    assert "Phạm Văn D" in listing and "Của Sở Y tế" not in listing
    assert AuditEntry.objects.filter(action="directory.contact_create").exists()


def test_biography_is_written_with_the_articles_editor(client, editor_a, unit_a):
    client.force_login(editor_a)
    page = client.get(reverse("admin:directory_leader_add"))
    assert page.status_code == 200
    assert page.text.count("prose-editor") >= 3  # biography in vi, en and km
    assert "'nonce-" in page["Content-Security-Policy"]  # the editor's import map may run


def test_a_file_that_is_not_an_image_is_refused_in_the_admin(client, editor_a, unit_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor_a)
    response = client.post(
        reverse("admin:directory_leader_add"),
        {
            "unit": unit_a.pk,
            "name": "E",
            "position_vi": "Giám đốc",
            "order": 0,
            "photo": SimpleUploadedFile("anh.jpg", b"<html>not an image</html>", content_type="image/jpeg"),
        },
    )
    assert response.status_code == 200
    assert not Leader.objects.exists()
    assert "errorlist" in response.text


# --- the leaders' schedule links to the leaders' page ----------------------------------------------


def test_schedule_links_named_leaders_to_their_page(client, unit_a):
    from ..factories.documents import LeaderScheduleFactory, ScheduleEntryFactory

    leader = LeaderFactory(unit=unit_a, name="Nguyễn Văn B")
    schedule = LeaderScheduleFactory(unit=unit_a, published=True)
    ScheduleEntryFactory(schedule=schedule, leader="Ông Nguyễn Văn B, Giám đốc")
    ScheduleEntryFactory(schedule=schedule, leader="Bà <i>Không Có Trang</i>")
    page = client.get(f"{A}/vi/van-ban/lich-lam-viec/").text
    assert f'<a href="{A}/vi/lanh-dao/#leader-{leader.pk}">Ông Nguyễn Văn B, Giám đốc</a>' in page
    assert "Bà &lt;i&gt;Không Có Trang&lt;/i&gt;" in page  # unmatched names stay text, escaped


def test_untranslated_footer_text_is_marked_vietnamese(client, main_portal):
    FooterFactory(unit=main_portal, address_km="", licence_km="")
    footer = client.get("/km/").text.split('role="contentinfo"', 1)[1]
    assert '<span lang="vi">Số 1 Lê Lợi, phường 1, Trà Vinh</span>' in footer
    assert '<span lang="vi">គណៈកម្មាធិការប្រជាជនខេត្តត្រាវិញ</span>' not in footer  # translated: no mark
    assert "គណៈកម្មាធិការប្រជាជនខេត្តត្រាវិញ" in footer


# --- the demo ---------------------------------------------------------------------------------------


def test_demo_fills_the_main_portal_and_two_units_and_is_idempotent(client, main_portal):
    from directory import demo

    from ..factories.subsites import UnitFactory

    seeded = {"main": main_portal, "units": {"stp": UnitFactory(key="stp"), "syt": UnitFactory(key="syt")}}
    demo.seed(seeded)
    demo.seed(seeded)
    assert Footer.objects.count() == 3 and Contact.objects.count() == 5
    leaders = client.get("/en/lanh-dao/").text
    assert "Vice Chairman of the Provincial People&#x27;s Committee" in leaders
    home = client.get("/km/").text.split('role="contentinfo"', 1)[1]
    assert "អាជ្ញាប័ណ្ណលេខ 15/GP-TTĐT" in home and 'href="tel:19009090"' in home
    assert "Natural conditions" in client.get("/en/gioi-thieu-chung/").text
