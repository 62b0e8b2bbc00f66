from django.contrib import admin
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp import admin as otp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.models import AuditEntry, CalendarDay
from portal.workdays import forget_calendar
from subsites.permissions import user_is_board

from .permissions import user_can_view_on_site


def view_on_site(request, content_type_id: int, object_id: str):
    """Django's "view on site" shortcut, for objects the user may view (portal.permissions); any other
    answers with the very 404 of a missing object, so an id tells nothing about another unit."""
    try:
        model = ContentType.objects.get(pk=content_type_id).model_class()
        obj = model._default_manager.get(pk=object_id) if model is not None else None
    except (ObjectDoesNotExist, ValueError, TypeError):
        obj = None
    if obj is None or not user_can_view_on_site(request.user, obj):
        # Django's own message for a missing object, word for word.
        raise Http404(
            _("Content type %(ct_id)s object %(obj_id)s doesn’t exist")
            % {"ct_id": content_type_id, "obj_id": object_id}
        )
    return contenttype_views.shortcut(request, content_type_id, object_id)


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


class TOTPDeviceAdmin(otp_admin.TOTPDeviceAdmin):
    """django-otp's own admin, whose set-up and QR-code views look a device up with a bare `.get()`: a
    device id that does not exist answered 500 instead of 404."""

    def config_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        get_object_or_404(TOTPDevice, pk=pk)
        return super().qrcode_view(request, pk)


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
