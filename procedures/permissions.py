"""Who may do what with administrative procedures: predicates on top of subsites.permissions."""

from __future__ import annotations

from portal.enums import Status
from subsites import permissions as unit_permissions


def user_can_edit_procedure(user, procedure) -> bool:
    """Write and change drafts; a published procedure is changed only by someone who may publish it."""
    if not unit_permissions.user_can_edit_in_unit(user, procedure.unit):
        return False
    return procedure.status != Status.PUBLISHED or user_can_publish_procedure(user, procedure)


def user_can_publish_procedure(user, procedure) -> bool:
    return unit_permissions.user_can_approve_in_unit(user, procedure.unit)


def user_can_delete_procedure(user, procedure) -> bool:
    return unit_permissions.user_can_administer_unit(user, procedure.unit)


def user_can_edit_in_unit_of(user, obj) -> bool:
    """Write drafts in the unit `obj` belongs to (an object without a unit yet fails validation instead)."""
    return obj.unit_id is None or unit_permissions.user_can_edit_in_unit(user, obj.unit)


def user_can_manage_fields(user) -> bool:
    """Fields are shared by every unit: any editor adds one, superusers change them."""
    return unit_permissions.user_edits_some_unit(user)
