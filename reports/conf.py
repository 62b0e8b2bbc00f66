"""Settings of the reports app, read when asked (tests may change them); each legal threshold cites its
article. The defaults are declared once, in config/environment.py.

Every threshold is a per-portal setting because the instruments change (Decree 43/2011 → 42/2022 →
224/2026): see REGULATIONS.md §2. `CHECKS` describes each compliance check for the compliance page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


def _get(name: str):
    return getattr(settings, name)


def stale_days() -> int:
    """Days without an item after which a site is stale (> this; Decree 43/2011 Điều 17 k1 a)."""
    return _get("PORTAL_STALE_DAYS")


def private_root() -> Path:
    """Where generated reports are stored: outside MEDIA_ROOT, never served by MEDIA_URL."""
    return Path(_get("PORTAL_PRIVATE_ROOT"))


def content_sources_path() -> str:
    """Dotted path of the class that reads the content apps' tables (see reports.sources)."""
    return _get("PORTAL_REPORT_CONTENT_SOURCES")


def issuer() -> dict[str, str]:
    """The report's heading and signature defaults (Decree 30/2020 Điều 8 k2); each report may change them."""
    return {
        "issuer_parent": _get("PORTAL_REPORT_ISSUER_PARENT"),
        "issuer": _get("PORTAL_REPORT_ISSUER"),
        "symbol": _get("PORTAL_REPORT_SYMBOL"),
        "place": _get("PORTAL_REPORT_PLACE"),
        "signer_authority": _get("PORTAL_REPORT_SIGNER_AUTHORITY"),
        "signer_position": _get("PORTAL_REPORT_SIGNER_POSITION"),
        "signer_title": _get("PORTAL_REPORT_SIGNER_TITLE"),
        "signer_name": _get("PORTAL_REPORT_SIGNER_NAME"),
        "recipients": _get("PORTAL_REPORT_RECIPIENTS"),
    }


def stall_minutes() -> int:
    """A generation without a sign of progress for this long is shown as stalled and may be restarted."""
    return _get("PORTAL_REPORT_STALL_MINUTES")


def compliance_window_days() -> int:
    """The compliance page computes its figures over this many days up to today."""
    return _get("PORTAL_COMPLIANCE_WINDOW_DAYS")


def khmer_font() -> str:
    """The complex-script font named in DOCX runs of Khmer text."""
    return _get("PORTAL_REPORT_KHMER_FONT")


@dataclass(frozen=True)
class Check:
    key: str
    setting: str
    label: Promise
    help_text: Promise

    @property
    def value(self) -> int:
        return _get(self.setting)


CHECKS: tuple[Check, ...] = (
    Check(
        "stale",
        "PORTAL_STALE_DAYS",
        _("Site not updated"),
        _(
            "Days in a row without a new item after which a site is stale: news, schedule and direction "
            "sections must be updated regularly (Decree 43/2011/NĐ-CP Điều 17 k1 a)."
        ),
    ),
    Check(
        "required_sections",
        "PORTAL_SECTION_STALE_DAYS",
        _("Required section empty or not updated"),
        _(
            "Days without a new item after which a section the law requires is not updated, for sections "
            "without their own threshold (Decree 43/2011/NĐ-CP Điều 10 and Điều 17 k1 a; "
            "Decree 42/2022/NĐ-CP Điều 4)."
        ),
    ),
    Check(
        "document_by_issuer",
        "PORTAL_DEADLINE_DOCUMENT_ISSUER_DAYS",
        _("Document posted late by its issuer"),
        _(
            "Working days after issue within which the issuing agency posts a document "
            "(Decree 43/2011/NĐ-CP Điều 17 k1 c)."
        ),
    ),
    Check(
        "document_applying",
        "PORTAL_DEADLINE_DOCUMENT_APPLYING_DAYS",
        _("Document posted late by an agency it applies to"),
        _(
            "Working days after issue within which an agency the document applies to posts it "
            "(Decree 43/2011/NĐ-CP Điều 17 k1 c)."
        ),
    ),
    Check(
        "legal_guidance",
        "PORTAL_DEADLINE_LEGAL_GUIDANCE_DAYS",
        _("Legal guidance posted late"),
        _(
            "Working days after a law or policy within which its guidance is posted "
            "(Decree 43/2011/NĐ-CP Điều 17 k1 b)."
        ),
    ),
    Check(
        "plans",
        "PORTAL_DEADLINE_PLAN_DAYS",
        _("Plan, project or bidding posted late"),
        _(
            "Working days after approval within which plans, projects and bidding notices are posted "
            "(Decree 43/2011/NĐ-CP Điều 17 k1 d)."
        ),
    ),
    Check(
        "question_answer",
        # The Q&A app's own setting: the due dates it stores are computed with it.
        "PORTAL_QA_ANSWER_WORKING_DAYS",
        _("Question past its answer deadline"),
        _(
            "Working days from receipt within which a question is answered or the asker told when "
            "(Decree 43/2011/NĐ-CP Điều 17 k1 đ)."
        ),
    ),
    Check(
        "other_information",
        "PORTAL_DEADLINE_OTHER_DAYS",
        _("Other information posted late"),
        _(
            "Working days after it exists within which information without its own rule is posted "
            "(Access to Information Law 2016 Điều 18 k4)."
        ),
    ),
    Check(
        "consultation_outcome",
        # The consultations app's own setting: Draft.objects.overdue() reads it.
        "PORTAL_CONSULTATION_OUTCOME_DUE_DAYS",
        _("Consultation without its outcome"),
        _(
            "Days after a consultation closes within which the drafting agency publishes its report on "
            "the comments (Access to Information Law 2016 Điều 17 k1 c)."
        ),
    ),
    Check(
        "english_pages",
        "PORTAL_ENGLISH_PAGES_GRACE_DAYS",
        _("English page older than its Vietnamese source"),
        _(
            "Days the English organisation and contact pages may lag behind a change of the Vietnamese "
            "text (Decree 42/2022/NĐ-CP Điều 7 k2; Decree 43/2011/NĐ-CP Điều 13)."
        ),
    ),
    Check(
        "budget_estimate",
        "PORTAL_BUDGET_ESTIMATE_REQUIRED",
        _("Budget estimate not posted"),
        _(
            "1: units that must disclose budgets are flagged until they post the year's estimate "
            "(Circular 61/2017/TT-BTC Điều 6 as amended by Circular 90/2018/TT-BTC; Điều 11); 0: off."
        ),
    ),
)


def check(key: str) -> Check:
    return next(c for c in CHECKS if c.key == key)
