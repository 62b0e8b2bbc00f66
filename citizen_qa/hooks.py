"""What the Q&A app plugs into the shared pages and the kernel: home block, section kind, search,
sitemap, e-mail alerts, and the recomputation of deadlines when the holiday calendar changes."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from portal.models import CalendarDay
from portal.registry import alert_source, home_block, search_provider, section_handler, sitemap
from portal.workdays import calendar_changed


def register() -> None:
    from . import alerts, sitemaps, views

    home_block(40)(views.home_block)
    section_handler("qa")(views.qa_section)
    search_provider("qa", _("Questions and answers"), 40)(views.search)
    sitemap("qa")(sitemaps.QuestionSitemap)
    alert_source(
        "questions",
        _("Questions and answers"),
        normalise=alerts.normalise,
        describe=alerts.describe,
        search_type="qa",
    )(alerts.item)
    from subsites.reorganisation import open_work

    from .services import hand_over_open_questions

    open_work("questions")(hand_over_open_questions)
    # A change of the holiday calendar (portal app) moves every open question's due date.
    for signal in (post_save, post_delete):
        signal.connect(_calendar_changed, sender=CalendarDay, dispatch_uid=f"citizen_qa-calendar-{signal}")
    calendar_changed.connect(_calendar_changed, dispatch_uid="citizen_qa-calendar-seeded")


def _calendar_changed(sender, **kwargs):
    from django.db import transaction

    from portal.workdays import forget_calendar

    from .tasks import recompute_due_dates

    def recompute() -> None:
        forget_calendar()
        recompute_due_dates.delay()

    transaction.on_commit(recompute)
