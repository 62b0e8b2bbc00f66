"""The kernel of every app's services: who acts, may they, what is recorded, which caches change.

Each app's `services.py` keeps its own predicates and its own choice of cache scopes; the mechanism
(refusing, the audit entry, the generation bumps) is written once here so that its meaning cannot
drift between apps.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models

from . import audit, cache
from .audit import diff, snapshot
from .models import AuditEntry

__all__ = ["SYSTEM", "Actor", "SystemActor", "changed", "diff", "record", "require", "snapshot", "user_of"]


class SystemActor:
    """The portal itself acting: the importer, the demo, scheduled tasks and management commands.

    Not a user: it is neither authenticated nor staff, so no predicate grants it anything and no
    "created by" column names it; only `require` lets it through, by name. Being explicit (not None)
    keeps a forgotten `acting_user` from silently meaning "the system".
    """

    is_system = True
    is_authenticated = False
    is_anonymous = False
    is_active = False
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def get_username(self) -> str:
        return "system"

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False

    def __repr__(self) -> str:
        return "system"

    __str__ = __repr__


SYSTEM = SystemActor()

# Who a service acts for: a signed-in user, a visitor (public forms), or the portal itself.
Actor: TypeAlias = AbstractBaseUser | AnonymousUser | SystemActor


def user_of(actor: Actor | None) -> AbstractBaseUser | None:
    """The user to name in a "created by" column: a signed-in person; None for SYSTEM or a visitor."""
    return actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[return-value]


def require(actor: Actor | None, allowed: bool | Callable[[], bool], message: str) -> None:
    """Refuse (PermissionDenied) unless `actor` is SYSTEM or `allowed` holds.

    `allowed` may be a callable so that a predicate that would query the database is not asked for
    the system. None is refused like anyone without the right: there is no implicit actor.
    """
    if actor is SYSTEM:
        return
    if actor is None or not (allowed() if callable(allowed) else allowed):
        raise PermissionDenied(message)


def record(
    obj: models.Model | None,
    *,
    actor: Actor | None,
    action: str,
    changes: dict[str, Any] | None = None,
    unit=None,
) -> AuditEntry:
    """The audit entry of a change, written in the service's transaction (a rollback leaves none)."""
    return audit.record(actor=actor, action=action, obj=obj, unit=unit, changes=changes)


def changed(*scopes: tuple[str, object] | str) -> None:
    """Bump the cache generations of `scopes` ("site", or (scope, ident) such as ("unit", 3)).

    Each app decides which scopes a change touches; None idents (an unsaved unit) are skipped.
    """
    for scope in scopes:
        if isinstance(scope, tuple):
            name, ident = scope
            if ident is not None:
                cache.bump(name, ident)
        else:
            cache.bump(scope)
