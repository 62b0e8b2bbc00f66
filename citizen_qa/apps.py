from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenQaConfig(AppConfig):
    name = "citizen_qa"
    verbose_name = _("Citizens' questions")

    def ready(self) -> None:
        from . import hooks

        hooks.register()
