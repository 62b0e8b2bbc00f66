from django.contrib import admin

from subsites.permissions import user_is_board

from .models import AuditEntry, CalendarDay
from .workdays import forget_calendar


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit trail: the board reads and filters it; nobody can change or delete it."""

    list_display = ("at", "actor_repr", "action", "object_repr", "unit", "ip_address")
    list_filter = ("action", "unit", "content_type")
    search_fields = ("actor_repr", "object_repr", "action", "ip_address")
    date_hierarchy = "at"
    list_select_related = ("unit",)

    def has_module_permission(self, request):
        return user_is_board(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_board(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Public holidays and make-up working days; deadlines are recomputed from it at once."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"

    def has_module_permission(self, request):
        return user_is_board(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_board(request.user)

    def has_add_permission(self, request):
        return bool(request.user.is_superuser)

    def has_change_permission(self, request, obj=None):
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        forget_calendar()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        forget_calendar()
