"""Editors keep their units' procedures; lists, choices and objects are scoped to the editor's units by
UnitScopedAdminMixin, and every save goes through procedures.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from portal.admin_services import ServiceAdminMixin
from portal.enums import Status
from portal.services import Actor
from subsites import permissions as unit_permissions
from subsites.admin_scoping import UnitScopedAdminMixin

from . import permissions, services
from .models import Field, Procedure

_PUBLIC_STATES = (Status.PUBLISHED, Status.ARCHIVED)


class ProcedureAdminForm(forms.ModelForm):
    """Refuses, on the status field, a publication the user may not make in the chosen unit."""

    acting_user = None

    class Meta:
        model = Procedure
        fields = (
            "unit", "code", "name", "field", "level", "fees", "processing_time", "url", "online_level",
            "status", "published_at",
        )  # fmt: skip
        # The form's own check of an address would say only "Enter a valid URL": say what is accepted.
        error_messages = {"url": {"invalid": _("Enter a web address starting with https:// or http://.")}}

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        before = self.instance.status if self.instance.pk else None
        needs_approval = cleaned.get("status") in _PUBLIC_STATES or before in _PUBLIC_STATES
        if (
            unit is not None
            and needs_approval
            and not unit_permissions.user_can_approve_in_unit(self.acting_user, unit)
        ):
            self.add_error(
                "status",
                _(
                    "Only an approver of %(unit)s may publish or change published items: "
                    "save it as pending review."
                )
                % {"unit": unit},
            )
        return cleaned


@admin.register(Procedure)
class ProcedureAdmin(ServiceAdminMixin, UnitScopedAdminMixin, TabbedTranslationAdmin):
    form = ProcedureAdminForm
    list_display = ("code", "name", "unit", "field", "level", "status", "published_at")
    list_filter = ("status", "level", "field")
    list_select_related = ("unit", "field")
    search_fields = ("code", "name_vi", "name_en")
    actions = ("publish_selected",)
    fieldsets = (
        (None, {"fields": ("unit", "code", "name", "field", "level")}),
        (_("Filing"), {"fields": ("fees", "processing_time", "url", "online_level")}),
        (_("Publication"), {"fields": ("status", "published_at")}),
    )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request, obj)
        return permissions.user_can_delete_procedure(request.user, obj)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        if change:
            services.procedure_update(procedure=obj, acting_user=acting_user)
        else:
            services.procedure_create(procedure=obj, acting_user=acting_user)

    def delete_service(self, obj, *, acting_user: Actor):
        services.procedure_delete(procedure=obj, acting_user=acting_user)

    @admin.action(description=_("Publish the selected procedures"))
    def publish_selected(self, request, queryset):
        done = 0
        for procedure in queryset:
            try:
                services.procedure_publish(procedure=procedure, acting_user=request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                reason = "; ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{procedure}: {reason}", messages.ERROR)
        if done:
            message = ngettext("%(n)d procedure published.", "%(n)d procedures published.", done)
            self.message_user(request, message % {"n": done}, messages.SUCCESS)


@admin.register(Field)
class FieldAdmin(ServiceAdminMixin, TabbedTranslationAdmin):
    """Shared by every unit: editors see and add; only superusers change or delete."""

    list_display = ("name", "slug", "order")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_vi",)}

    def has_module_permission(self, request):
        user = request.user
        return permissions.user_can_manage_fields(user) or unit_permissions.user_is_board(user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return permissions.user_can_manage_fields(request.user)

    def has_change_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.field_save(field=obj, acting_user=acting_user)
