from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenQaConfig(AppConfig):
    name = "citizen_qa"
    verbose_name = _("Citizens' questions")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from portal.models import CalendarDay
        from portal.registry import home_block, search_provider, section_handler

        from . import views

        home_block(40)(views.home_block)
        section_handler("qa")(views.qa_section)
        search_provider("qa", _("Questions and answers"), 40)(views.search)
        # A change of the holiday calendar (portal app) moves every open question's due date.
        for signal in (post_save, post_delete):
            signal.connect(
                _calendar_changed, sender=CalendarDay, dispatch_uid=f"citizen_qa-calendar-{signal}"
            )


def _calendar_changed(sender, **kwargs):
    from django.db import transaction

    from portal.workdays import forget_calendar

    from .tasks import recompute_due_dates

    def recompute() -> None:
        forget_calendar()
        recompute_due_dates.delay()

    transaction.on_commit(recompute)
