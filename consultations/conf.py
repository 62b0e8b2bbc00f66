"""Settings of the consultations app, each read with its default and the article it comes from.

Every threshold is a per-portal setting: the instruments change (REGULATIONS.md §3), and the Law
on Promulgation of Legal Documents 64/2025/QH15 may have cut the minimum period to 20 days.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .enums import DraftType

# Minimum days between opening and closing, per draft type. Law on Promulgation of Legal Documents
# 80/2015/QH13: Điều 57 (laws, decrees, circulars: at least 60 days), Điều 120 (provincial People's
# Council resolutions) and Điều 129 (provincial People's Committee decisions): at least 30 days.
# "Other" has no statutory minimum; 30 days is the portal's own choice.
_DEFAULT_MIN_OPEN_DAYS = {
    DraftType.LAW: 60,
    DraftType.DECREE: 60,
    DraftType.CIRCULAR: 60,
    DraftType.PROVINCIAL_RESOLUTION: 30,
    DraftType.DECISION: 30,
    DraftType.OTHER: 30,
}
_DEFAULT_MIN_OPEN_BASIS = {
    DraftType.LAW: _("Law on Promulgation of Legal Documents 2015, Điều 57"),
    DraftType.DECREE: _("Law on Promulgation of Legal Documents 2015, Điều 57"),
    DraftType.CIRCULAR: _("Law on Promulgation of Legal Documents 2015, Điều 57"),
    DraftType.PROVINCIAL_RESOLUTION: _("Law on Promulgation of Legal Documents 2015, Điều 120"),
    DraftType.DECISION: _("Law on Promulgation of Legal Documents 2015, Điều 129"),
    DraftType.OTHER: _("the portal's own rule"),
}


def min_open_days(draft_type: str) -> int:
    overrides = getattr(settings, "PORTAL_CONSULTATION_MIN_OPEN_DAYS", {})
    return int(overrides.get(draft_type, _DEFAULT_MIN_OPEN_DAYS.get(draft_type, 30)))


def min_open_basis(draft_type: str) -> str:
    overrides = getattr(settings, "PORTAL_CONSULTATION_MIN_OPEN_BASIS", {})
    return str(overrides.get(draft_type, _DEFAULT_MIN_OPEN_BASIS.get(draft_type, "")))


def outcome_due_days() -> int:
    """Days after closing by which the agency publishes its report on the comments
    (Access to Information Law 2016 Điều 17 k1 c asks for it; no day count: 30 is the portal's default)."""
    return int(getattr(settings, "PORTAL_CONSULTATION_OUTCOME_DUE_DAYS", 30))


def premoderation_default() -> bool:
    """Comments wait for a moderator before they appear (the unit may turn this off per draft)."""
    return bool(getattr(settings, "PORTAL_CONSULTATION_PREMODERATION", True))


def personal_data_retention_days() -> int:
    """Days after the outcome is published that commenters' e-mail and phone are kept, then erased
    (Decree 13/2023/NĐ-CP Điều 11: the consent names the retention; no statutory day count)."""
    return int(getattr(settings, "PORTAL_CONSULTATION_RETENTION_DAYS", 365))


def base_url() -> str:
    """Scheme and host for links in e-mails sent outside a request (beat tasks)."""
    return str(getattr(settings, "PORTAL_BASE_URL", "")).rstrip("/")


def reminder_interval_days() -> int:
    """Days between two reminders that an outcome is overdue."""
    return int(getattr(settings, "PORTAL_CONSULTATION_REMINDER_DAYS", 7))
