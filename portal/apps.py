from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.contrib import admin

        from . import auth

        auth.connect()
        admin.site.login_form = auth.StaffLoginForm
        admin.site.login_template = "admin/portal_login.html"
