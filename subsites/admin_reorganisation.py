"""The admin's side of a reorganisation: the unit list's actions (merge, close, rename, move), each
asking for its date and target on an intermediate page, and the history shown with each unit.

The actions are offered to the portal's superusers only; the services check again.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from . import permissions, reorganisation
from .models import MembershipOffer, UnitFormerHost, UnitName


class _DayForm(forms.Form):
    on = forms.DateField(label=_("On (YYYY-MM-DD)"), widget=forms.DateInput(attrs={"type": "date"}))


class MergeForm(_DayForm):
    into = forms.SlugField(label=_("Into the unit (key)"), max_length=64)
    name = forms.CharField(
        label=_("Name of a new unit"),
        max_length=255,
        required=False,
        help_text=_("Only to create the unit it merges into."),
    )


class CloseForm(_DayForm):
    successor = forms.SlugField(label=_("Successor (key)"), max_length=64, required=False)


class RenameForm(_DayForm):
    name = forms.CharField(label=_("New name (Vietnamese)"), max_length=255)


class MoveForm(_DayForm):
    parent = forms.SlugField(label=_("New parent unit (key)"), max_length=64)


def _merge(units, data, user):
    return [
        reorganisation.unit_merge(
            sources=[u.key for u in units],
            into=data["into"],
            on=data["on"],
            name=data["name"] or None,
            acting_user=user,
        )
    ]


def _close(units, data, user):
    successor = data["successor"] or None
    return [
        reorganisation.unit_close(key=u.key, on=data["on"], successor=successor, acting_user=user)
        for u in units
    ]


def _rename(units, data, user):
    return [
        reorganisation.unit_rename(key=u.key, name=data["name"], on=data["on"], acting_user=user)
        for u in units
    ]


def _move(units, data, user):
    return [
        reorganisation.unit_move(key=u.key, parent=data["parent"], on=data["on"], acting_user=user)
        for u in units
    ]


OPERATIONS = {
    "merge_units": (MergeForm, _merge, _("Merge the selected units into another")),
    "close_units": (CloseForm, _close, _("Close the selected units")),
    "rename_units": (RenameForm, _rename, _("Rename the selected unit")),
    "move_units": (MoveForm, _move, _("Move the selected units under another parent")),
}


def _operation(name: str):
    form_class, run, title = OPERATIONS[name]

    def action(modeladmin, request, queryset):
        if not permissions.user_can_manage_units(request.user):
            raise PermissionDenied
        applying = "apply" in request.POST
        form = form_class(request.POST if applying else None)
        if applying and form.is_valid():
            try:
                outcomes = run(list(queryset), form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                for outcome in outcomes:
                    level = messages.SUCCESS if outcome.changed else messages.WARNING
                    for message in outcome.messages:
                        modeladmin.message_user(request, message, level)
                return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "units": queryset,
            "action_name": name,
            "opts": modeladmin.model._meta,
        }
        return TemplateResponse(request, "admin/subsites/unit/reorganise.html", context)

    action.__name__ = name
    return admin.action(description=title)(action)


REORGANISATION_ACTIONS = [_operation(name) for name in OPERATIONS]


class FormerNameInline(TranslationTabularInline):
    """A unit's former names, written by the rename operation (and the importer): shown, not edited."""

    model = UnitName
    extra = 0
    fields = ("name", "short_name", "valid_until")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class FormerHostInline(admin.TabularInline):
    """Host names that once served the unit; they redirect to its current address."""

    model = UnitFormerHost
    extra = 0
    fields = ("host",)

    def _manager(self, request) -> bool:
        return permissions.user_can_manage_units(request.user)

    def has_add_permission(self, request, obj=None):
        return self._manager(request)

    def has_change_permission(self, request, obj=None):
        return self._manager(request)

    def has_delete_permission(self, request, obj=None):
        return self._manager(request)

    def has_view_permission(self, request, obj=None):
        return True


class MembershipOfferAdmin(admin.ModelAdmin):
    """Roles offered after a merge: the offered user, or the unit's administrator, accepts them."""

    list_display = ("user", "unit", "role", "language", "origin", "status", "created_at")
    list_filter = ("status", "role")
    readonly_fields = ("user", "unit", "role", "language", "origin", "status", "created_at", "decided_at")
    actions = ["accept"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user", "unit", "origin")
        if permissions.user_can_manage_units(request.user):
            return queryset
        administered = permissions.units_user_can_administer(request.user)
        return queryset.filter(unit__in=administered) | queryset.filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Accept the selected offers"))
    def accept(self, request, queryset):
        for offer in queryset.filter(status=MembershipOffer.Status.PENDING):
            try:
                reorganisation.membership_offer_accept(offer=offer, acting_user=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request, f"{offer}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
            else:
                self.message_user(
                    request, gettext("Accepted: %(offer)s") % {"offer": offer}, messages.SUCCESS
                )
