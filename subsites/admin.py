from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from mptt.admin import MPTTModelAdmin

from . import permissions, services
from .admin_scoping import UnitScopedAdminMixin
from .models import Banner, Membership, Page, Section, Unit

SLUG_FIELDS = ("slug_vi", "slug_en", "slug_km")
# Khmer addresses are typed: the admin's slug maker drops the combining marks Khmer vowels are.
PREPOPULATED_SLUGS = {"slug_vi": ("title_vi",), "slug_en": ("title_en",)}


@admin.register(Unit)
class UnitAdmin(MPTTModelAdmin, TabbedTranslationAdmin):
    list_display = ("name", "key", "type", "host", "active")
    list_filter = ("type", "active")
    search_fields = ("name", "key", "host")
    mptt_level_indent = 16
    _structural = ("key", "parent", "type", "host", "budget_disclosure", "active")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(pk__in=permissions.units_user_can_see(request.user))

    def get_readonly_fields(self, request, obj=None):
        return () if permissions.user_can_manage_units(request.user) else self._structural

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

    def save_model(self, request, obj, form, change):
        services.unit_save(unit=obj, acting_user=request.user)


class _UnitAdministeredAdmin(UnitScopedAdminMixin):
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

    def save_model(self, request, obj, form, change):
        services.section_save(section=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.section_delete(section=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.section_delete(section=obj, acting_user=request.user)


@admin.register(Page)
class PageAdmin(_UnitAdministeredAdmin, TabbedTranslationAdmin):
    list_display = ("title", "unit", "role", "published", "updated_at")
    list_filter = ("role", "published")
    search_fields = ("title", *SLUG_FIELDS)
    prepopulated_fields = PREPOPULATED_SLUGS

    def save_model(self, request, obj, form, change):
        changed = {
            name.rsplit("_", 1)[1] for name in form.changed_data if name.startswith(("title_", "body_"))
        }
        services.page_save(page=obj, acting_user=request.user, changed_languages=changed)

    def delete_model(self, request, obj):
        services.page_delete(page=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.page_delete(page=obj, acting_user=request.user)


@admin.register(Banner)
class BannerAdmin(_UnitAdministeredAdmin, TabbedTranslationAdmin):
    list_display = ("title", "unit", "starts_on", "ends_on", "active")
    list_filter = ("active",)
    search_fields = ("title",)

    def save_model(self, request, obj, form, change):
        services.banner_save(banner=obj, acting_user=request.user)

    def delete_model(self, request, obj):
        services.banner_delete(banner=obj, acting_user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.banner_delete(banner=obj, acting_user=request.user)


@admin.register(Membership)
class MembershipAdmin(_UnitAdministeredAdmin, admin.ModelAdmin):
    list_display = ("user", "unit", "role", "language")
    list_filter = ("role", "language")
    search_fields = ("user__username", "user__email", "unit__name")
    autocomplete_fields = ("user",)

    def save_model(self, request, obj, form, change):
        if change:
            services.membership_revoke(membership=Membership.objects.get(pk=obj.pk), acting_user=request.user)
        services.membership_grant(
            user=obj.user, unit=obj.unit, role=obj.role, language=obj.language, acting_user=request.user
        )

    def delete_model(self, request, obj):
        services.membership_revoke(membership=obj, acting_user=request.user)


admin.site.site_header = _("Electronic information portal — administration")
admin.site.site_title = _("Portal administration")
admin.site.index_title = _("Content and units")
