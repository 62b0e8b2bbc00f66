"""Choices of the document registry: types (Decree 30/2020 Appendix III), categories, validity, relations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    """Document types by the abbreviation in their symbol (Decree 30/2020/NĐ-CP, Appendix III).

    Mixed-case abbreviations (QyĐ, CTr, TTr, TrS) are stored and displayed as the decree writes them.
    """

    # Administrative documents (văn bản hành chính)
    NQ = "NQ", _("Resolution")
    QD = "QĐ", _("Decision")
    CT = "CT", _("Directive")
    QC = "QC", _("Regulation")
    QYD = "QyĐ", _("Provisions")
    TC = "TC", _("Communiqué")
    TB = "TB", _("Notice")
    HD = "HD", _("Guidance")
    CTR = "CTr", _("Programme")
    KH = "KH", _("Plan")
    PA = "PA", _("Option")
    DEAN = "ĐA", _("Scheme")
    DA = "DA", _("Project")
    BC = "BC", _("Report")
    BB = "BB", _("Minutes")
    TTR = "TTr", _("Submission")
    HOPDONG = "HĐ", _("Contract")
    CD = "CĐ", _("Official dispatch")
    BGN = "BGN", _("Memorandum of understanding")
    BTT = "BTT", _("Agreement")
    GUQ = "GUQ", _("Power of attorney")
    GM = "GM", _("Invitation")
    GGT = "GGT", _("Letter of introduction")
    GNP = "GNP", _("Leave permit")
    PG = "PG", _("Dispatch note")
    PC = "PC", _("Transfer note")
    PB = "PB", _("Notification note")
    # Copies (bản sao)
    SY = "SY", _("Certified copy")
    TRS = "TrS", _("Extract copy")
    SL = "SL", _("Transcribed copy")
    # Official letters carry no type in their symbol: 9505/BTC-NSNN.
    CV = "CV", _("Official letter")
    # Legal normative documents (văn bản quy phạm pháp luật) add these.
    ND = "NĐ", _("Decree")
    TT = "TT", _("Circular")
    TTLT = "TTLT", _("Joint circular")
    NQLT = "NQLT", _("Joint resolution")
    L = "L", _("Order")
    # Laws and ordinances carry only the body after the year: 80/2015/QH13, 01/2022/UBTVQH15.
    LUAT = "Luật", _("Law")
    PL = "PL", _("Ordinance")


# Types written in a symbol (not CV, Luật, PL, which the symbol implies without writing them).
SYMBOL_TYPES = tuple(t for t in DocType if t not in {DocType.CV, DocType.LUAT, DocType.PL})
# The types a citizen sees first in a list of examples.
EXAMPLE_TYPES = (DocType.QD, DocType.KH, DocType.TB)


class SymbolForm(models.TextChoices):
    """The three shapes of a number and symbol (Decree 30/2020 Điều 15)."""

    ADMINISTRATIVE = "administrative", _("Administrative document")
    OFFICIAL_LETTER = "official_letter", _("Official letter")
    LEGAL = "legal", _("Legal normative document")


class Category(models.TextChoices):
    """The sections the law asks for; the exchange format and the report use these keys."""

    DIRECTION = "direction", _("Direction and administration")
    LEGAL = "legal", _("Legal normative documents")
    ADMIN_PROCEDURE = "admin_procedure", _("Administrative procedures")
    PROCUREMENT = "procurement", _("Procurement")
    PLAN = "plan", _("Plans")
    NOTICE = "notice", _("Notices")
    SOE_REPORT = "soe_report", _("State-owned enterprise disclosures")
    BUDGET = "budget", _("Budget disclosure")
    OTHER = "other", _("Other")


class BudgetKind(models.TextChoices):
    """Budget disclosures (Circular 61/2017/TT-BTC Điều 6 as amended by Circular 90/2018/TT-BTC)."""

    ESTIMATE = "estimate", _("Estimate")
    EXECUTION = "execution", _("Execution")
    FINAL = "final", _("Final accounts")


class Validity(models.TextChoices):
    """Where a document stands on a given local date."""

    NOT_YET = "not_yet", _("Not yet in force")
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("In force, amended")
    REPLACED = "replaced", _("Replaced")
    EXPIRED = "expired", _("Expired")


class RelationKind(models.TextChoices):
    AMENDS = "amends", _("Amends")
    REPLACES = "replaces", _("Replaces")
    GUIDES = "guides", _("Guides")


# How a relation reads from its target's side.
RELATION_INVERSE_LABELS = {
    RelationKind.AMENDS: _("Amended by"),
    RelationKind.REPLACES: _("Replaced by"),
    RelationKind.GUIDES: _("Guided by"),
}
