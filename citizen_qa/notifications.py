"""E-mails of the Q&A app. Services call these inside their transaction; portal.mail sends after commit."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal import mail
from subsites.enums import EDITING_ROLES
from subsites.models import Membership
from subsites.routing import unit_reverse

from .enums import QuestionState

SUBJECTS = {
    "confirm": _("Please confirm your question %(code)s"),
    QuestionState.ASSIGNED: _("Your question %(code)s has been forwarded"),
    QuestionState.EXTENDED: _("The answer to your question %(code)s will take longer"),
    QuestionState.REJECTED: _("Your question %(code)s cannot be answered on the portal"),
    QuestionState.MERGED: _("Your question %(code)s has already been answered"),
    QuestionState.CLARIFICATION: _("More information is needed for your question %(code)s"),
    QuestionState.ANSWERED: _("Your question %(code)s has been answered"),
    QuestionState.PUBLISHED: _("The answer to your question %(code)s is published"),
    QuestionState.CLOSED: _("Your question %(code)s has been closed"),
    "reminder": _("Questions waiting for an answer from %(unit)s"),
    "escalation": _("Questions very overdue at the competent units"),
}
# The transitions the asker is told about.
ASKER_TEMPLATES = {
    QuestionState.ASSIGNED: "forwarded",
    QuestionState.EXTENDED: "extended",
    QuestionState.REJECTED: "rejected",
    QuestionState.MERGED: "merged",
    QuestionState.CLARIFICATION: "clarification",
    QuestionState.ANSWERED: "answered",
    QuestionState.PUBLISHED: "published",
    QuestionState.CLOSED: "closed",
}


def site_url() -> str:
    """The portal's public address for links in e-mails (no request while a task runs)."""
    return settings.PORTAL_BASE_URL.rstrip("/")


def confirmation_topic(question) -> str:
    """The outbox topic of a question's confirmation e-mail (the unconfirmed clean-up asks about it)."""
    return f"citizen_qa.question:{question.pk}:confirm"


def _send(subject: str, template: str, context: dict, recipients: list[str], topic: str = "") -> None:
    body = render_to_string(f"citizen_qa/email/{template}.txt", context)
    mail.send(subject=subject, body=body, to=recipients, topic=topic)


def mail_asker(question, kind: str, *, reason: str = "", extra: dict | None = None) -> None:
    """An e-mail to the asker, in the language they asked in, sent once the transaction commits."""
    template = "confirm" if kind == "confirm" else ASKER_TEMPLATES.get(kind)
    if template is None or not question.asker_email:
        return
    with translation.override(question.language or settings.LANGUAGE_CODE):
        context = {
            "question": question,
            "reason": reason,
            "lookup_url": site_url() + unit_reverse(question.unit, "citizen_qa:lookup"),
            "public_url": site_url() + question.get_absolute_url(),
            **(extra or {}),
        }
        subject = str(SUBJECTS[kind] % {"code": question.tracking_code})
        topic = confirmation_topic(question) if kind == "confirm" else ""
        _send(subject, template, context, [question.asker_email], topic)


def unit_staff_emails(unit) -> list[str]:
    """The unit's own address and its editors' and approvers' addresses."""
    emails = set(
        Membership.objects.filter(unit=unit, role__in=list(EDITING_ROLES), user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if unit.email:
        emails.add(unit.email)
    return sorted(emails)


def mail_staff(kind: str, *, recipients: list[str], unit=None, questions: list, today) -> None:
    subject = str(SUBJECTS[kind] % {"unit": unit.name if unit is not None else ""})
    context = {"unit": unit, "questions": questions, "today": today, "admin_url": site_url() + "/admin/"}
    _send(subject, kind, context, recipients)
