"""The admin of the footer, contacts, leaders and introduction: each editor sees and changes only their
own units' (subsites.admin_scoping), and every save goes through directory.services."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from modeltranslation.admin import TabbedTranslationAdmin

from portal import editor
from portal.admin_services import ServiceAdminMixin
from portal.editor import RichTextWidget
from portal.services import Actor
from portal.uploads import validate_upload
from subsites.admin_scoping import UnitScopedAdminMixin

from . import permissions, services
from .models import Contact, Footer, Introduction, Leader


class _CheckedImagesForm(forms.ModelForm):
    """An uploaded photo, chart or map is checked by its content before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, UploadedFile):
                try:
                    validate_upload(value, kinds=("image",))
                except ValidationError as error:
                    self.add_error(name, error)
                value.seek(0)
        return cleaned


class _DirectoryAdmin(ServiceAdminMixin, UnitScopedAdminMixin, TabbedTranslationAdmin):
    """A unit's editors keep its directory: they add, change and remove entries."""

    form = _CheckedImagesForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Biographies and introductions use the articles' editor (and are sanitised on save all the same).
        rich = services.RICH_FIELDS.get(self.model, ())
        if any(db_field.name == name or db_field.name.startswith(f"{name}_") for name in rich):
            kwargs["widget"] = RichTextWidget(attrs={"rows": 12})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["media"] = editor.media_with_nonce(context["media"], request)
        response = super().render_change_form(request, context, add, change, form_url, obj)
        return editor.allow_nonced_scripts(response)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return self.has_add_permission(request)
        return permissions.user_can_edit_directory(request.user, obj.unit)

    def save_service(self, obj, *, acting_user: Actor, form, change):
        services.directory_save(obj, acting_user=acting_user)

    def delete_service(self, obj, *, acting_user: Actor):
        services.directory_delete(obj, acting_user=acting_user)


@admin.register(Footer)
class FooterAdmin(_DirectoryAdmin):
    list_display = ("unit", "managing_agency", "phone", "email")


@admin.register(Contact)
class ContactAdmin(_DirectoryAdmin):
    list_display = ("name", "position", "unit", "office_phone", "email", "order")
    list_filter = ("unit",)
    search_fields = ("name", "position")


@admin.register(Leader)
class LeaderAdmin(_DirectoryAdmin):
    list_display = ("name", "position", "unit", "order")
    list_filter = ("unit",)
    search_fields = ("name", "position")


@admin.register(Introduction)
class IntroductionAdmin(_DirectoryAdmin):
    list_display = ("unit",)
