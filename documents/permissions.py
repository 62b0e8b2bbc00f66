"""Who may do what with documents and schedules: predicates on top of subsites.permissions."""

from __future__ import annotations

from portal.enums import Status
from subsites import permissions as unit_permissions


def user_can_edit_document(user, document) -> bool:
    """Write and change drafts; a published document is changed only by someone who may publish it."""
    if not unit_permissions.user_can_edit_in_unit(user, document.unit):
        return False
    return document.status != Status.PUBLISHED or user_can_publish_document(user, document)


def user_can_publish_document(user, document) -> bool:
    return unit_permissions.user_can_approve_in_unit(user, document.unit)


def user_can_delete_document(user, document) -> bool:
    return unit_permissions.user_can_administer_unit(user, document.unit)


def user_can_relate_documents(user, source, target) -> bool:
    """Relate a document of one's unit to a public document, or to another document one can see."""
    if not unit_permissions.user_can_edit_in_unit(user, source.unit):
        return False
    return target.is_public or unit_permissions.user_can_view_unit(user, target.unit)


def user_can_edit_schedule(user, schedule) -> bool:
    if not unit_permissions.user_can_edit_in_unit(user, schedule.unit):
        return False
    return schedule.status != Status.PUBLISHED or user_can_publish_schedule(user, schedule)


def user_can_publish_schedule(user, schedule) -> bool:
    return unit_permissions.user_can_approve_in_unit(user, schedule.unit)


def user_can_manage_lookups(user) -> bool:
    """Fields and issuing bodies are shared by every unit: any editor adds one, superusers change them."""
    return unit_permissions.units_user_can_edit(user).exists()


def user_can_edit_in_unit_of(user, obj) -> bool:
    """Write drafts in the unit `obj` belongs to (an object without a unit yet fails validation instead)."""
    return obj.unit_id is None or unit_permissions.user_can_edit_in_unit(user, obj.unit)
