from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QuestionState(models.TextChoices):
    """The life of a question (Decree 43/2011 Điều 15 k2: the asker can follow it)."""

    UNCONFIRMED = "unconfirmed", _("Waiting for e-mail confirmation")
    SCREENING = "screening", _("Being screened")
    ROUTING = "routing", _("Waiting to be forwarded")
    ASSIGNED = "assigned", _("Forwarded to the competent unit")
    IN_PROGRESS = "in_progress", _("Being answered")
    CLARIFICATION = "awaiting_clarification", _("Waiting for the asker's clarification")
    EXTENDED = "extended", _("Being answered (deadline extended)")
    ANSWER_REVIEW = "answer_review", _("Answer under review")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Answered and published")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged with an earlier question")
    WITHDRAWN = "withdrawn", _("Withdrawn by the asker")
    # With a context: the consultations' "Closed" (a draft past its period) is read first otherwise.
    CLOSED = "closed", pgettext_lazy("question state", "Closed")


# The legal clock runs from receipt until the answer is approved (Decree 43/2011 Điều 17 k1 đ).
CLOCK_RUNNING_STATES = frozenset(
    {
        QuestionState.SCREENING,
        QuestionState.ROUTING,
        QuestionState.ASSIGNED,
        QuestionState.IN_PROGRESS,
        QuestionState.EXTENDED,
        QuestionState.ANSWER_REVIEW,
    }
)
# Open questions: the clock runs or is paused while the asker is asked to clarify.
OPEN_STATES = CLOCK_RUNNING_STATES | {QuestionState.CLARIFICATION}
# Closed: the consent's retention period runs from the last move into one of these.
CLOSED_STATES = frozenset(
    {
        QuestionState.ANSWERED,
        QuestionState.PUBLISHED,
        QuestionState.REJECTED,
        QuestionState.MERGED,
        QuestionState.WITHDRAWN,
    }
)
# The competent unit's inbox: questions forwarded to it and not yet answered.
INBOX_STATES = frozenset(
    {
        QuestionState.ASSIGNED,
        QuestionState.IN_PROGRESS,
        QuestionState.CLARIFICATION,
        QuestionState.EXTENDED,
        QuestionState.ANSWER_REVIEW,
    }
)
# The portal editors' queue.
QUEUE_STATES = frozenset({QuestionState.SCREENING, QuestionState.ROUTING})
ANSWERED_STATES = frozenset({QuestionState.ANSWERED, QuestionState.PUBLISHED, QuestionState.CLOSED})
FINAL_STATES = frozenset(
    {QuestionState.REJECTED, QuestionState.MERGED, QuestionState.WITHDRAWN, QuestionState.CLOSED}
)


class Visibility(models.TextChoices):
    """Who may read the question and its answer; separate from the state."""

    PRIVATE = "private", _("Staff only")
    ASKER = "asker", _("The asker only (with the tracking code)")
    PUBLIC = "public", _("Everyone, once published")


class DisplayMode(models.TextChoices):
    """How the asker appears on public pages: never with the real contact data."""

    INITIALS = "initials", _("By my initials")
    CHOSEN = "chosen", _("By the name I choose")


class DeadlineStatus(models.TextChoices):
    """Computed from the due date and today: never stored."""

    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    VERY_OVERDUE = "very_overdue", _("Very overdue")
    PAUSED = "paused", _("Paused (waiting for the asker)")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalated to the portal's editors")


class Actor(models.TextChoices):
    """Who, by role, may make a transition (see citizen_qa.permissions)."""

    ASKER = "asker", _("The asker")
    PORTAL = "portal", _("The portal's editors")
    UNIT_EDITOR = "unit_editor", _("The competent unit's editors")
    UNIT_APPROVER = "unit_approver", _("The competent unit's approvers")
