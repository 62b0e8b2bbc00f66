"""Editors post documents in the admin: clear field errors, checked files, and no way into another unit."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.enums import Category, RelationKind
from documents.models import Attachment, Document, Relation
from portal.enums import Status

from ..factories.documents import PDF, DocumentFactory, IssuingBodyFactory, pdf_upload

pytestmark = pytest.mark.django_db

ADD = "admin:documents_document_add"


@pytest.fixture
def body(db):
    return IssuingBodyFactory()


def _form(unit, body, **extra):
    data = {
        "unit": unit.pk,
        "number_symbol": "1762/QĐ-UBND",
        "category": Category.DIRECTION,
        "title_vi": "Ban hành quy chế hoạt động của Cổng Thông tin điện tử tỉnh",
        "title_en": "",
        "title_km": "",
        "issuing_body": body.pk,
        "signer": "Lê Văn Hẳn, Phó Chủ tịch",
        "field": "",
        "issued_on": "2021-08-27",
        "effective_on": "",
        "expires_on": "",
        "fiscal_year": "",
        "budget_kind": "",
        "enterprise": "",
        "status": Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "relations_out-TOTAL_FORMS": "0",
        "relations_out-INITIAL_FORMS": "0",
        "relations_in-TOTAL_FORMS": "0",
        "relations_in-INITIAL_FORMS": "0",
    }
    data.update(extra)
    return data


def _with_file(upload) -> dict:
    return {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-title": "Toàn văn",
        "attachments-0-order": "0",
        "attachments-0-file": upload,
    }


def _post(client, data, url=None):
    return client.post(url or reverse(ADD), data)


def _errors(response) -> dict:
    return response.context["adminform"].form.errors


def _inline_errors(response) -> list:
    return [f.errors for formset in response.context["inline_admin_formsets"] for f in formset.formset]


def test_editor_posts_a_document_with_its_pdf(client, editor_a, unit_a, body):
    client.force_login(editor_a)
    response = _post(client, _form(unit_a, body, **_with_file(pdf_upload("qd 1762.pdf"))))
    assert response.status_code == 302, _errors(response)
    document = Document.objects.get()
    assert (document.unit, document.doc_type, document.year) == (unit_a, "QĐ", 2021)
    attachment = document.attachments.get()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)


def test_number_is_normalised_on_save(client, editor_a, unit_a, body):
    client.force_login(editor_a)
    response = _post(client, _form(unit_a, body, number_symbol="Số: 1762 / qđ-ubnd"))
    assert response.status_code == 302, _errors(response)
    assert Document.objects.get().number_symbol == "1762/QĐ-UBND"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [("1762/QD-UBND", "did you mean QĐ"), ("1762/ABC", "document type such as QĐ, KH, TB"), ("1762", "“/”")],
)
def test_malformed_number_is_a_field_error(client, editor_a, unit_a, body, number, fragment):
    client.force_login(editor_a)
    response = _post(client, _form(unit_a, body, number_symbol=number))
    assert response.status_code == 200
    assert fragment in _errors(response)["number_symbol"][0]
    assert not Document.objects.exists()


def test_duplicate_number_is_refused_naming_the_existing_document(client, editor_a, unit_a, body):
    DocumentFactory(
        unit=unit_a,
        issuing_body=body,
        number_symbol="1762/QĐ-UBND",
        issued_on=date(2021, 8, 27),
        title_vi="Quy chế Cổng thông tin",
    )
    client.force_login(editor_a)
    response = _post(client, _form(unit_a, body))
    assert response.status_code == 200
    assert "Quy chế Cổng thông tin" in _errors(response)["number_symbol"][0]
    assert Document.objects.count() == 1


def test_expiry_before_issue_is_a_field_error(client, editor_a, unit_a, body):
    client.force_login(editor_a)
    response = _post(client, _form(unit_a, body, expires_on="2021-08-01"))
    assert response.status_code == 200
    assert "01/08/2021" in _errors(response)["expires_on"][0]
    assert not Document.objects.exists()


def test_file_whose_content_does_not_match_its_extension_is_refused(client, editor_a, unit_a, body):
    client.force_login(editor_a)
    fake = SimpleUploadedFile("quyet-dinh.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    response = _post(client, _form(unit_a, body, **_with_file(fake)))
    assert response.status_code == 200
    errors = _inline_errors(response)
    assert any("quyet-dinh.pdf" in str(e.get("file")) for e in errors)
    assert not Document.objects.exists() and not Attachment.objects.exists()


def test_oversized_file_is_refused(client, editor_a, unit_a, body, settings):
    settings.PORTAL_UPLOAD_MAX_BYTES = 1024
    client.force_login(editor_a)
    big = pdf_upload("lon.pdf", PDF + b"0" * 4096)
    response = _post(client, _form(unit_a, body, **_with_file(big)))
    assert response.status_code == 200
    assert any("MB" in str(e.get("file")) for e in _inline_errors(response))
    assert not Document.objects.exists()


def test_forged_post_with_another_units_id_is_refused(client, editor_a, unit_b, body):
    client.force_login(editor_a)
    response = _post(client, _form(unit_b, body))
    assert response.status_code == 200
    assert "unit" in _errors(response)
    assert not Document.objects.exists()


def test_other_units_document_cannot_be_opened_or_changed(client, editor_a, unit_b, body):
    theirs = DocumentFactory(unit=unit_b, issuing_body=body, number_symbol="5/TB-VP")
    client.force_login(editor_a)
    url = reverse("admin:documents_document_change", args=[theirs.pk])
    missing = reverse("admin:documents_document_change", args=[999999])
    assert client.get(url).status_code == client.get(missing).status_code
    client.post(url, _form(unit_b, body, number_symbol="6/TB-VP"))
    theirs.refresh_from_db()
    assert theirs.number_symbol == "5/TB-VP"


def test_editor_cannot_publish_but_approver_can(client, editor_a, approver_a, unit_a, body):
    client.force_login(editor_a)
    response = _post(client, _form(unit_a, body, status=Status.PUBLISHED))
    assert response.status_code == 200 and "status" in _errors(response)
    client.force_login(approver_a)
    response = _post(client, _form(unit_a, body, status=Status.PUBLISHED))
    assert response.status_code == 302, _errors(response)
    document = Document.objects.get()
    assert document.posted_at is not None and document.posted_at == document.published_at


def test_relation_target_limited_to_visible_documents(client, editor_a, unit_a, unit_b, body):
    mine = DocumentFactory(unit=unit_a, issuing_body=body, number_symbol="2/QĐ-UBND")
    public_elsewhere = DocumentFactory(
        unit=unit_b, issuing_body=body, number_symbol="3/QĐ-UBND", published=True
    )
    draft_elsewhere = DocumentFactory(unit=unit_b, issuing_body=body, number_symbol="4/QĐ-UBND")
    client.force_login(editor_a)
    url = reverse("admin:documents_document_change", args=[mine.pk])
    base = _form(unit_a, body, number_symbol="2/QĐ-UBND")
    refused = _post(
        client,
        {
            **base,
            "relations_out-TOTAL_FORMS": "1",
            "relations_out-0-kind": RelationKind.AMENDS,
            "relations_out-0-target": draft_elsewhere.pk,
        },
        url,
    )
    assert refused.status_code == 200
    assert not Relation.objects.exists()
    accepted = _post(
        client,
        {
            **base,
            "relations_out-TOTAL_FORMS": "1",
            "relations_out-0-kind": RelationKind.AMENDS,
            "relations_out-0-target": public_elsewhere.pk,
        },
        url,
    )
    assert accepted.status_code == 302
    assert Relation.objects.get().target == public_elsewhere


def test_self_relation_refused_in_the_form(client, editor_a, unit_a, body):
    mine = DocumentFactory(unit=unit_a, issuing_body=body, number_symbol="2/QĐ-UBND")
    client.force_login(editor_a)
    url = reverse("admin:documents_document_change", args=[mine.pk])
    data = _form(unit_a, body, number_symbol="2/QĐ-UBND")
    data.update(
        {
            "relations_out-TOTAL_FORMS": "1",
            "relations_out-0-kind": RelationKind.REPLACES,
            "relations_out-0-target": mine.pk,
        }
    )
    response = _post(client, data, url)
    assert response.status_code == 200
    assert any("itself" in str(e) for e in _inline_errors(response))
    assert not Relation.objects.exists()


def test_admin_pages_render(client, editor_a, unit_a, body):
    document = DocumentFactory(unit=unit_a, issuing_body=body)
    client.force_login(editor_a)
    for url in (
        reverse(ADD),
        reverse("admin:documents_document_changelist"),
        reverse("admin:documents_document_change", args=[document.pk]),
        reverse("admin:documents_leaderschedule_add"),
        reverse("admin:documents_leaderschedule_changelist"),
        reverse("admin:documents_field_changelist"),
        reverse("admin:documents_issuingbody_add"),
    ):
        assert client.get(url).status_code == 200, url
