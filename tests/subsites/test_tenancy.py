"""An editor of unit A can neither list, open, change, delete nor create anything in unit B."""

import pytest
from django.urls import reverse

from subsites.enums import PageRole
from subsites.models import Page

from ..factories.subsites import PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_a(unit_a):
    return PageFactory(unit=unit_a, title_vi="Trang của A", slug="trang-a")


@pytest.fixture
def page_b(unit_b):
    return PageFactory(unit=unit_b, title_vi="Trang của B", slug="trang-b")


def _form(unit, **extra):
    data = {
        "unit": unit.pk,
        "slug_vi": "moi",
        "slug_en": "",
        "slug_km": "",
        "role": PageRole.OTHER,
        "title_vi": "Mới",
        "title_en": "",
        "title_km": "",
        "body_vi": "<p>x</p>",
        "body_en": "",
        "body_km": "",
        "published": "on",
    }
    data.update(extra)
    return data


def test_list_shows_only_own_unit(client, unit_admin_a, page_a, page_b):
    client.force_login(unit_admin_a)
    response = client.get(reverse("admin:subsites_page_changelist"))
    assert response.status_code == 200
    assert "Trang của A" in response.text
    assert "Trang của B" not in response.text


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_other_units_object_is_like_a_missing_one(client, unit_admin_a, page_b, view):
    client.force_login(unit_admin_a)
    response = client.get(reverse(f"admin:subsites_page_{view}", args=[page_b.pk]))
    missing = client.get(reverse(f"admin:subsites_page_{view}", args=[999999]))
    assert response.status_code == missing.status_code
    assert response.status_code in (302, 404)


def test_forged_post_changing_other_units_page_changes_nothing(client, unit_admin_a, page_b):
    client.force_login(unit_admin_a)
    client.post(reverse("admin:subsites_page_change", args=[page_b.pk]), _form(page_b.unit, slug_vi="hacked"))
    client.post(reverse("admin:subsites_page_delete", args=[page_b.pk]), {"post": "yes"})
    page_b.refresh_from_db()
    assert page_b.slug == "trang-b"


def test_forged_post_creating_in_other_unit_is_refused(client, unit_admin_a, unit_b):
    client.force_login(unit_admin_a)
    response = client.post(reverse("admin:subsites_page_add"), _form(unit_b))
    assert response.status_code == 200  # the form re-renders with an error
    assert "unit" in response.context["adminform"].form.errors
    assert not Page.objects.filter(unit=unit_b).exists()


def test_moving_own_page_into_other_unit_is_refused(client, unit_admin_a, page_a, unit_b):
    client.force_login(unit_admin_a)
    response = client.post(
        reverse("admin:subsites_page_change", args=[page_a.pk]), _form(unit_b, slug_vi="trang-a")
    )
    assert response.status_code == 200
    page_a.refresh_from_db()
    assert page_a.unit_id != unit_b.pk


def test_unit_admin_creates_in_own_unit(client, unit_admin_a, unit_a):
    client.force_login(unit_admin_a)
    response = client.post(reverse("admin:subsites_page_add"), _form(unit_a))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Page.objects.filter(unit=unit_a, slug_vi="moi").exists()


def test_unit_choices_offer_only_own_units(client, unit_admin_a, unit_a, unit_b):
    client.force_login(unit_admin_a)
    form = client.get(reverse("admin:subsites_page_add")).context["adminform"].form
    assert list(form.fields["unit"].queryset) == [unit_a]


def test_board_sees_every_unit_but_changes_nothing(client, board, page_a, page_b):
    client.force_login(board)
    listing = client.get(reverse("admin:subsites_page_changelist"))
    assert "Trang của A" in listing.text and "Trang của B" in listing.text
    change = reverse("admin:subsites_page_change", args=[page_b.pk])
    client.post(change, _form(page_b.unit, slug_vi="changed"))
    page_b.refresh_from_db()
    assert page_b.slug == "trang-b"


def test_superuser_sees_and_changes_everything(client, superuser, page_b):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:subsites_page_change", args=[page_b.pk]), _form(page_b.unit, slug_vi="doi")
    )
    assert response.status_code == 302
    page_b.refresh_from_db()
    assert page_b.slug == "doi"


def test_editor_without_membership_sees_no_admin_module(client, django_user_model, unit_a):
    nobody = django_user_model.objects.create_user("nobody", password="x-very-long-password-1", is_staff=True)
    client.force_login(nobody)
    assert client.get(reverse("admin:subsites_page_changelist")).status_code == 403


def test_unit_list_is_scoped(client, unit_admin_a, unit_a, unit_b):
    client.force_login(unit_admin_a)
    response = client.get(reverse("admin:subsites_unit_changelist"))
    assert "Sở Tư pháp" in response.text and "Sở Y tế" not in response.text
    assert client.get(reverse("admin:subsites_unit_change", args=[unit_b.pk])).status_code in (302, 404)
