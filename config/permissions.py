"""Questions the kernel answers for every app: may the admin's "view on site" give an object's address.

Django's shortcut (/admin/r/<content type>/<id>/) redirects any staff user to any object's public
address, whose slug and unit give away an unpublished title and which unit owns a draft, a question or
a week's schedule. It answers only for what the user may view: a public object (its app's `visible()`),
or one of the user's own units (the board's read-only role names no unit of its own). A model whose
rule differs registers it here, keyed by its label.
"""

from __future__ import annotations

from collections.abc import Callable

from citizen_qa.permissions import user_is_portal_editor
from subsites import permissions as unit_permissions

VIEW_ON_SITE_RULES: dict[str, Callable] = {}


def view_on_site_rule(label: str):
    """Register `fn(user, obj) -> bool` for the model `label` ("app_label.model_name")."""

    def decorator(fn):
        VIEW_ON_SITE_RULES[label] = fn
        return fn

    return decorator


def _is_public(obj) -> bool:
    visible = getattr(type(obj)._default_manager, "visible", None)
    return visible is not None and visible().filter(pk=obj.pk).exists()


def _unit_id(obj):
    unit_id = getattr(obj, "unit_id", None)
    if unit_id is None:
        unit = getattr(obj, "unit", None)  # a part of a document, a draft… reaches its unit through it
        unit_id = getattr(unit, "pk", None)
    return unit_id


def user_can_view_on_site(user, obj) -> bool:
    if not (getattr(user, "is_authenticated", False) and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    rule = VIEW_ON_SITE_RULES.get(obj._meta.label_lower)
    if rule is not None:
        return bool(rule(user, obj))
    return _is_public(obj) or _unit_id(obj) in unit_permissions.member_unit_ids(user)


@view_on_site_rule("subsites.unit")
def _unit_site(user, unit) -> bool:
    return unit.active or unit.pk in unit_permissions.member_unit_ids(user)


@view_on_site_rule("citizen_qa.question")
def _question(user, question) -> bool:
    """Received at one unit, answered by another; the portal's editors screen every question."""

    own = unit_permissions.member_unit_ids(user)
    return (
        _is_public(question)
        or bool({question.unit_id, question.forwarded_to_id} & own)
        or user_is_portal_editor(user)
    )
