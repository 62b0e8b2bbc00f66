from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsitesConfig(AppConfig):
    name = "subsites"
    verbose_name = _("Units and component sites")

    def ready(self) -> None:
        from . import hooks

        hooks.register()
