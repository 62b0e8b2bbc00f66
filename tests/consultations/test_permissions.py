"""Roles × phases × actions: who may do what to a consultation, and when."""

import pytest

from consultations import permissions
from consultations.enums import Phase
from subsites.enums import Role

from ..factories.consultations import DraftFactory
from ..factories.subsites import member

pytestmark = pytest.mark.django_db

TRAITS = {
    Phase.DRAFT: {},
    Phase.UPCOMING: {"upcoming": True},
    Phase.OPEN: {"scheduled": True},
    Phase.CLOSED: {"closed": True},
    Phase.CONCLUDED: {"concluded": True},
}
# action → {role: phases in which it is allowed}
MATRIX = {
    permissions.user_can_edit_draft: {
        Role.EDITOR: {Phase.DRAFT, Phase.UPCOMING},
        Role.APPROVER: {Phase.DRAFT, Phase.UPCOMING},
    },
    permissions.user_can_schedule_draft: {Role.APPROVER: {Phase.DRAFT}},
    permissions.user_can_extend_draft: {Role.APPROVER: {Phase.UPCOMING, Phase.OPEN}},
    permissions.user_can_suspend_draft: {Role.APPROVER: {Phase.UPCOMING, Phase.OPEN}},
    permissions.user_can_withdraw_draft: {Role.APPROVER: {Phase.UPCOMING, Phase.OPEN, Phase.CLOSED}},
    permissions.user_can_moderate: {
        Role.EDITOR: {Phase.UPCOMING, Phase.OPEN, Phase.CLOSED, Phase.CONCLUDED},
        Role.APPROVER: {Phase.UPCOMING, Phase.OPEN, Phase.CLOSED, Phase.CONCLUDED},
    },
    permissions.user_can_record_disposition: {Role.EDITOR: {Phase.CLOSED}, Role.APPROVER: {Phase.CLOSED}},
    permissions.user_can_publish_outcome: {Role.APPROVER: {Phase.CLOSED}},
}
ROLES = [Role.EDITOR, Role.APPROVER, Role.TRANSLATOR, "other_unit", "anonymous"]


@pytest.fixture
def people(unit_a, unit_b, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    return {
        Role.EDITOR: member(unit_a, Role.EDITOR),
        Role.APPROVER: member(unit_a, Role.APPROVER),
        Role.TRANSLATOR: member(unit_a, Role.TRANSLATOR, language="km"),
        "other_unit": member(unit_b, Role.APPROVER),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize("phase", list(TRAITS))
def test_permission_matrix(unit_a, people, phase):
    draft = DraftFactory(unit=unit_a, **TRAITS[phase])
    assert draft.phase() == phase
    for predicate, allowed in MATRIX.items():
        for role in ROLES:
            expected = phase in allowed.get(role, set())
            assert predicate(people[role], draft) is expected, (predicate.__name__, role, phase)


@pytest.mark.parametrize("phase", list(TRAITS))
def test_anyone_comments_only_while_open(unit_a, phase):
    assert permissions.user_can_comment(DraftFactory(unit=unit_a, **TRAITS[phase])) is (phase == Phase.OPEN)
