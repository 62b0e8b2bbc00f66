"""portal.services: one meaning of "who acts" for every app's services."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from documents import services as document_services
from documents.enums import Category
from documents.models import Document, IssuingBody
from portal.models import AuditEntry
from portal.services import SYSTEM, record, require, user_of


def _never() -> bool:
    raise AssertionError("the predicate is not asked for the system")


def test_system_is_explicit_and_named():
    assert repr(SYSTEM) == "system"
    assert str(SYSTEM) == "system"
    assert SYSTEM is not None
    assert not SYSTEM.is_authenticated and not SYSTEM.is_superuser and not SYSTEM.is_staff
    assert user_of(SYSTEM) is None  # no "created by" column names it


def test_system_passes_without_asking_the_predicate():
    require(SYSTEM, _never, "no")
    require(SYSTEM, False, "no")


def test_none_is_refused():
    with pytest.raises(PermissionDenied, match="no"):
        require(None, True, "no")


def test_anonymous_user_is_refused_when_not_allowed():
    with pytest.raises(PermissionDenied):
        require(AnonymousUser(), lambda: False, "no")


def test_a_person_passes_when_allowed(editor_a):
    require(editor_a, lambda: True, "no")
    require(editor_a, True, "no")
    with pytest.raises(PermissionDenied):
        require(editor_a, False, "no")


def test_audit_entry_names_system(unit_a):
    entry = record(unit_a, actor=SYSTEM, action="unit.touch", changes={"a": 1})
    assert entry.actor is None
    assert entry.actor_repr == "system"
    assert entry.unit is None or entry.unit == unit_a


def test_audit_entry_of_a_person_names_them(editor_a, unit_a):
    entry = record(unit_a, actor=editor_a, action="unit.touch")
    assert entry.actor == editor_a
    assert entry.actor_repr == "editor_a"


def _document(unit) -> Document:
    body = IssuingBody.objects.create(name_vi="Ủy ban nhân dân tỉnh", code="UBND")
    return Document(
        unit=unit,
        number_symbol="12/2024/QĐ-UBND",
        category=Category.DIRECTION,
        title_vi="Quyết định thử",
        issuing_body=body,
        issued_on=date(2024, 3, 4),
    )


def test_documents_refuse_none(unit_a):
    """None no longer silently means the system: the importer and the demo pass SYSTEM."""
    with pytest.raises(PermissionDenied):
        document_services.document_create(document=_document(unit_a), acting_user=None)
    assert not Document.objects.exists()


def test_documents_refuse_an_anonymous_user(unit_a):
    with pytest.raises(PermissionDenied):
        document_services.document_create(document=_document(unit_a), acting_user=AnonymousUser())


def test_documents_accept_system_and_the_audit_names_it(unit_a):
    document = document_services.document_create(document=_document(unit_a), acting_user=SYSTEM)
    assert document.created_by is None
    entry = AuditEntry.objects.get(action="document.create")
    assert entry.actor_repr == "system"
    assert entry.actor is None
