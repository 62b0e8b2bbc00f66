"""Who may do what in which unit. Every "may this user…" question in the project ends here.

Roles come from memberships; a role applies to its own unit, and to the units below only when the
membership says so (`covers_subunits`). The editorial board sees every unit but changes nothing by
that role alone, and reads figures, not citizens' personal data.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from portal.services import Actor, require

from .enums import APPROVING_ROLES, EDITING_ROLES, Role
from .models import Membership, Unit
from .selectors import unit_by_pk

_CACHE_ATTR = "_portal_unit_roles"


def user_is_board(user) -> bool:
    """Ban biên tập: read access to every unit and to the reports."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("subsites.view_every_unit")


def _roles_by_unit(user) -> dict[int, set[tuple[str, str]]]:
    """unit id → {(role, language)}, with the units below the memberships that cover them; cached on the
    user."""
    if user is None:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[tuple[str, str]]] = {}
    if getattr(user, "is_authenticated", False) and user.is_active:
        memberships = list(Membership.objects.filter(user=user, unit__active=True).select_related("unit"))
        for membership in memberships:
            unit_ids = (
                membership.unit.get_descendants(include_self=True).values_list("id", flat=True)
                if membership.covers_subunits
                else [membership.unit_id]
            )
            for unit_id in unit_ids:
                roles.setdefault(unit_id, set()).add((membership.role, membership.language))
    setattr(user, _CACHE_ATTR, roles)
    return roles


def forget_roles(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_in_unit(user, unit_or_id) -> set[str]:
    unit_id = getattr(unit_or_id, "pk", unit_or_id)
    return {role for role, _lang in _roles_by_unit(user).get(unit_id, set())}


def member_unit_ids(user) -> set[int]:
    return set(_roles_by_unit(user))


def units_user_can_see(user) -> QuerySet[Unit]:
    """Every unit for the board and superusers; the user's own units (and sub-units) otherwise."""
    if user_is_board(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=member_unit_ids(user))


def units_user_can_edit(user) -> QuerySet[Unit]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Unit.objects.all()
    ids = [uid for uid, roles in _roles_by_unit(user).items() if {r for r, _l in roles} & EDITING_ROLES]
    return Unit.objects.filter(pk__in=ids)


def user_edits_some_unit(user) -> bool:
    """Whether the user may edit in any unit, without a query: the admin's navigation asks it of every
    registered admin on every page."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any({r for r, _l in roles} & EDITING_ROLES for roles in _roles_by_unit(user).values())


def user_administers_some_unit(user) -> bool:
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any((Role.UNIT_ADMIN.value, "") in roles for roles in _roles_by_unit(user).values())


def units_user_can_administer(user) -> QuerySet[Unit]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Unit.objects.all()
    ids = [uid for uid, roles in _roles_by_unit(user).items() if (Role.UNIT_ADMIN.value, "") in roles]
    return Unit.objects.filter(pk__in=ids)


def user_can_view_unit(user, unit) -> bool:
    return user_is_board(user) or bool(roles_in_unit(user, unit))


def _unit_of(unit_or_id) -> Unit | None:
    if isinstance(unit_or_id, Unit):
        return unit_or_id

    return unit_by_pk(unit_or_id)


def unit_is_open(unit_or_id) -> bool:
    """A ceased unit is read-only: nothing new is written in it and nobody joins it."""
    unit = _unit_of(unit_or_id)
    return unit is None or not unit.is_ceased


def ceased_message(unit: Unit) -> str:
    day = formats.date_format(unit.ceased_on, "SHORT_DATE_FORMAT")
    if unit.successor_id is not None:
        return _(
            "“%(unit)s” ceased on %(day)s and takes nothing new: its work continues at “%(successor)s”."
        ) % {
            "unit": unit.name,
            "day": day,
            "successor": unit.successor.name,
        }
    return _("“%(unit)s” ceased on %(day)s and takes nothing new.") % {"unit": unit.name, "day": day}


def require_unit_open(actor: Actor, unit_or_id) -> None:
    """Refuse, with a message naming the successor, to add anything to a ceased unit. The portal itself
    (SYSTEM: the importer bringing in a former portal's history) may."""
    unit = _unit_of(unit_or_id)
    if unit is not None and unit.is_ceased:
        require(actor, False, ceased_message(unit))


def current_unit(unit: Unit) -> Unit | None:
    """The unit doing `unit`'s work today: itself, or its successor's successor…; None when it closed
    without one."""
    seen = set()
    while unit is not None and unit.is_ceased and unit.pk not in seen:
        seen.add(unit.pk)
        unit = _unit_of(unit.successor_id) if unit.successor_id else None
    return unit if unit is not None and not unit.is_ceased else None


def user_can_edit_in_unit(user, unit) -> bool:
    """Write and change content (drafts) of the unit; nobody writes in a ceased one."""
    if not unit_is_open(unit):
        return False
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_in_unit(user, unit) & EDITING_ROLES)


def user_can_approve_in_unit(user, unit) -> bool:
    """Review and publish the unit's content (người duyệt)."""
    if not unit_is_open(unit):
        return False
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_in_unit(user, unit) & APPROVING_ROLES)


def user_can_translate_in_unit(user, unit, language: str) -> bool:
    if not unit_is_open(unit):
        # A ceased unit's pending translations are finished by the unit that took over its work.
        heir = current_unit(_unit_of(unit))
        return heir is not None and user_can_translate_in_unit(user, heir, language)
    if user_can_edit_in_unit(user, unit):
        return True
    unit_id = getattr(unit, "pk", unit)
    return (Role.TRANSLATOR.value, language) in _roles_by_unit(user).get(unit_id, set())


def user_can_administer_unit(user, unit) -> bool:
    """Manage the unit's menu, pages and memberships (quản trị trang thành phần)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return Role.UNIT_ADMIN in roles_in_unit(user, unit)


def user_can_manage_units(user) -> bool:
    """Create units and move them in the tree: the portal's superusers only."""
    return bool(getattr(user, "is_superuser", False) and user.is_active)
