"""Commenters' e-mail and phone are read only by the editors and approvers of the draft's unit.

Never by a translator, the board, or a unit administrator by that role alone: not on the comment's
admin page, not in the export, not through a link to the export.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ..factories.consultations import CommentFactory, DraftFactory

pytestmark = pytest.mark.django_db

EMAIL = "chi.lan.1987@mail.example"
PHONE = "0987 654 321"

HANDLERS = ["editor_a", "approver_a"]
OTHERS = ["translator_a_km", "board", "unit_admin_a"]


@pytest.fixture
def comment(unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, title_vi="Dự thảo quy định về hộ tịch")
    return CommentFactory(draft=draft, confirmed=True, email=EMAIL, phone=PHONE, name="Trần Thị Lan")


def _comment_page(client, user, comment) -> str:
    client.force_login(user)
    response = client.get(reverse("admin:consultations_comment_change", args=[comment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _export(client, comment):
    return client.get(reverse("admin:consultations_draft_export", args=[comment.draft.pk, "xlsx"]))


def _draft_page(client, comment) -> str:
    return client.get(reverse("admin:consultations_draft_change", args=[comment.draft.pk])).content.decode()


@pytest.mark.parametrize("who", HANDLERS)
def test_the_units_editors_and_approvers_read_the_contact(client, request, comment, who):
    page = _comment_page(client, request.getfixturevalue(who), comment)
    assert EMAIL in page and PHONE in page
    response = _export(client, comment)
    assert response.status_code == 200
    cells = {
        c
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
        for c in row
    }
    assert EMAIL in cells and PHONE in cells
    assert reverse("admin:consultations_draft_export", args=[comment.draft.pk, "xlsx"]) in _draft_page(
        client, comment
    )


@pytest.mark.parametrize("who", OTHERS)
def test_translators_the_board_and_unit_admins_do_not(client, request, comment, who):
    page = _comment_page(client, request.getfixturevalue(who), comment)
    assert "Trần Thị Lan" in page  # the comment itself is there
    assert EMAIL not in page and PHONE not in page
    response = _export(client, comment)
    assert response.status_code in (403, 404)
    assert EMAIL.encode() not in response.content
    assert reverse("admin:consultations_draft_export", args=[comment.draft.pk, "xlsx"]) not in _draft_page(
        client, comment
    )
