"""The audit trail: services call `record` inside their transaction; a rolled-back change leaves none."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

# The address of the request being served, set by portal.middleware.RequestContextMiddleware.
current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    unit=None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    # The portal itself (portal.services.SYSTEM) is named "system"; a visitor is left unnamed.
    named = authenticated or getattr(actor, "is_system", False)
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_repr=actor.get_username() if named else "",
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        unit=unit if unit is not None else getattr(obj, "unit", None),
        changes=_jsonable(changes or {}),
        ip_address=current_ip.get(),
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field → [old, new] for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


# Columns derived from others (folded copies for searching): never edited, so never worth recording.
_DERIVED = {"search_text", "number_folded"}


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """Field → value of `obj` (its concrete fields but the derived ones, or `fields`), to `diff` later."""
    names = fields or [f.attname for f in obj._meta.concrete_fields if f.name not in _DERIVED]
    return {name: getattr(obj, name) for name in names}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
