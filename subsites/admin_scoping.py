"""The admin mixin that keeps every editor inside their own units.

Lists, forms' unit choices (and choices of any model that belongs to a unit), object permissions and
saving are all scoped; an object of another unit answers exactly like a missing one. A forged POST
naming another unit's id fails form validation because that id is not among the choices.
"""

from __future__ import annotations

import unicodedata

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from . import permissions
from .models import Unit
from .selectors import former_province


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


def unit_chooser_fields(model) -> tuple[str, ...]:
    """The model's fields that choose units: with ~250 units, each is a search box, not a drop-down."""
    return tuple(
        f.name
        for f in model._meta.get_fields()
        if (f.many_to_one or f.many_to_many) and not f.auto_created and f.related_model is Unit
    )


def search_term(raw: str) -> str:
    """A search typed into a chooser, made harmless: no control characters (a NUL is refused by
    PostgreSQL), at most 100 characters (no unit's name or key is longer to search for)."""
    return "".join(c for c in raw if unicodedata.category(c) != "Cc")[:100]


def _source_admin(site, model):
    """The admin (or the inline of a registered admin) whose form shows `model`'s fields."""
    if model in site._registry:
        return site._registry[model]
    for parent in site._registry.values():
        for inline in parent.inlines:
            if inline.model is model:
                return inline(parent.model, site)
    return None


def is_unit_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name == "autocomplete"


def autocomplete_units(site, request) -> models.QuerySet[Unit]:
    """The units an autocomplete request may answer with: exactly the choices the asking form's field
    offers this user (as the drop-down did), none for a field they may not fill in. So a search box
    shows no unit name the user could not already see."""
    params = request.GET
    try:
        model = apps.get_model(params.get("app_label", ""), params.get("model_name", ""))
        field = model._meta.get_field(params.get("field_name", ""))
    except (LookupError, ValueError, FieldDoesNotExist):
        return Unit.objects.none()
    source = _source_admin(site, model)
    if source is None or field.name not in unit_chooser_fields(model):
        return Unit.objects.none()
    obj = (None,) if isinstance(source, InlineModelAdmin) else ()  # an inline's permissions name the parent
    writable = source.has_add_permission(request, *obj) or source.has_change_permission(request, *obj)
    if not writable or field.name in source.get_readonly_fields(request):
        return Unit.objects.none()
    formfield = source.formfield_for_dbfield(field, request)
    return formfield.queryset if formfield is not None else Unit.objects.none()


def unit_choice_label(unit: Unit) -> str:
    """A unit as a chooser lists it: a merged province has several "Sở Tư pháp", told apart by the
    key (prefixed by their former province) and the former province's name. From the cached index."""
    province = former_province(unit)
    if province is None or province.pk == unit.pk:
        return f"{unit.name} ({unit.key})"
    return f"{unit.name} ({unit.key}) — {province.name}"


class AutocompleteView(AutocompleteJsonView):
    """The admin's autocomplete, naming units so that namesakes of two former provinces differ."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Unit):
            result["text"] = unit_choice_label(obj)
        return result


# The unit filter of a list names only the units of the rows the user may list (one query): not
# every unit of a merged province, and no unit the user may not see.
UNIT_FILTER = ("unit", admin.RelatedOnlyFieldListFilter)


class UnitChooserMixin:
    """Every field choosing units is an autocomplete (a search over the choices the field allows)."""

    def get_autocomplete_fields(self, request):
        declared = tuple(super().get_autocomplete_fields(request))
        return declared + tuple(f for f in unit_chooser_fields(self.model) if f not in declared)


class UnitScopedAdminMixin(UnitChooserMixin):
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
        return edits_some_unit(request)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return edits_some_unit(request)
        return permissions.user_can_edit_in_unit(request.user, self.object_unit(obj))

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return permissions.user_administers_some_unit(request.user)
        return permissions.user_can_administer_unit(request.user, self.object_unit(obj))


def edits_some_unit(request) -> bool:
    return permissions.user_edits_some_unit(request.user)


class UnitScopedInlineMixin:
    """Inlines follow their parent object's unit."""

    def _parent_unit_editable(self, request, obj) -> bool:
        if obj is None:
            return edits_some_unit(request)
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
