"""Settings of the Q&A app, read when asked (tests may change them). Their defaults and the articles
behind them are declared once, in config/environment.py."""

from django.conf import settings


def answer_working_days() -> int:
    """Answer, or tell the asker when the answer will come, within this many working days of receipt
    (Decree 43/2011/NĐ-CP Điều 17 k1 đ)."""
    return settings.PORTAL_QA_ANSWER_WORKING_DAYS


def due_soon_working_days() -> int:
    """Reminders start when this many working days or fewer are left (the portal's own rule)."""
    return settings.PORTAL_QA_DUE_SOON_WORKING_DAYS


def very_overdue_working_days() -> int:
    """Past the deadline by more than this many working days: escalated to the portal's editors."""
    return settings.PORTAL_QA_VERY_OVERDUE_WORKING_DAYS


def extension_max_working_days() -> int:
    """The longest single extension; 43/2011 Điều 17 k1 đ lets the unit tell the asker a later date."""
    return settings.PORTAL_QA_EXTENSION_MAX_WORKING_DAYS


def unconfirmed_days() -> int:
    """Unconfirmed questions are deleted after this many days: keep no personal data without purpose
    (Decree 13/2023/NĐ-CP, data minimisation)."""
    return settings.PORTAL_QA_UNCONFIRMED_DAYS


def retention_years() -> int:
    """How long the asker's contact data is kept after the question ends; named in the consent text
    (Decree 13/2023/NĐ-CP Điều 11: say what is kept, why and for how long)."""
    return settings.PORTAL_QA_RETENTION_YEARS


def max_attachments() -> int:
    return settings.PORTAL_QA_MAX_ATTACHMENTS


def attachment_max_bytes() -> int:
    return settings.PORTAL_QA_ATTACHMENT_MAX_BYTES
