from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """The life of every publishable item (bản nháp → chờ duyệt → đã đăng → lưu trữ)."""

    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


PUBLIC_STATUSES = frozenset({Status.PUBLISHED})
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.PENDING})


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday (day off)")
    WORKING = "working", _("Make-up working day")
