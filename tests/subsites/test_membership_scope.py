"""A membership applies to its own unit; to the units below only when it says so (issue 17, roles)."""

import pytest
from django.urls import reverse

from portal.models import AuditEntry
from portal.services import SYSTEM
from subsites import permissions as P
from subsites import services
from subsites.enums import Role
from subsites.models import Membership

from ..factories.news import ArticleFactory
from ..factories.subsites import UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def main_editor(main_portal):
    return member(main_portal, Role.EDITOR, username="bientap")


@pytest.fixture
def covering_editor(main_portal):
    user = UserFactory(username="bientap-all")
    services.membership_grant(
        user=user, unit=main_portal, role=Role.EDITOR, covers_subunits=True, acting_user=SYSTEM
    )
    return user


@pytest.fixture
def article_a(unit_a):
    return ArticleFactory(unit=unit_a, title_vi="Bài của Sở Tư pháp")


def test_main_portal_editor_does_not_reach_a_component_site(client, main_editor, unit_a, article_a):
    assert not P.user_can_edit_in_unit(main_editor, unit_a)
    assert not P.user_can_view_unit(main_editor, unit_a)
    client.force_login(main_editor)
    listing = client.get(reverse("admin:news_article_changelist"))
    assert listing.status_code == 200
    assert "Bài của Sở Tư pháp" not in listing.text
    page = client.get(reverse("admin:news_article_change", args=[article_a.pk]))
    missing = client.get(reverse("admin:news_article_change", args=[999999]))
    assert page.status_code == missing.status_code


def test_a_covering_membership_reaches_the_units_below(client, covering_editor, unit_a, article_a):
    assert P.user_can_edit_in_unit(covering_editor, unit_a)
    client.force_login(covering_editor)
    listing = client.get(reverse("admin:news_article_changelist"))
    assert "Bài của Sở Tư pháp" in listing.text
    assert client.get(reverse("admin:news_article_change", args=[article_a.pk])).status_code == 200


def test_changing_the_scope_is_audited_and_takes_effect(main_portal, unit_a, main_editor):
    services.membership_grant(
        user=main_editor, unit=main_portal, role=Role.EDITOR, covers_subunits=True, acting_user=SYSTEM
    )
    assert P.user_can_edit_in_unit(main_editor, unit_a)
    assert Membership.objects.filter(user=main_editor).count() == 1
    entry = AuditEntry.objects.filter(action="membership.scope").get()
    assert entry.changes["covers_subunits"] is True
    services.membership_grant(user=main_editor, unit=main_portal, role=Role.EDITOR, acting_user=SYSTEM)
    assert not P.user_can_edit_in_unit(main_editor, unit_a)


def test_the_membership_admin_shows_and_sets_the_scope(client, superuser, main_portal, main_editor, unit_a):
    client.force_login(superuser)
    listing = client.get(reverse("admin:subsites_membership_changelist"))
    assert "covers_subunits" in listing.text or "các đơn vị trực thuộc" in listing.text
    membership = Membership.objects.get(user=main_editor)
    response = client.post(
        reverse("admin:subsites_membership_change", args=[membership.pk]),
        {
            "user": main_editor.pk,
            "unit": main_portal.pk,
            "role": Role.EDITOR,
            "language": "",
            "covers_subunits": "on",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    P.forget_roles(main_editor)
    assert P.user_can_edit_in_unit(main_editor, unit_a)


def test_the_demo_main_portal_staff_stay_in_the_main_portal(db):
    from django.contrib.auth import get_user_model

    from subsites.demo import seed

    seed()
    user = get_user_model().objects.get(username="bientap")
    from subsites.models import Unit

    assert not P.user_can_view_unit(user, Unit.objects.get(key="stp"))
