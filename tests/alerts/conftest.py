import pytest
from django.utils import timezone

from documents.enums import Category, DocType

from ..factories.documents import DocumentFactory, FieldFactory
from ..factories.subsites import MainPortalFactory, UnitFactory


@pytest.fixture
def alerts_setup(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://cong.example"
    settings.PORTAL_FORM_MIN_SECONDS = 0
    MainPortalFactory()
    unit = UnitFactory(key="stp", name_vi="Sở Tư pháp", name_en="Department of Justice")
    field = FieldFactory(slug="giao-duc", name_vi="Giáo dục", name_en="Education")
    return {"unit": unit, "field": field}


def draft_document(unit, field, **kwargs):
    """A draft decision of `unit` in `field`; publish it through the documents service."""
    values = {"unit": unit, "field": field, "category": Category.DIRECTION, "number_symbol": "12/QĐ-UBND"}
    values.update(kwargs)
    document = DocumentFactory(**values)
    assert document.doc_type == DocType.QD
    return document


class Clock:
    def __init__(self, now):
        self.now = now


@pytest.fixture
def clock(monkeypatch):
    """Freezes `timezone.now()` at a moment the test moves explicitly."""
    frozen = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what waits for the commit (the publication's matching, the mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
