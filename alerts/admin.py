"""The portal's superusers see which filters people follow and how many: never who (no address)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import permissions, selectors, services
from .models import Filter


@admin.register(Filter)
class FilterAdmin(admin.ModelAdmin):
    list_display = ["summary", "confirmed_count", "waiting_count", "created_at"]
    list_filter = ["kind"]
    fields = ["kind", "unit", "params", "created_at"]

    def get_queryset(self, request):
        return selectors.filters_with_counts()

    def has_module_permission(self, request) -> bool:
        return permissions.user_can_view_alert_filters(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return permissions.user_can_view_alert_filters(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("filter"))
    def summary(self, obj: Filter) -> str:
        return services.describe(obj, get_language())

    @admin.display(description=_("confirmed subscriptions"), ordering="confirmed")
    def confirmed_count(self, obj: Filter) -> int:
        return obj.confirmed

    @admin.display(description=_("waiting for confirmation"), ordering="waiting")
    def waiting_count(self, obj: Filter) -> int:
        return obj.waiting
