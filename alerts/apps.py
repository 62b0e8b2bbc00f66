from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail alerts on a filter of any list, above the content apps: it reads them only through the
    alert sources they register and learns of publications by the `published` signal."""

    name = "alerts"
    verbose_name = _("E-mail alerts")

    def ready(self) -> None:
        from . import hooks  # every app is loaded: the registry's signal may be connected

        hooks.register()
