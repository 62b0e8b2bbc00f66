from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATE = "immediate", _("As soon as something is published")
    DAILY = "daily", _("Once a day")
    WEEKLY = "weekly", _("Once a week")


# A subscriber followed by several matching filters gets the item at the most frequent of them.
FREQUENCY_RANK = {Frequency.IMMEDIATE: 0, Frequency.DAILY: 1, Frequency.WEEKLY: 2}
