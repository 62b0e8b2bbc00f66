"""A relation shows another unit's document only to those who may see that document.

Unit B records that its unpublished decision amends unit A's published one: nobody outside B (A's
editor, the board, a visitor) reads B's number, title or link, on A's admin page or on the public page.
"""

import pytest
from django.urls import reverse

from documents.enums import RelationKind
from documents.models import Relation
from subsites.enums import Role

from ..factories.documents import DocumentFactory
from ..factories.subsites import member

pytestmark = pytest.mark.django_db

SECRET_NUMBER = "77/QĐ-SYT"
SECRET_TITLE = "Sửa đổi quy chế tuyển dụng chưa công bố"


@pytest.fixture
def editor_b(unit_b):
    return member(unit_b, Role.EDITOR, username="editor_b")


@pytest.fixture
def amended(unit_a, unit_b):
    """A's public document, amended by B's unpublished one and by B's public one."""
    a_doc = DocumentFactory(unit=unit_a, published=True, number_symbol="12/QĐ-STP")
    secret = DocumentFactory(unit=unit_b, number_symbol=SECRET_NUMBER, title_vi=SECRET_TITLE)
    public = DocumentFactory(unit=unit_b, published=True, number_symbol="78/QĐ-SYT")
    Relation.objects.create(source=secret, kind=RelationKind.AMENDS, target=a_doc)
    Relation.objects.create(source=public, kind=RelationKind.GUIDES, target=a_doc)
    return {"a": a_doc, "secret": secret, "public": public}


def _admin_page(client, user, document) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _public_page(client, document) -> str:
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _leaks(page: str, secret) -> bool:
    change_url = reverse("admin:documents_document_change", args=[secret.pk])
    return any(s in page for s in (SECRET_NUMBER, SECRET_TITLE, change_url, secret.get_absolute_url()))


@pytest.mark.parametrize("who", ["editor_a", "approver_a", "board"])
def test_a_other_units_unpublished_amendment_is_not_in_the_later_documents_box(client, request, amended, who):
    page = _admin_page(client, request.getfixturevalue(who), amended["a"])
    assert "78/QĐ-SYT" in page  # B's public guidance is shown: anyone may read it
    assert not _leaks(page, amended["secret"])


def test_the_unit_that_wrote_the_amendment_sees_it_on_its_own_document(client, amended, editor_b):
    page = _admin_page(client, editor_b, amended["secret"])
    assert "12/QĐ-STP" in page  # the public document it amends


@pytest.mark.parametrize("who", [None, "editor_a", "editor_b", "board"])
def test_the_public_page_names_only_public_related_documents(client, request, amended, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    page = _public_page(client, amended["a"])
    assert "78/QĐ-SYT" in page
    assert not _leaks(page, amended["secret"])


def test_a_relation_from_a_now_unpublished_target_of_another_unit_is_not_shown(
    client, unit_a, unit_b, editor_a
):
    """A's document amends B's, which B later takes off the site: A's form no longer names it."""
    a_doc = DocumentFactory(unit=unit_a, published=True, number_symbol="13/QĐ-STP")
    withdrawn = DocumentFactory(
        unit=unit_b, archived=True, number_symbol=SECRET_NUMBER, title_vi=SECRET_TITLE
    )
    Relation.objects.create(source=a_doc, kind=RelationKind.AMENDS, target=withdrawn)
    assert not _leaks(_admin_page(client, editor_a, a_doc), withdrawn)


def test_the_relation_choices_offer_no_other_units_unpublished_document(client, amended, editor_a):
    """The autocomplete of the relation's target: public documents and one's own units' only (a guard:
    it held before; it now asks the same rule as the boxes)."""
    client.force_login(editor_a)
    url = reverse("admin:autocomplete")
    params = {"app_label": "documents", "model_name": "relation", "field_name": "target", "term": "77"}

    def offered(term: str) -> str:
        return " ".join(r["text"] for r in client.get(url, {**params, "term": term}).json()["results"])

    assert SECRET_NUMBER not in offered("77")
    assert "78/QĐ-SYT" in offered("78")


def test_deleting_a_document_does_not_list_another_units_unpublished_relation(client, amended, unit_a):
    admin_a = member(unit_a, Role.UNIT_ADMIN, username="unitadmin_a")
    client.force_login(admin_a)
    response = client.get(reverse("admin:documents_document_delete", args=[amended["a"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "78/QĐ-SYT" in page
    assert not _leaks(page, amended["secret"])
