"""Editors post documents with their files and relations, and the leaders' weekly schedule, in their units.

Every save goes through documents.services; lists, choices and objects are scoped to the editor's
units by UnitScopedAdminMixin. A form error names the field and what is wrong; nothing is a 500.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline

from portal.admin_services import ServiceAdminMixin
from portal.enums import Status
from portal.services import Actor
from subsites import permissions as unit_permissions
from subsites.admin_scoping import UnitScopedAdminMixin, UnitScopedInlineMixin

from . import permissions, services
from .models import Attachment, Document, Field, IssuingBody, LeaderSchedule, Relation, ScheduleEntry

_PUBLIC_STATES = (Status.PUBLISHED, Status.ARCHIVED)


def relation_targets(user):
    """Documents a relation may point to: those the user may see (documents.permissions)."""
    return permissions.documents_user_can_view(user)


def _is_relation_autocomplete(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("app_label") == "documents"
        and request.GET.get("model_name") == "relation"
        and request.GET.get("field_name") == "target"
    )


def _masked(items: list, hidden: set[str], masked: str) -> list:
    """The admin's nested list of deleted objects, with the lines in `hidden` replaced by `masked`."""
    return [_masked(item, hidden, masked) if isinstance(item, list) else (masked if item in hidden else item)
            for item in items]  # fmt: skip


class _PublishingForm(forms.ModelForm):
    """Refuses, on the status field, a publication the user may not make in the chosen unit."""

    acting_user = None
    approve_check = staticmethod(unit_permissions.user_can_approve_in_unit)

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("unit")
        status = cleaned.get("status")
        before = self.instance.status if self.instance.pk else None
        needs_approval = status in _PUBLIC_STATES or before in _PUBLIC_STATES
        if unit is not None and needs_approval and not self.approve_check(self.acting_user, unit):
            self.add_error(
                "status",
                _(
                    "Only an approver of %(unit)s may publish or change published items: "
                    "save it as pending review."
                )
                % {"unit": unit},
            )
        return cleaned


class DocumentAdminForm(_PublishingForm):
    class Meta:
        model = Document
        fields = (
            "unit", "number_symbol", "category", "title", "issuing_body", "signer", "field", "issued_on",
            "effective_on", "expires_on", "fiscal_year", "budget_kind", "enterprise", "status",
            "published_at",
        )  # fmt: skip


class _ServiceInlineMixin(UnitScopedInlineMixin):
    """Inline rows saved and deleted through the services (see DocumentAdmin.save_formset)."""


class AttachmentInline(_ServiceInlineMixin, admin.TabularInline):
    model = Attachment
    extra = 1
    fields = ("title", "file", "order", "content_type", "size", "download_count")
    readonly_fields = ("content_type", "size", "download_count")


class _SeenRelationsMixin:
    """Only relations whose other document the user may see: another unit's unpublished document
    that amends this one stays out of this unit's page (number, title and link alike)."""

    def get_queryset(self, request):
        return super().get_queryset(request).among(permissions.documents_user_can_view(request.user))


class RelationInline(_SeenRelationsMixin, _ServiceInlineMixin, admin.TabularInline):
    model = Relation
    fk_name = "source"
    extra = 0
    fields = ("kind", "target")
    autocomplete_fields = ("target",)
    verbose_name = _("relation to an earlier document")
    verbose_name_plural = _("this document amends, replaces or guides")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            kwargs["queryset"] = relation_targets(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class IncomingRelationInline(_SeenRelationsMixin, UnitScopedInlineMixin, admin.TabularInline):
    model = Relation
    fk_name = "target"
    extra = 0
    fields = ("source", "kind")
    readonly_fields = ("source", "kind")
    verbose_name = _("later document")
    verbose_name_plural = _("later documents amending, replacing or guiding this one")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


_INLINE_SERVICES = {
    Attachment: (
        lambda obj, user: services.attachment_save(attachment=obj, acting_user=user),
        lambda obj, user: services.attachment_remove(attachment=obj, acting_user=user),
    ),
    Relation: (
        lambda obj, user: services.relation_save(relation=obj, acting_user=user),
        lambda obj, user: services.relation_remove(relation=obj, acting_user=user),
    ),
    ScheduleEntry: (
        lambda obj, user: services.schedule_entry_save(entry=obj, acting_user=user),
        lambda obj, user: services.schedule_entry_remove(entry=obj, acting_user=user),
    ),
}


class _ServiceAdmin(ServiceAdminMixin, UnitScopedAdminMixin):
    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"acting_user": request.user})

    def save_formset(self, request, form, formset, change):
        save, remove = _INLINE_SERVICES[formset.model]
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            remove(obj, request.user)
        for obj in instances:
            save(obj, request.user)
        formset.save_m2m()

    def _run(self, request, queryset, service, done_message) -> None:
        done = 0
        for obj in queryset:
            try:
                service(obj, request.user)
                done += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request, f"{obj}: {'; '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)


@admin.register(Document)
class DocumentAdmin(_ServiceAdmin, TabbedTranslationAdmin):
    form = DocumentAdminForm
    inlines = (AttachmentInline, RelationInline, IncomingRelationInline)
    list_display = (
        "number_symbol",
        "short_title",
        "unit",
        "category",
        "issued_on",
        "status",
        "posted_at",
        "posting_delay_days",
    )
    list_filter = ("category", "status", "doc_type", "issuing_body", "year")
    list_select_related = ("unit", "issuing_body")
    search_fields = ("number_symbol", "title_vi", "title_en", "signer")
    date_hierarchy = "issued_on"
    readonly_fields = ("doc_type", "body_code", "year", "posted_at", "posting_delay_days")
    actions = ("publish_selected", "archive_selected")
    fieldsets = (
        (None, {"fields": ("unit", "number_symbol", "category", "title", "issuing_body", "signer", "field")}),
        (_("Dates"), {"fields": ("issued_on", "effective_on", "expires_on")}),
        (_("Budget disclosure"), {"fields": ("fiscal_year", "budget_kind"), "classes": ("collapse",)}),
        (_("State-owned enterprise"), {"fields": ("enterprise",), "classes": ("collapse",)}),
        (_("Publication"), {"fields": ("status", "published_at", "posted_at", "posting_delay_days")}),
        (_("Read from the number and symbol"), {"fields": ("doc_type", "body_code", "year")}),
    )

    @admin.display(description=_("abstract"))
    def short_title(self, obj):
        text = obj.title or ""
        return text if len(text) <= 90 else f"{text[:88]}…"

    def get_queryset(self, request):
        if _is_relation_autocomplete(request):
            return relation_targets(request.user)
        return super().get_queryset(request)

    def get_deleted_objects(self, objs, request):
        """The confirmation lists the relations deleted with the document; one with a document the
        user may not see is named without that document's number and title."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        keys = [obj.pk for obj in objs]
        seen = Relation.objects.among(permissions.documents_user_can_view(request.user)).values("pk")
        unseen = Relation.objects.filter(Q(source__in=keys) | Q(target__in=keys)).exclude(pk__in=seen)
        label = capfirst(Relation._meta.verbose_name)
        hidden = {f"{label}: {relation}" for relation in unseen.select_related("source", "target")}
        masked = f"{label}: {gettext('with a document of another unit')}"
        return _masked(deleted, hidden, masked), counts, perms_needed, protected

    def save_service(self, obj, *, acting_user: Actor, form, change):
        if change:
            services.document_update(document=obj, acting_user=acting_user)
        else:
            services.document_create(document=obj, acting_user=acting_user)

    def delete_service(self, obj, *, acting_user: Actor):
        services.document_delete(document=obj, acting_user=acting_user)

    @admin.action(description=_("Publish the selected documents"))
    def publish_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda obj, user: services.document_publish(document=obj, acting_user=user),
            lambda n: ngettext("%(n)d document published.", "%(n)d documents published.", n) % {"n": n},
        )

    @admin.action(description=_("Archive the selected documents"))
    def archive_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda obj, user: services.document_archive(document=obj, acting_user=user),
            lambda n: ngettext("%(n)d document archived.", "%(n)d documents archived.", n) % {"n": n},
        )


class ScheduleForm(_PublishingForm):
    class Meta:
        model = LeaderSchedule
        fields = ("unit", "week_start", "status", "published_at")


class ScheduleEntryInline(_ServiceInlineMixin, TranslationStackedInline):
    model = ScheduleEntry
    extra = 1
    fields = ("date", "time", "leader", "content", "location", "participants")


@admin.register(LeaderSchedule)
class LeaderScheduleAdmin(_ServiceAdmin, admin.ModelAdmin):
    form = ScheduleForm
    inlines = (ScheduleEntryInline,)
    list_display = ("__str__", "unit", "week_start", "status", "posted_at")
    list_filter = ("status",)
    list_select_related = ("unit",)
    date_hierarchy = "week_start"
    fields = ("unit", "week_start", "status", "published_at", "posted_at")
    readonly_fields = ("posted_at",)
    actions = ("publish_selected",)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.schedule_save(schedule=obj, acting_user=acting_user)

    def delete_service(self, obj, *, acting_user: Actor):
        services.schedule_delete(schedule=obj, acting_user=acting_user)

    @admin.action(description=_("Publish the selected weeks"))
    def publish_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda obj, user: services.schedule_publish(schedule=obj, acting_user=user),
            lambda n: ngettext("%(n)d week published.", "%(n)d weeks published.", n) % {"n": n},
        )


class _LookupAdmin(ServiceAdminMixin, TabbedTranslationAdmin):
    """Shared by every unit: editors see and add; only superusers change or delete."""

    def has_module_permission(self, request):
        return permissions.user_can_manage_lookups(request.user) or unit_permissions.user_is_board(
            request.user
        )

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return permissions.user_can_manage_lookups(request.user)

    def has_change_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_active and request.user.is_superuser)


@admin.register(Field)
class FieldAdmin(_LookupAdmin):
    list_display = ("name", "slug", "order")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name_vi",)}

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.field_save(field=obj, acting_user=acting_user)


@admin.register(IssuingBody)
class IssuingBodyAdmin(_LookupAdmin):
    list_display = ("name", "code", "order")
    search_fields = ("name", "code")

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.issuing_body_save(body=obj, acting_user=acting_user)
