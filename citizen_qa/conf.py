"""Settings of the Q&A app, read with their defaults. Each legal threshold cites its article."""

from django.conf import settings


def answer_working_days() -> int:
    # Answer, or tell the asker when the answer will come, within 15 working days of receipt
    # (Decree 43/2011/NĐ-CP Điều 17 k1 đ).
    return getattr(settings, "PORTAL_QA_ANSWER_WORKING_DAYS", 15)


def due_soon_working_days() -> int:
    # Reminders start when this many working days or fewer are left (the portal's own rule).
    return getattr(settings, "PORTAL_QA_DUE_SOON_WORKING_DAYS", 3)


def very_overdue_working_days() -> int:
    # Past the deadline by more than this many working days: escalated to the portal's editors.
    return getattr(settings, "PORTAL_QA_VERY_OVERDUE_WORKING_DAYS", 5)


def extension_max_working_days() -> int:
    # The longest single extension; 43/2011 Điều 17 k1 đ lets the unit tell the asker a later date.
    return getattr(settings, "PORTAL_QA_EXTENSION_MAX_WORKING_DAYS", 15)


def unconfirmed_days() -> int:
    # Unconfirmed questions are deleted after this many days: keep no personal data without purpose
    # (Decree 13/2023/NĐ-CP, data minimisation).
    return getattr(settings, "PORTAL_QA_UNCONFIRMED_DAYS", 7)


def retention_years() -> int:
    # How long the asker's contact data is kept after the question ends; named in the consent text
    # (Decree 13/2023/NĐ-CP Điều 11: say what is kept, why and for how long).
    return getattr(settings, "PORTAL_QA_RETENTION_YEARS", 5)


def max_attachments() -> int:
    return getattr(settings, "PORTAL_QA_MAX_ATTACHMENTS", 3)


def attachment_max_bytes() -> int:
    return getattr(settings, "PORTAL_QA_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
