"""Every write of the procedures: the admin, the demo and commands all come here.

Each function is keyword-only, checks the acting user's right (portal.services.SYSTEM is the system;
None is refused), refuses what no form sends (control characters), validates with full_clean(), saves
in one transaction with an audit entry, and bumps the cache generations of the unit whose pages change.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.enums import Status
from portal.services import Actor, changed, diff, record, require, snapshot
from portal.text import has_control
from subsites.permissions import require_unit_open
from subsites.selectors import main_portal

from . import permissions
from .models import Field, Procedure


def _require(acting_user: Actor, allowed) -> None:
    require(acting_user, allowed, _("You may not make this change in this unit."))


def _changed(unit_id: int | None) -> None:
    """A unit's public pages, and the main portal's, which lists every unit's procedures."""
    main = main_portal()
    changed(("unit", unit_id), ("unit", main.pk if main is not None else None))


def _check_texts(obj) -> None:
    errors = {
        field.name: _("Remove the control characters from this text: they cannot be shown.")
        for field in obj._meta.concrete_fields
        if isinstance(getattr(obj, field.attname), str) and has_control(getattr(obj, field.attname))
    }
    if errors:
        raise ValidationError(errors)


def _stamp(obj, acting_user: Actor) -> None:
    if getattr(acting_user, "is_authenticated", False):
        if obj.pk is None:
            obj.created_by = acting_user
        obj.updated_by = acting_user


def _save(procedure: Procedure, *, acting_user: Actor, action: str) -> Procedure:
    current = Procedure.objects.select_related("unit").filter(pk=procedure.pk).first()
    before = snapshot(current) if current is not None else None
    if current is None and procedure.unit_id is not None:
        require_unit_open(acting_user, procedure.unit)
    _require(acting_user, lambda: permissions.user_can_edit_in_unit_of(acting_user, procedure))
    if current is not None:
        # Moving a procedure to another unit: the acting user must be allowed in the one it leaves too.
        _require(acting_user, lambda: permissions.user_can_edit_procedure(acting_user, current))
    if procedure.status == Status.PUBLISHED:
        _require(acting_user, lambda: permissions.user_can_publish_procedure(acting_user, procedure))
        procedure.published_at = procedure.published_at or timezone.now()
    _check_texts(procedure)
    procedure.full_clean()
    procedure.refresh_search_text()
    _stamp(procedure, acting_user)
    procedure.save()
    record(
        procedure,
        actor=acting_user,
        action=action,
        unit=procedure.unit,
        changes=diff(before or {}, snapshot(procedure)),
    )
    _changed(procedure.unit_id)
    if current is not None and current.unit_id != procedure.unit_id:
        _changed(current.unit_id)
    return procedure


@transaction.atomic
def procedure_create(*, procedure: Procedure, acting_user: Actor) -> Procedure:
    return _save(procedure, acting_user=acting_user, action="procedure.create")


@transaction.atomic
def procedure_update(*, procedure: Procedure, acting_user: Actor) -> Procedure:
    return _save(procedure, acting_user=acting_user, action="procedure.change")


@transaction.atomic
def procedure_publish(*, procedure: Procedure, acting_user: Actor, at: datetime | None = None) -> Procedure:
    """Publish now, or at `at` (a future moment schedules it)."""
    procedure.status = Status.PUBLISHED
    procedure.published_at = at or procedure.published_at or timezone.now()
    return _save(procedure, acting_user=acting_user, action="procedure.publish")


@transaction.atomic
def procedure_delete(*, procedure: Procedure, acting_user: Actor) -> None:
    _require(acting_user, lambda: permissions.user_can_delete_procedure(acting_user, procedure))
    unit_id = procedure.unit_id
    record(procedure, actor=acting_user, action="procedure.delete", unit=procedure.unit)
    procedure.delete()
    _changed(unit_id)


@transaction.atomic
def field_save(*, field: Field, acting_user: Actor) -> Field:
    current = Field.objects.filter(pk=field.pk).first() if field.pk else None
    if current is None:
        _require(acting_user, lambda: permissions.user_can_manage_fields(acting_user))
    else:
        _require(acting_user, lambda: bool(acting_user.is_active and acting_user.is_superuser))
    _check_texts(field)
    field.full_clean()
    field.save()
    before = snapshot(current) if current is not None else {}
    action = "procedure_field.change" if current else "procedure_field.create"
    record(field, actor=acting_user, action=action, changes=diff(before, snapshot(field)))
    # A field's name is shown on every unit's procedures.
    changed("site")
    return field
