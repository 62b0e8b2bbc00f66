"""States of a consultation and of its comments, with the named groups the code asks about."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DraftType(models.TextChoices):
    """The kind of document being drafted: it decides the minimum open period (see conf.py)."""

    LAW = "law", _("Law")
    DECREE = "decree", _("Decree")
    CIRCULAR = "circular", _("Circular")
    PROVINCIAL_RESOLUTION = "provincial_resolution", _("Resolution of the provincial People's Council")
    DECISION = "decision", _("Decision of the provincial People's Committee")
    OTHER = "other", _("Other document")


class DraftState(models.TextChoices):
    """What people decided. Whether a scheduled draft is open or closed is decided by the clock (Phase)."""

    DRAFT = "draft", _("Being prepared")
    SCHEDULED = "scheduled", _("Scheduled (approved)")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CONCLUDED = "concluded", _("Outcome published")


class Phase(models.TextChoices):
    """Where a consultation stands at a given moment: the state plus the clock."""

    DRAFT = "draft", _("Being prepared")
    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for comment")
    CLOSED = "closed", _("Closed, outcome awaited")
    CONCLUDED = "concluded", _("Outcome published")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States in which the consultation is public (its page exists for citizens).
PUBLIC_STATES = frozenset(
    {DraftState.SCHEDULED, DraftState.SUSPENDED, DraftState.WITHDRAWN, DraftState.CONCLUDED}
)
# Phases in which the text may still change and the window may be moved.
BEFORE_CLOSING_PHASES = frozenset({Phase.UPCOMING, Phase.OPEN})


class ArticleKind(models.TextChoices):
    PREAMBLE = "preamble", _("Preamble")
    CHAPTER = "chapter", _("Chapter")
    ARTICLE = "article", _("Article")
    CLAUSE = "clause", _("Clause")


class CommenterKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    BUSINESS = "business", _("Business")
    ORGANIZATION = "organization", _("Organisation")


class Moderation(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")
    SPAM = "spam", _("Spam")


class Verdict(models.TextChoices):
    """How the drafting agency took a comment into account (tiếp thu, giải trình)."""

    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    NOTED = "noted", _("Noted")
    DUPLICATE = "duplicate", _("Duplicate")


# A verdict that refuses the comment, wholly or partly, must say why (giải trình).
VERDICTS_NEEDING_REASON = frozenset({Verdict.NOT_ACCEPTED, Verdict.PARTLY_ACCEPTED})
