from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitType(models.TextChoices):
    PORTAL = "portal", _("Main portal")
    DEPARTMENT = "department", _("Department")
    DISTRICT = "district", _("District")
    ORGANIZATION = "organization", _("Organization")


# Units that must publish budget disclosures unless told otherwise (Circular 90/2018 Điều 11).
BUDGET_DISCLOSING_TYPES = frozenset({UnitType.DEPARTMENT, UnitType.DISTRICT})


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    TRANSLATOR = "translator", _("Translator")
    UNIT_ADMIN = "unit_admin", _("Unit administrator")


EDITING_ROLES = frozenset({Role.EDITOR, Role.APPROVER, Role.UNIT_ADMIN})
APPROVING_ROLES = frozenset({Role.APPROVER, Role.UNIT_ADMIN})


class SectionKind(models.TextChoices):
    ARTICLES = "articles", _("News articles of a category")
    DOCUMENTS = "documents", _("Documents of a category")
    PAGE = "page", _("Static page")
    LINK = "link", _("External link")
    QA = "qa", _("Questions and answers")
    CONSULTATIONS = "consultations", _("Consultation on drafts")
    SCHEDULE = "schedule", _("Leaders' working schedule")
    PROCEDURES = "procedures", _("Administrative procedures")
    GROUP = "group", _("Group of sections")


class PageRole(models.TextChoices):
    INTRODUCTION = "introduction", _("Introduction")
    ORGANIZATION = "organization", _("Functions and organisation")
    LEADERS = "leaders", _("Leaders")
    CONTACT = "contact", _("Contacts of officials")
    OTHER = "other", _("Other")


# Pages that must exist in English and be kept current (Decree 42/2022 Điều 7 k2; 43/2011 Điều 13).
ENGLISH_REQUIRED_PAGE_ROLES = frozenset({PageRole.ORGANIZATION, PageRole.CONTACT})
