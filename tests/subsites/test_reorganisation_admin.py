"""The reorganisation in the admin, as each person sees it through the test client: the portal's
administrators merge, close, rename and move units from the unit list; nobody else is offered the
actions or can run them by forging the request."""

import datetime

import pytest

from portal.services import SYSTEM
from subsites import reorganisation as ops
from subsites.models import Membership, MembershipOffer, Unit

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/subsites/unit/"


def _post_action(client, action, units, **data):
    payload = {"action": action, "_selected_action": [u.pk for u in units], "index": 0, **data}
    return client.post(CHANGELIST, payload, follow=True)


def test_the_admin_sees_the_actions_and_the_history_columns(client, superuser, unit_a):
    client.force_login(superuser)
    response = client.get(CHANGELIST)
    for action in ("merge_units", "close_units", "rename_units", "move_units"):
        assert f'value="{action}"' in response.text
    assert "column-ceased_on" in response.text and "column-successor" in response.text


def test_the_merge_action_asks_for_the_target_and_date_then_merges(client, superuser, unit_a, unit_b):
    client.force_login(superuser)
    form = _post_action(client, "merge_units", [unit_a])
    assert form.status_code == 200 and 'name="into"' in form.text and 'name="on"' in form.text
    done = _post_action(client, "merge_units", [unit_a], apply="yes", into="soyt", on="2025-07-01", name="")
    assert done.status_code == 200
    assert "Đã hợp nhất sotp vào soyt từ ngày 2025-07-01." in done.text
    unit = Unit.objects.get(key="sotp")
    assert (unit.ceased_on.isoformat(), unit.successor_id) == ("2025-07-01", unit_b.pk)


def test_the_merge_action_shows_a_refusal_on_its_form(client, superuser, unit_a):
    client.force_login(superuser)
    response = _post_action(client, "merge_units", [unit_a], apply="yes", into="sotp", on="2025-07-01")
    assert response.status_code == 200
    assert "Không thể hợp nhất đơn vị vào chính nó (“sotp”)." in response.text
    assert Unit.objects.get(key="sotp").ceased_on is None


def test_a_hostile_name_is_shown_escaped_and_refused(client, superuser, unit_a):
    client.force_login(superuser)
    response = _post_action(
        client,
        "merge_units",
        [unit_a],
        apply="yes",
        into="moi",
        name="<script>x</script>\x07",
        on="2025-07-01",
    )
    assert "<script>x</script>" not in response.text
    assert not Unit.objects.filter(key="moi").exists()


def test_close_rename_and_move_actions(client, superuser, unit_a, unit_b):
    client.force_login(superuser)
    _post_action(client, "rename_units", [unit_a], apply="yes", name="Sở Tư pháp mới", on="2025-07-01")
    _post_action(client, "move_units", [unit_a], apply="yes", parent="soyt", on="2025-07-01")
    _post_action(client, "close_units", [unit_a], apply="yes", successor="", on="2025-08-01")
    unit = Unit.objects.get(key="sotp")
    assert (unit.name_vi, unit.parent_id, unit.ceased_on.isoformat()) == (
        "Sở Tư pháp mới",
        unit_b.pk,
        "2025-08-01",
    )


def test_the_unit_page_shows_its_former_names(client, superuser, unit_a):
    ops.unit_rename(key="sotp", name="Sở Tư pháp mới", on=datetime.date(2025, 7, 1), acting_user=SYSTEM)
    client.force_login(superuser)
    response = client.get(f"/admin/subsites/unit/{unit_a.pk}/change/")
    inline = response.text.split('id="former_names-group"')[1]
    assert "<p>Sở Tư pháp</p>" in inline and "<p>Ngày 30 tháng 6 năm 2025</p>" in inline


@pytest.mark.parametrize("who", ["unit_admin_a", "editor_a", "translator_a_km", "board"])
@pytest.mark.parametrize("action", ["merge_units", "close_units", "rename_units", "move_units"])
def test_nobody_but_the_portal_administrators_may_reorganise(request, client, unit_a, unit_b, who, action):
    user = request.getfixturevalue(who)
    client.force_login(user)
    listing = client.get(CHANGELIST)
    assert f'value="{action}"' not in listing.text
    forged = _post_action(
        client,
        action,
        [unit_a],
        apply="yes",
        into="soyt",
        parent="soyt",
        name="X",
        successor="soyt",
        on="2025-07-01",
    )
    assert forged.status_code in (200, 403)
    unit = Unit.objects.get(key="sotp")
    assert (unit.ceased_on, unit.parent_id, unit.name_vi) == (None, unit_a.parent_id, "Sở Tư pháp")


def test_an_editor_of_another_unit_cannot_reorganise(client, unit_a, unit_b):
    from ..factories.subsites import member

    client.force_login(member(unit_b, "editor", username="editor_b"))
    _post_action(client, "close_units", [unit_a], apply="yes", on="2025-07-01")
    assert Unit.objects.get(key="sotp").ceased_on is None


def test_an_offered_editor_accepts_in_the_admin(client, unit_a, unit_b, editor_a):
    ops.unit_merge(sources=["sotp"], into="soyt", on=datetime.date(2025, 7, 1), acting_user=SYSTEM)
    offer = MembershipOffer.objects.get(user=editor_a)
    client.force_login(editor_a)
    assert "Sở Y tế" in client.get("/admin/subsites/membershipoffer/").text
    client.post(
        "/admin/subsites/membershipoffer/",
        {"action": "accept", "_selected_action": [offer.pk], "index": 0},
        follow=True,
    )
    assert Membership.objects.filter(user=editor_a, unit=unit_b).exists()


def test_an_offer_is_not_accepted_by_a_stranger_in_the_admin(
    client, unit_a, unit_b, editor_a, translator_a_km
):
    ops.unit_merge(sources=["sotp"], into="soyt", on=datetime.date(2025, 7, 1), acting_user=SYSTEM)
    offer = MembershipOffer.objects.get(user=editor_a)
    client.force_login(translator_a_km)
    client.post(
        "/admin/subsites/membershipoffer/",
        {"action": "accept", "_selected_action": [offer.pk], "index": 0},
        follow=True,
    )
    assert not Membership.objects.filter(user=editor_a, unit=unit_b).exists()


@pytest.mark.parametrize("who", ["translator_a_km", "board"])
def test_offers_are_listed_to_the_offered_and_the_unit_administrators_only(
    request, client, unit_a, unit_b, editor_a, who
):
    from ..factories.subsites import member

    ops.unit_merge(sources=["sotp"], into="soyt", on=datetime.date(2025, 7, 1), acting_user=SYSTEM)
    client.force_login(request.getfixturevalue(who))
    listing = client.get("/admin/subsites/membershipoffer/")
    assert listing.status_code == 200 and "editor_a" not in listing.text
    client.force_login(member(unit_b, "unit_admin", username="unitadmin_b"))
    assert "editor_a" in client.get("/admin/subsites/membershipoffer/").text
