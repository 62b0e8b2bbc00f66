from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from portal.registry import page_reads

        from . import visits

        page_reads(visits.total_visits_reads)
