from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Cấp thực hiện: where a citizen files the procedure."""

    PROVINCIAL = "provincial", _("Provincial level")
    COMMUNE = "commune", _("Commune level")
    SEVERAL = "several", _("Several levels")


class OnlineLevel(models.TextChoices):
    """How much of the procedure the public-service portal lets a citizen do online."""

    FULL = "full", _("Full online service")
    PARTIAL = "partial", _("Partial online service")
