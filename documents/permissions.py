"""Who may do what with documents and schedules: predicates on top of subsites.permissions."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from portal.enums import Status
from subsites import permissions as unit_permissions

from .models import Document


def user_can_edit_document(user, document) -> bool:
    """Write and change drafts; a published document is changed only by someone who may publish it."""
    if not unit_permissions.user_can_edit_in_unit(user, document.unit):
        return False
    return document.status != Status.PUBLISHED or user_can_publish_document(user, document)


def user_can_publish_document(user, document) -> bool:
    return unit_permissions.user_can_approve_in_unit(user, document.unit)


def user_can_delete_document(user, document) -> bool:
    return unit_permissions.user_can_administer_unit(user, document.unit)


def _sees_every_unit(user) -> bool:
    return bool(getattr(user, "is_superuser", False) and user.is_active)


def documents_user_can_view(user) -> QuerySet[Document]:
    """Public documents of any unit, and every document of the user's own units: THE rule for what a
    document page, a relation box or a relation choice may name. The board's read-only role gives no
    unit of its own: another unit's unpublished number and title stay with that unit."""
    if _sees_every_unit(user):
        return Document.objects.all()
    public = Document.objects.visible().order_by().values("pk")
    return Document.objects.filter(Q(pk__in=public) | Q(unit_id__in=unit_permissions.member_unit_ids(user)))


def user_can_view_document(user, document) -> bool:
    if document.is_public and document.unit.active:
        return True
    return _sees_every_unit(user) or document.unit_id in unit_permissions.member_unit_ids(user)


def user_can_relate_documents(user, source, target) -> bool:
    """Relate a document of one's unit to a document one may see (public, or of one's own units)."""
    if not unit_permissions.user_can_edit_in_unit(user, source.unit):
        return False
    return user_can_view_document(user, target)


def user_can_edit_schedule(user, schedule) -> bool:
    if not unit_permissions.user_can_edit_in_unit(user, schedule.unit):
        return False
    return schedule.status != Status.PUBLISHED or user_can_publish_schedule(user, schedule)


def user_can_publish_schedule(user, schedule) -> bool:
    return unit_permissions.user_can_approve_in_unit(user, schedule.unit)


def user_can_manage_lookups(user) -> bool:
    """Fields and issuing bodies are shared by every unit: any editor adds one, superusers change them."""
    return unit_permissions.user_edits_some_unit(user)


def user_can_edit_in_unit_of(user, obj) -> bool:
    """Write drafts in the unit `obj` belongs to (an object without a unit yet fails validation instead)."""
    return obj.unit_id is None or unit_permissions.user_can_edit_in_unit(user, obj.unit)
