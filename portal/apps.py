from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib import admin
        from django.urls import register_converter

        from . import auth, checks, logs, metrics, pagecache  # noqa: F401 - checks registers the system checks
        from .converters import UnicodeSlugConverter
        from .registry import page_reads

        auth.connect()
        logs.connect_celery()
        metrics.connect()
        page_reads(pagecache.page_reads)
        admin.site.login_form = auth.StaffLoginForm
        admin.site.login = auth.limit_sign_in(admin.site.login)
        admin.site.login_template = "admin/portal_login.html"
        register_converter(UnicodeSlugConverter, "unicode_slug")
