"""The admin mixin that keeps every editor inside their own units.

Lists, forms' unit choices (and choices of any model that belongs to a unit), object permissions and
saving are all scoped; an object of another unit answers exactly like a missing one. A forged POST
naming another unit's id fails form validation because that id is not among the choices.
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models

from . import permissions
from .models import Unit


def _unit_of(obj, unit_field: str):
    value = obj
    for part in unit_field.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _has_unit_field(model) -> bool:
    try:
        field = model._meta.get_field("unit")
    except Exception:
        return False
    return getattr(field.remote_field, "model", None) is Unit


class UnitScopedAdminMixin:
    """Mix into a ModelAdmin whose model has a `unit` (or set `unit_field` to a path like `draft__unit`)."""

    unit_field = "unit"

    # --- what may be listed and chosen ---
    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if permissions.user_is_board(request.user):
            return qs
        return qs.filter(**{f"{self.unit_field}__in": permissions.units_user_can_see(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if related is Unit:
            kwargs["queryset"] = self.unit_choices(request)
        elif _has_unit_field(related) and "queryset" not in kwargs:
            kwargs["queryset"] = related._default_manager.filter(unit__in=self.unit_choices(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.remote_field.model
        if related is Unit:
            kwargs["queryset"] = self.unit_choices(request)
        elif _has_unit_field(related) and "queryset" not in kwargs:
            kwargs["queryset"] = related._default_manager.filter(unit__in=self.unit_choices(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def unit_choices(self, request) -> models.QuerySet[Unit]:
        """The units an object may be put in: those the user may edit."""
        return permissions.units_user_can_edit(request.user)

    # --- what may be done ---
    def object_unit(self, obj):
        return _unit_of(obj, self.unit_field)

    def has_module_permission(self, request):
        user = request.user
        return permissions.user_is_board(user) or bool(permissions.member_unit_ids(user))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return self.has_module_permission(request)
        return permissions.user_can_view_unit(request.user, self.object_unit(obj))

    def has_add_permission(self, request, *args):
        return permissions.units_user_can_edit(request.user).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.units_user_can_edit(request.user).exists()
        return permissions.user_can_edit_in_unit(request.user, self.object_unit(obj))

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return permissions.units_user_can_administer(request.user).exists()
        return permissions.user_can_administer_unit(request.user, self.object_unit(obj))


class UnitScopedInlineMixin:
    """Inlines follow their parent object's unit."""

    def _parent_unit_editable(self, request, obj) -> bool:
        if obj is None:
            return permissions.units_user_can_edit(request.user).exists()
        unit = obj if isinstance(obj, Unit) else getattr(obj, "unit", None)
        return permissions.user_can_edit_in_unit(request.user, unit)

    def has_view_permission(self, request, obj=None):
        return (
            True
            if obj is None
            else (permissions.user_can_view_unit(request.user, obj if isinstance(obj, Unit) else obj.unit))
        )

    def has_add_permission(self, request, obj=None):
        return self._parent_unit_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._parent_unit_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._parent_unit_editable(request, obj)


class UnitScopedModelAdmin(UnitScopedAdminMixin, admin.ModelAdmin):
    pass
