"""Who may do what in which unit. Every "may this user…" question in the project ends here.

Roles come from memberships; a role in a unit also covers that unit's sub-units (a district's
communes). The editorial board sees every unit but changes nothing by that role alone.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .enums import APPROVING_ROLES, EDITING_ROLES, Role
from .models import Membership, Unit

_CACHE_ATTR = "_portal_unit_roles"


def user_is_board(user) -> bool:
    """Ban biên tập: read access to every unit and to the reports."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.has_perm("subsites.view_every_unit")


def _roles_by_unit(user) -> dict[int, set[tuple[str, str]]]:
    """unit id → {(role, language)}, including the units below each membership; cached on the user."""
    if user is None:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    roles: dict[int, set[tuple[str, str]]] = {}
    if getattr(user, "is_authenticated", False) and user.is_active:
        memberships = list(Membership.objects.filter(user=user, unit__active=True).select_related("unit"))
        for membership in memberships:
            for unit_id in membership.unit.get_descendants(include_self=True).values_list("id", flat=True):
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


def units_user_can_administer(user) -> QuerySet[Unit]:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Unit.objects.all()
    ids = [uid for uid, roles in _roles_by_unit(user).items() if (Role.UNIT_ADMIN.value, "") in roles]
    return Unit.objects.filter(pk__in=ids)


def user_can_view_unit(user, unit) -> bool:
    return user_is_board(user) or bool(roles_in_unit(user, unit))


def user_can_edit_in_unit(user, unit) -> bool:
    """Write and change content (drafts) of the unit."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_in_unit(user, unit) & EDITING_ROLES)


def user_can_approve_in_unit(user, unit) -> bool:
    """Review and publish the unit's content (người duyệt)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return bool(roles_in_unit(user, unit) & APPROVING_ROLES)


def user_can_translate_in_unit(user, unit, language: str) -> bool:
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
