"""Settings of the consultations app, read when asked (tests may change them).

Every threshold is a per-portal setting: the instruments change (REGULATIONS.md §3), and the Law
on Promulgation of Legal Documents 64/2025/QH15 may have cut the minimum period to 20 days. The
defaults, and the articles they come from, are declared once in config/environment.py.
"""

from __future__ import annotations

from django.conf import settings


def min_open_days(draft_type: str) -> int:
    """Minimum days between opening and closing for this draft type. Law on Promulgation of Legal
    Documents 80/2015/QH13: Điều 57 (laws, decrees, circulars: at least 60 days), Điều 120 (provincial
    People's Council resolutions) and Điều 129 (provincial People's Committee decisions): at least 30
    days. "Other" has no statutory minimum; 30 days is the portal's own choice (also for a type the
    setting does not name)."""
    return int(settings.PORTAL_CONSULTATION_MIN_OPEN_DAYS.get(draft_type, 30))


def min_open_basis(draft_type: str) -> str:
    """The rule cited for that minimum."""
    return str(settings.PORTAL_CONSULTATION_MIN_OPEN_BASIS.get(draft_type, ""))


def short_window_reason_min_chars() -> int:
    """The shortest reason accepted for a period below the legal minimum: a justification, not a
    keystroke. The shortened procedure of the Law on Promulgation of Legal Documents 80/2015/QH13
    (Điều 146–147) is for named urgent cases; the reason is shown publicly and kept in the audit trail."""
    return int(settings.PORTAL_CONSULTATION_SHORT_REASON_MIN_CHARS)


def short_window_basis() -> str:
    """The rule that allows a shorter period, as cited to the approver and kept in the audit trail."""
    return str(settings.PORTAL_CONSULTATION_SHORT_WINDOW_BASIS)


def outcome_due_days() -> int:
    """Days after closing by which the agency publishes its report on the comments
    (Access to Information Law 2016 Điều 17 k1 c asks for it; no day count: 30 is the portal's default)."""
    return int(settings.PORTAL_CONSULTATION_OUTCOME_DUE_DAYS)


def premoderation_default() -> bool:
    """Comments wait for a moderator before they appear (the unit may turn this off per draft)."""
    return bool(settings.PORTAL_CONSULTATION_PREMODERATION)


def personal_data_retention_days() -> int:
    """Days after the outcome is published that commenters' e-mail and phone are kept, then erased
    (Decree 13/2023/NĐ-CP Điều 11: the consent names the retention; no statutory day count)."""
    return int(settings.PORTAL_CONSULTATION_RETENTION_DAYS)


def base_url() -> str:
    """Scheme and host for links in e-mails sent outside a request (beat tasks)."""
    return str(settings.PORTAL_BASE_URL).rstrip("/")


def reminder_interval_days() -> int:
    """Days between two reminders that an outcome is overdue."""
    return int(settings.PORTAL_CONSULTATION_REMINDER_DAYS)
