from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubsitesConfig(AppConfig):
    name = "subsites"
    verbose_name = _("Units and component sites")

    def ready(self) -> None:
        from portal.registry import page_reads

        from . import home, menus, signals  # noqa: F401 - home registers its blocks

        signals.connect()
        page_reads(menus.menu_reads)
