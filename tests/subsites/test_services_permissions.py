"""subsites.services check who acts, like every other app's services (issue §3): the unit's
administrator for its menu, pages, banners and memberships; the superusers for units themselves;
SYSTEM (importer, demo, commands) for all."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from portal.models import AuditEntry
from portal.services import SYSTEM
from subsites import services
from subsites.enums import Role, UnitType
from subsites.models import Membership, Page, Section, Unit

from ..factories.subsites import PageFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_admin_b(unit_b):
    return member(unit_b, Role.UNIT_ADMIN, username="unitadmin_b")


def test_a_unit_admin_of_a_cannot_grant_a_membership_in_b(unit_admin_a, unit_b):
    with pytest.raises(PermissionDenied):
        services.membership_grant(user=UserFactory(), unit=unit_b, role=Role.EDITOR, acting_user=unit_admin_a)
    assert not Membership.objects.filter(unit=unit_b, role=Role.EDITOR).exists()


def test_a_unit_admin_grants_and_revokes_in_their_own_unit(unit_admin_a, unit_a):
    user = UserFactory()
    membership = services.membership_grant(user=user, unit=unit_a, role=Role.EDITOR, acting_user=unit_admin_a)
    services.membership_revoke(membership=membership, acting_user=unit_admin_a)
    assert not Membership.objects.filter(user=user).exists()


def test_a_unit_admin_of_b_cannot_revoke_in_a(unit_admin_b, editor_a):
    membership = Membership.objects.get(user=editor_a)
    with pytest.raises(PermissionDenied):
        services.membership_revoke(membership=membership, acting_user=unit_admin_b)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_editor_cannot_save_a_unit(editor_a, unit_a):
    unit_a.name_vi = "Sở Tư pháp tỉnh"
    with pytest.raises(PermissionDenied):
        services.unit_save(unit=unit_a, acting_user=editor_a)
    assert Unit.objects.get(pk=unit_a.pk).name_vi == "Sở Tư pháp"


def test_a_unit_admin_changes_the_unit_but_not_its_place(unit_admin_a, unit_a):
    unit_a.name_vi = "Sở Tư pháp tỉnh"
    services.unit_save(unit=unit_a, acting_user=unit_admin_a)
    unit_a.host = "stp.example.gov.vn"
    with pytest.raises(PermissionDenied):
        services.unit_save(unit=unit_a, acting_user=unit_admin_a)


def test_only_superusers_create_units(unit_admin_a, superuser, main_portal):
    def new():
        return Unit(key="soxd", name_vi="Sở Xây dựng", type=UnitType.DEPARTMENT, parent=main_portal)

    with pytest.raises(PermissionDenied):
        services.unit_save(unit=new(), acting_user=unit_admin_a)
    assert services.unit_save(unit=new(), acting_user=superuser).pk


def test_system_can_and_is_named(main_portal):
    unit = services.unit_save(
        unit=Unit(key="soxd", name_vi="Sở Xây dựng", type=UnitType.DEPARTMENT, parent=main_portal),
        acting_user=SYSTEM,
    )
    services.membership_grant(user=UserFactory(), unit=unit, role=Role.EDITOR, acting_user=SYSTEM)
    entries = AuditEntry.objects.filter(action__in=["unit.create", "membership.grant"])
    assert {e.actor_repr for e in entries} == {"system"}


@pytest.mark.parametrize("actor", [None, AnonymousUser()], ids=["none", "anonymous"])
def test_nobody_is_refused(actor, unit_a):
    with pytest.raises(PermissionDenied):
        services.membership_grant(user=UserFactory(), unit=unit_a, role=Role.EDITOR, acting_user=actor)
    with pytest.raises(PermissionDenied):
        services.section_save(
            section=Section(unit=unit_a, title_vi="Tin tức", kind="group"), acting_user=actor
        )


def test_pages_are_the_unit_admins(unit_admin_a, editor_a, unit_a, unit_b):
    page = services.page_save(
        page=Page(unit=unit_a, slug_vi="gioi-thieu", title_vi="Giới thiệu"), acting_user=unit_admin_a
    )
    with pytest.raises(PermissionDenied):
        services.page_save(page=page, acting_user=editor_a)
    page.unit = unit_b  # moving it away needs the other unit too
    with pytest.raises(PermissionDenied):
        services.page_save(page=page, acting_user=unit_admin_a)
    other = PageFactory(unit=unit_b)
    with pytest.raises(PermissionDenied):
        services.page_delete(page=other, acting_user=unit_admin_a)


def test_bulk_deleting_memberships_in_the_admin_goes_through_the_service(
    rf, unit_admin_a, unit_admin_b, editor_a
):
    """portal.admin_services.ServiceAdminMixin: one revoke (checked, audited) per selected row."""
    from django.contrib import admin

    membership_admin = admin.site._registry[Membership]
    request = rf.post("/")
    request.user = unit_admin_b
    with pytest.raises(PermissionDenied):
        membership_admin.delete_queryset(request, Membership.objects.filter(user=editor_a))
    request.user = unit_admin_a
    membership_admin.delete_queryset(request, Membership.objects.filter(user=editor_a))
    assert not Membership.objects.filter(user=editor_a).exists()
    assert AuditEntry.objects.get(action="membership.revoke").actor == unit_admin_a
