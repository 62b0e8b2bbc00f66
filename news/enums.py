"""States of an article's translations (the Vietnamese original uses portal.enums.Status)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.enums import EDITABLE_STATUSES, PUBLIC_STATUSES, Status

__all__ = ["EDITABLE_STATUSES", "PUBLIC_STATUSES", "Status", "TranslationState", "TRANSLATION_LANGUAGES"]


class TranslationState(models.TextChoices):
    """State of a translator's working copy; a published version stays public while a new one is drafted."""

    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")


# The languages an article is translated into; Vietnamese is the original.
TRANSLATION_LANGUAGES = ("en", "km")
TRANSLATION_EDITABLE_STATES = frozenset({TranslationState.DRAFT, TranslationState.PENDING})
