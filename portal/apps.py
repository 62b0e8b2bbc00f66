from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib import admin
        from django.urls import register_converter

        from . import auth, pagecache
        from .converters import UnicodeSlugConverter
        from .registry import page_reads

        auth.connect()
        page_reads(pagecache.page_reads)
        admin.site.login_form = auth.StaffLoginForm
        admin.site.login_template = "admin/portal_login.html"
        register_converter(UnicodeSlugConverter, "unicode_slug")
