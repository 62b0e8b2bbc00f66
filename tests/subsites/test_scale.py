"""A merged province of ~250 units, as people see it: choosers of units are searches over what the
user may choose, the unit list is a paged tree, the public directory groups units by former province
and kind, and the compliance page pages with its filters kept."""

import json
import re

import pytest
from django.utils import translation

from subsites.enums import Role
from subsites.models import Unit

from ..factories.news import ArticleFactory
from ..factories.subsites import member, merged_province

pytestmark = pytest.mark.django_db

AUTOCOMPLETE = "/admin/autocomplete/"


def _choose(client, term="", app="news", model="article", field="unit", page=1):
    params = {"app_label": app, "model_name": model, "field_name": field, "term": term, "page": page}
    return client.get(AUTOCOMPLETE, params)


def _found(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [r["text"] for r in json.loads(response.content)["results"]]


# --- choosers of units ---


def test_an_article_form_chooses_its_unit_with_a_search_box_not_a_drop_down(client, main_portal, editor_a):
    merged_province(main_portal)
    client.force_login(editor_a)
    response = client.get("/admin/news/article/add/")
    assert response.status_code == 200
    assert 'data-ajax--url="/admin/autocomplete/"' in response.text
    assert response.text.count("<option") < 20  # no option per unit


def test_an_editor_finds_only_the_units_they_may_put_an_article_in(
    client, main_portal, unit_a, unit_b, editor_a
):
    merged_province(main_portal)
    client.force_login(editor_a)
    assert _found(_choose(client, "sở")) == ["Sở Tư pháp (sotp)"]
    assert _found(_choose(client, "")) == ["Sở Tư pháp (sotp)"]


def test_an_editor_searching_another_units_name_finds_nothing(client, main_portal, unit_a, unit_b, editor_a):
    client.force_login(editor_a)
    assert _found(_choose(client, "soyt")) == []
    assert _found(_choose(client, "Y tế")) == []
    # Nor through a field they may not fill in: the unit tree's parent, the successor.
    assert _found(_choose(client, "", app="subsites", model="unit", field="parent")) == []
    assert _found(_choose(client, "", app="subsites", model="unit", field="successor")) == []
    # Nor through a form of another unit's administrator (memberships are the unit admin's).
    assert _found(_choose(client, "", app="subsites", model="membership", field="unit")) == []


def test_a_unit_administrator_chooses_memberships_in_their_unit_only(client, main_portal, unit_a, unit_b):
    client.force_login(member(unit_a, Role.UNIT_ADMIN))
    assert _found(_choose(client, "", app="subsites", model="membership", field="unit")) == [
        "Sở Tư pháp (sotp)"
    ]


def test_the_board_sees_every_unit_but_chooses_none_for_content(client, main_portal, unit_a, board):
    client.force_login(board)
    assert _found(_choose(client, "")) == []


def test_the_portal_administrator_searches_all_250_units_a_page_at_a_time(client, main_portal, superuser):
    merged_province(main_portal, former=2, per_province=83)
    assert Unit.objects.count() >= 250
    client.force_login(superuser)
    first = _choose(client, "", app="subsites", model="unit", field="parent")
    assert len(_found(first)) == 20 and json.loads(first.content)["pagination"]["more"] is True
    assert _found(_choose(client, "cu1-s77", app="subsites", model="unit", field="parent")) == [
        "Sở 77 (cu1) (cu1-s77) — Tỉnh cũ 1"
    ]
    assert _found(_choose(client, "EN", app="news", model="article", field="unit", page=13)) != []


def test_namesakes_of_two_former_provinces_are_told_apart(client, main_portal, superuser):
    merged_province(main_portal, former=2, per_province=3)
    Unit.objects.filter(key__in=["cu0-s1", "cu1-s1"]).update(name_vi="Sở Tư pháp")
    client.force_login(superuser)
    found = _found(_choose(client, "Tư pháp"))
    assert found == ["Sở Tư pháp (cu0-s1) — Tỉnh cũ 0", "Sở Tư pháp (cu1-s1) — Tỉnh cũ 1"]


def test_a_routing_rule_chooses_among_active_units(client, main_portal, unit_a, superuser):
    unit_a.active = False
    unit_a.save()
    client.force_login(superuser)
    found = _found(_choose(client, "", app="citizen_qa", model="routingrule", field="unit"))
    assert "Sở Tư pháp (sotp)" not in found and f"{main_portal.name} (tinh)" in found


@pytest.mark.parametrize(
    "term",
    ["\x00", "Sở\x00Tư", "\x01\x1f\x7f", "a" * 10_000, "<script>alert(1)</script>", "%' OR 1=1 --"],
)
def test_hostile_search_terms_answer_without_a_server_error(
    client, main_portal, unit_a, editor_a, superuser, term
):
    for user in (editor_a, superuser):
        client.force_login(user)
        response = _choose(client, term)
        assert response.status_code in (200, 400)
        assert b"<script>" not in response.content
        listed = client.get("/admin/subsites/unit/", {"q": term})
        assert listed.status_code in (200, 400)
        assert "<script>alert" not in listed.text


def test_a_term_that_is_not_utf8_answers_without_a_server_error(client, unit_a, editor_a):
    client.force_login(editor_a)
    query = "app_label=news&model_name=article&field_name=unit&term=%FF%FE%00"
    assert client.get(f"{AUTOCOMPLETE}?{query}").status_code in (200, 400)
    assert client.get("/admin/subsites/unit/?q=%FF%00").status_code in (200, 400)


@pytest.mark.parametrize(
    "params",
    [{}, {"app_label": "news"}, {"app_label": "nope", "model_name": "x", "field_name": "y"},
     {"app_label": "news", "model_name": "article", "field_name": "title_vi"},
     {"app_label": "auth", "model_name": "user", "field_name": "groups"}],
)  # fmt: skip
def test_a_malformed_autocomplete_request_is_refused_not_a_server_error(client, editor_a, params):
    client.force_login(editor_a)
    assert client.get(AUTOCOMPLETE, params).status_code in (403, 404)


def test_a_forged_post_naming_another_unit_still_fails_validation(client, main_portal, unit_b, editor_a):
    client.force_login(editor_a)
    response = client.post("/admin/news/article/add/", {"unit": unit_b.pk, "title_vi": "X", "body_vi": "x"})
    assert response.status_code == 200
    assert "errorlist" in response.text


# --- the unit list ---


def test_the_unit_list_is_an_indented_paged_tree_filtered_by_kind_and_life(client, main_portal, superuser):
    merged_province(main_portal, former=2, per_province=83)
    client.force_login(superuser)
    first = client.get("/admin/subsites/unit/")
    assert first.status_code == 200
    assert first.text.count('name="_selected_action"') == 50
    assert 'style="padding-left:24px"' in first.text  # the main portal's children, indented once
    found = client.get("/admin/subsites/unit/", {"q": "cu0-s1"})
    assert 'style="padding-left:40px"' in found.text  # a former province's unit: twice
    ceased = client.get("/admin/subsites/unit/", {"life": "ceased", "type__exact": "department"})
    expected = Unit.objects.filter(ceased_on__isnull=False, type="department").count()
    assert f"{expected} units" in ceased.text or f"{expected} đơn vị" in ceased.text


def test_an_editor_lists_only_their_own_unit(client, main_portal, editor_a):
    merged_province(main_portal)
    client.force_login(editor_a)
    listed = client.get("/admin/subsites/unit/")
    assert listed.status_code == 200 and listed.text.count('class="field-key"') == 1


# --- the public directory ---


@pytest.mark.parametrize(
    ("language", "former", "current", "ceased", "mark"),
    [
        (
            "vi",
            "Tỉnh cũ",
            "Các đơn vị của tỉnh",
            "Các đơn vị đã chấm dứt hoạt động",
            "chấm dứt hoạt động từ 01/07/2025",
        ),
        ("en", "Former province", "Units of the province", "Ceased units", "ceased on 01/07/2025"),
        ("km", "ខេត្តចាស់", "អង្គភាពនៃខេត្ត", "អង្គភាពដែលបានឈប់ដំណើរការ", "ឈប់ដំណើរការពី 01/07/2025"),
    ],
)
def test_the_directory_groups_units_by_former_province_and_kind(
    client, main_portal, language, former, current, ceased, mark
):
    merged_province(main_portal, former=2, per_province=4, ceased_every=2)
    text = client.get(f"/{language}/cac-trang-thanh-phan/").text
    sections = text.split('class="block directory-province"')[1:]
    assert len(sections) == 3  # the current province, then the two former ones
    assert current in sections[0] and former not in sections[0]
    for key, section in zip(("cu0", "cu1"), sections[1:], strict=True):
        assert former in section and f"/don-vi/{key}/" in section
        assert section.count(f"/don-vi/{key}-s") == 4  # its own units, and no other province's
        listed, apart = section.split(ceased)
        assert f"/don-vi/{key}-s1/" in listed and f"/don-vi/{key}-s0/" not in listed
        assert f"/don-vi/{key}-s0/" in apart and mark in apart


def test_the_directory_names_each_kind_once_per_province(client, main_portal):
    merged_province(main_portal, former=1, per_province=3, ceased_every=10)
    Unit.objects.filter(key="cu0-s2").update(type="district")
    with translation.override("en"):
        text = client.get("/en/cac-trang-thanh-phan/").text
    province = text.split('class="block directory-province"')[2]
    assert province.count("<h3>Department</h3>") == 1 and province.count("<h3>District</h3>") == 1


def test_every_form_choosing_a_unit_renders_a_search_box(client, main_portal, unit_a, superuser):
    merged_province(main_portal)
    client.force_login(superuser)
    pages = [
        f"/admin/subsites/unit/{unit_a.pk}/change/",
        "/admin/subsites/membership/add/",
        "/admin/subsites/section/add/",
        "/admin/documents/document/add/",
        "/admin/consultations/draft/add/",
        "/admin/citizen_qa/field/add/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'data-ajax--url="/admin/autocomplete/"' in response.text, url
        assert "Sở 3 (tinh)</option>" not in response.text, url  # the units are not listed as options


def test_a_lists_unit_filter_names_only_the_units_of_the_rows_the_user_may_list(
    client, main_portal, unit_a, unit_b, editor_a
):
    merged_province(main_portal)
    ArticleFactory(unit=unit_a)
    ArticleFactory(unit=unit_b)
    client.force_login(editor_a)
    listed = client.get("/admin/news/article/")
    assert listed.status_code == 200
    assert "Sở Tư pháp" in listed.text and "Sở Y tế" not in listed.text
    assert "Sở 3 (tinh)" not in listed.text


# --- the main home's list of component sites ---


def _listed(page: str) -> list[tuple[str, str]]:
    """(address, name) of each link in the page's list of component sites."""
    block = re.search(r'<ul class="site-directory">(.*?)</ul>', page, re.S).group(1)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block)


@pytest.mark.parametrize("path", ["/{lang}/", "/{lang}/so-do-trang/"])
def test_the_home_and_site_map_list_every_component_site_in_the_visitors_language(client, main_portal, path):
    from subsites.selectors import active_component_sites, forget_units

    merged_province(main_portal, former=2, per_province=10)
    forget_units()
    sites = active_component_sites()
    assert len(sites) > 30
    for lang in ("vi", "en"):
        listed = _listed(client.get(path.format(lang=lang)).content.decode())
        with translation.override(lang):
            assert listed == [(site.get_absolute_url(), site.name) for site in sites]
        assert all(f"/{lang}/" in address for address, _name in listed)


def test_a_renamed_or_new_unit_is_listed_on_the_next_home(client, main_portal, unit_a):
    from portal.services import SYSTEM
    from subsites import services

    assert ("/don-vi/sotp/vi/", "Sở Tư pháp") in _listed(client.get("/vi/").content.decode())
    unit_a.name_vi = "Sở Tư pháp tỉnh"
    services.unit_save(unit=unit_a, acting_user=SYSTEM)
    new = Unit(key="sxd", name_vi="Sở Xây dựng", parent=main_portal, type=unit_a.type)
    services.unit_save(unit=new, acting_user=SYSTEM)
    listed = _listed(client.get("/vi/").content.decode())
    assert ("/don-vi/sotp/vi/", "Sở Tư pháp tỉnh") in listed and ("/don-vi/sxd/vi/", "Sở Xây dựng") in listed


@pytest.mark.parametrize("page", ["home", "subsites:sitemap", "subsites:directory"])
def test_the_component_sites_addresses_are_made_once_per_process(client, main_portal, monkeypatch, page):
    from django.urls import reverse

    from subsites.selectors import forget_units

    merged_province(main_portal, former=2, per_province=10)
    forget_units()
    path = reverse(page)
    first = client.get(path).content.decode()
    made = []
    real = Unit.get_absolute_url
    monkeypatch.setattr(Unit, "get_absolute_url", lambda unit: made.append(unit.key) or real(unit))
    again = client.get(path).content.decode()
    assert again == first and again.count("<li><a href=") > 30
    assert made == []
