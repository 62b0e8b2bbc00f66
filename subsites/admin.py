from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from mptt.admin import MPTTModelAdmin

from portal.admin_services import ServiceAdminMixin
from portal.services import Actor

from . import permissions, services
from .admin_reorganisation import (
    REORGANISATION_ACTIONS,
    FormerHostInline,
    FormerNameInline,
    MembershipOfferAdmin,
)
from .admin_scoping import UnitChooserMixin, UnitScopedAdminMixin, autocomplete_units, is_unit_autocomplete
from .admin_scoping import search_term as scoping_search_term
from .models import Banner, Membership, MembershipOffer, Page, Section, Unit, UnitFormerHost

SLUG_FIELDS = ("slug_vi", "slug_en", "slug_km")
# Khmer addresses are typed: the admin's slug maker drops the combining marks Khmer vowels are.
PREPOPULATED_SLUGS = {"slug_vi": ("title_vi",), "slug_en": ("title_en",)}


class LifeFilter(admin.SimpleListFilter):
    title = _("life")
    parameter_name = "life"

    def lookups(self, request, model_admin):
        return [("current", _("current")), ("ceased", _("ceased"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "ceased":
            return queryset.ceased_by(today)
        if self.value() == "current":
            return queryset.exclude(ceased_on__lte=today)
        return queryset


@admin.register(Unit)
class UnitAdmin(UnitChooserMixin, ServiceAdminMixin, MPTTModelAdmin, TabbedTranslationAdmin):
    """The unit tree (indented by level), searched, filtered and paged: a merged province has ~250."""

    list_display = ("name", "key", "type", "host", "active", "established_on", "ceased_on", "successor")
    list_filter = ("type", LifeFilter, "active")
    # The choosers of units in every other admin search these (admin_scoping.autocomplete_units).
    search_fields = ("key", "name_vi", "name_en", "name_km", "host")
    list_per_page = 50
    mptt_level_indent = 16
    list_select_related = ("successor",)  # the successor column: no query per row
    inlines = [FormerNameInline, FormerHostInline]
    actions = REORGANISATION_ACTIONS
    # A unit's life changes through the reorganisation actions (dated, audited, with its open work).
    _structural = (
        "key",
        "parent",
        "type",
        "host",
        "budget_disclosure",
        "active",
        "established_on",
        "ceased_on",
        "successor",
    )
    _life = ("ceased_on", "successor")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not permissions.user_can_manage_units(request.user):
            for action in REORGANISATION_ACTIONS:
                actions.pop(action.__name__, None)
        return actions

    def save_formset(self, request, form, formset, change):
        if formset.model is not UnitFormerHost:
            return super().save_formset(request, form, formset, change)
        hosts = formset.save(commit=False)
        for host in formset.deleted_objects:
            services.former_host_delete(former_host=host, acting_user=request.user)
        for host in hosts:
            services.former_host_save(former_host=host, acting_user=request.user)

    def get_queryset(self, request):
        if is_unit_autocomplete(request):
            return autocomplete_units(self.admin_site, request).order_by("tree_id", "lft")
        return super().get_queryset(request).filter(pk__in=permissions.units_user_can_see(request.user))

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, scoping_search_term(search_term))

    def get_readonly_fields(self, request, obj=None):
        return self._life if permissions.user_can_manage_units(request.user) else self._structural

    def has_module_permission(self, request):
        return permissions.user_is_board(request.user) or bool(permissions.member_unit_ids(request.user))

    def has_view_permission(self, request, obj=None):
        return (
            self.has_module_permission(request)
            if obj is None
            else (permissions.user_can_view_unit(request.user, obj))
        )

    def has_add_permission(self, request):
        return permissions.user_can_manage_units(request.user)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.units_user_can_administer(request.user).exists()
        return permissions.user_can_administer_unit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return permissions.user_can_manage_units(request.user)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.unit_save(unit=obj, acting_user=acting_user)


class _UnitAdministeredAdmin(ServiceAdminMixin, UnitScopedAdminMixin):
    """Menus, pages and memberships are the unit administrator's."""

    def unit_choices(self, request):
        return permissions.units_user_can_administer(request.user)

    def has_add_permission(self, request, *args):
        return permissions.units_user_can_administer(request.user).exists()

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.units_user_can_administer(request.user).exists()
        return permissions.user_can_administer_unit(request.user, obj.unit)


@admin.register(Section)
class SectionAdmin(_UnitAdministeredAdmin, MPTTModelAdmin, TabbedTranslationAdmin):
    list_display = ("title", "unit", "kind", "required", "in_menu", "active")
    list_filter = ("kind", "required", "active")
    search_fields = ("title", *SLUG_FIELDS)
    prepopulated_fields = PREPOPULATED_SLUGS
    mptt_level_indent = 16

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.section_save(section=obj, acting_user=acting_user)

    def delete_service(self, obj, *, acting_user: Actor):
        services.section_delete(section=obj, acting_user=acting_user)


@admin.register(Page)
class PageAdmin(_UnitAdministeredAdmin, TabbedTranslationAdmin):
    list_display = ("title", "unit", "role", "published", "updated_at")
    list_filter = ("role", "published")
    search_fields = ("title", *SLUG_FIELDS)
    prepopulated_fields = PREPOPULATED_SLUGS

    def save_service(self, obj, *, acting_user: Actor, form, change):
        changed = {
            name.rsplit("_", 1)[1] for name in form.changed_data if name.startswith(("title_", "body_"))
        }
        services.page_save(page=obj, acting_user=acting_user, changed_languages=changed)

    def delete_service(self, obj, *, acting_user: Actor):
        services.page_delete(page=obj, acting_user=acting_user)


@admin.register(Banner)
class BannerAdmin(_UnitAdministeredAdmin, TabbedTranslationAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on", "active")
    list_filter = ("active",)
    search_fields = ("title",)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.banner_save(banner=obj, acting_user=acting_user)

    def delete_service(self, obj, *, acting_user: Actor):
        services.banner_delete(banner=obj, acting_user=acting_user)


@admin.register(Membership)
class MembershipAdmin(_UnitAdministeredAdmin, admin.ModelAdmin):
    list_display = ("user", "unit", "role", "language", "covers_subunits")
    list_filter = ("role", "language", "covers_subunits")
    search_fields = ("user__username", "user__email", "unit__name")
    autocomplete_fields = ("user",)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        if change:
            services.membership_revoke(membership=Membership.objects.get(pk=obj.pk), acting_user=acting_user)
        services.membership_grant(
            user=obj.user,
            unit=obj.unit,
            role=obj.role,
            language=obj.language,
            covers_subunits=obj.covers_subunits,
            acting_user=acting_user,
        )

    def delete_service(self, obj, *, acting_user: Actor):
        services.membership_revoke(membership=obj, acting_user=acting_user)


admin.site.register(MembershipOffer, MembershipOfferAdmin)

admin.site.site_header = _("Electronic information portal — administration")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Content and units")
