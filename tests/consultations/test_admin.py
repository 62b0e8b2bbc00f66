"""The drafting unit's admin: scoped to its units, workflow through services, exports for the agency."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from consultations.enums import DraftState, Moderation, Verdict
from consultations.models import Comment, Draft
from subsites.enums import Role

from ..factories.consultations import SAMPLE_TEXT, CommentFactory, DraftFactory, article
from ..factories.subsites import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_a(unit_a):
    return DraftFactory(unit=unit_a, title_vi="Dự thảo của Sở Tư pháp")


@pytest.fixture
def draft_b(unit_b):
    return DraftFactory(unit=unit_b, scheduled=True, title_vi="Dự thảo của Sở Y tế")


def test_draft_list_is_scoped(client, editor_a, draft_a, draft_b):
    client.force_login(editor_a)
    page = client.get(reverse("admin:consultations_draft_changelist")).text
    assert draft_a.title in page and draft_b.title not in page


@pytest.mark.parametrize(
    "name, args", [("change", []), ("split", []), ("workflow", ["suspend"]), ("export", ["xlsx"])]
)
def test_other_units_draft_is_like_a_missing_one(client, editor_a, draft_b, name, args):
    client.force_login(editor_a)
    other = client.get(reverse(f"admin:consultations_draft_{name}", args=[draft_b.pk, *args]))
    missing = client.get(reverse(f"admin:consultations_draft_{name}", args=[999999, *args]))
    assert other.status_code == missing.status_code and other.status_code in (302, 404)


def test_split_pasted_text_into_articles(client, editor_a, draft_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("admin:consultations_draft_split", args=[draft_a.pk]), {"text": SAMPLE_TEXT}
    )
    assert response.status_code == 302
    assert list(draft_a.articles.filter(kind="article").values_list("label", flat=True)) == [
        "Điều 1", "Điều 2", "Điều 3", "Điều 4"
    ]  # fmt: skip


def test_split_an_uploaded_docx(client, editor_a, draft_a):
    document = Document()
    for line in SAMPLE_TEXT.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "du-thao.docx"
    client.force_login(editor_a)
    client.post(reverse("admin:consultations_draft_split", args=[draft_a.pk]), {"text": "", "docx": buffer})
    assert draft_a.articles.filter(label="Điều 3").exists()


def test_a_file_that_is_not_a_docx_is_refused_clearly(client, editor_a, draft_a):
    fake = io.BytesIO(b"<html>not a document</html>")
    fake.name = "du-thao.docx"
    client.force_login(editor_a)
    response = client.post(reverse("admin:consultations_draft_split", args=[draft_a.pk]), {"docx": fake})
    assert response.status_code == 200 and "du-thao.docx" in response.text
    assert not draft_a.articles.exists()


def test_approver_schedules_from_the_admin_and_a_short_period_is_explained(client, approver_a, draft_a):
    DraftFactory._meta.model.objects.filter(pk=draft_a.pk).update(
        closes_at=draft_a.opens_at + timedelta(days=10)
    )
    DraftArticle = draft_a.articles.model
    DraftArticle.objects.create(draft=draft_a, kind="article", label="Điều 1", position=0)
    client.force_login(approver_a)
    target = reverse("admin:consultations_draft_workflow", args=[draft_a.pk, "schedule"])
    refused = client.post(target, {"short_window_reason": ""})
    assert refused.status_code == 200 and "Điều 129" in refused.text
    assert (
        client.post(
            target, {"short_window_reason": "Cấp bách: thi hành ngay Nghị quyết của HĐND tỉnh."}
        ).status_code
        == 302
    )
    assert Draft.objects.get(pk=draft_a.pk).state == DraftState.SCHEDULED


def test_editor_cannot_reach_the_approvers_actions(client, editor_a, draft_a):
    client.force_login(editor_a)
    response = client.get(reverse("admin:consultations_draft_workflow", args=[draft_a.pk, "schedule"]))
    assert response.status_code == 403


@pytest.fixture
def comments_a(unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, text=True)
    return [
        CommentFactory(draft=draft, confirmed=True, text="Ý kiến của Sở A", article=article(draft, "Điều 3")),
        CommentFactory(draft=draft, confirmed=True, text="Ý kiến trùng lặp"),
    ]


def test_moderation_list_is_scoped_to_the_users_units(client, unit_b, comments_a):
    editor_b = member(unit_b, Role.EDITOR)
    client.force_login(editor_b)
    page = client.get(reverse("admin:consultations_comment_changelist")).text
    assert "Ý kiến của Sở A" not in page
    other = client.get(reverse("admin:consultations_comment_change", args=[comments_a[0].pk]))
    missing = client.get(reverse("admin:consultations_comment_change", args=[999999]))
    assert other.status_code == missing.status_code


def test_publish_action_moderates_through_the_service(client, editor_a, comments_a):
    client.force_login(editor_a)
    client.post(
        reverse("admin:consultations_comment_changelist"),
        {"action": "publish_selected", "_selected_action": [c.pk for c in comments_a]},
    )
    assert set(Comment.objects.values_list("moderation", flat=True)) == {Moderation.PUBLISHED}


def test_group_disposition_action_after_closing(client, editor_a, comments_a):
    draft = comments_a[0].draft
    Draft.objects.filter(pk=draft.pk).update(closes_at=draft.opens_at + timedelta(seconds=1))
    client.force_login(editor_a)
    url = reverse("admin:consultations_comment_changelist")
    selected = {"action": "record_disposition", "_selected_action": [c.pk for c in comments_a]}
    form = client.post(url, selected)
    assert form.status_code == 200 and "Ý kiến trùng lặp" in form.text
    client.post(url, {**selected, "verdict": Verdict.NOT_ACCEPTED, "explanation": ""})
    assert not Comment.objects.filter(disposition__isnull=False).exists()
    client.post(url, {**selected, "verdict": Verdict.NOT_ACCEPTED, "explanation": "Không phù hợp Luật."})
    assert Comment.objects.filter(disposition__verdict=Verdict.NOT_ACCEPTED).count() == 2


def test_internal_exports_have_every_comment_with_contact_data(client, editor_a, comments_a, unit_b):
    draft = comments_a[0].draft
    client.force_login(editor_a)
    xlsx = client.get(reverse("admin:consultations_draft_export", args=[draft.pk, "xlsx"]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    header = rows[3]
    assert len(header) == 15
    body = [dict(zip(header, row, strict=True)) for row in rows[4:]]
    assert len(body) == 2
    first = next(r for r in body if r[header[0]] == comments_a[0].reference)
    assert comments_a[0].email in first.values() and "Điều 3. Cung cấp thông tin" in first.values()
    docx = client.get(reverse("admin:consultations_draft_export", args=[draft.pk, "docx"]))
    table = Document(io.BytesIO(docx.content)).tables[0]
    cells = [cell.text for row in table.rows for cell in row.cells]
    assert len(table.rows) == 3 and comments_a[1].phone in cells and comments_a[0].reference in cells
    client.force_login(member(unit_b, Role.EDITOR))
    assert client.get(reverse("admin:consultations_draft_export", args=[draft.pk, "xlsx"])).status_code == 404


def test_editor_creates_a_draft_through_the_admin(client, editor_a, unit_a):
    client.force_login(editor_a)
    assert client.get(reverse("admin:consultations_draft_add")).status_code == 200
    data = {
        "unit": unit_a.pk,
        "key": "",
        "title_vi": "Dự thảo mới",
        "summary_vi": "",
        "explanatory_note_vi": "<p>Tờ trình</p><script>x</script>",
        "draft_type": "decision",
        "drafting_agency": "Sở Tư pháp",
        "receiving_address": "Trà Vinh",
        "receiving_email": "gopy@example.gov.vn",
        "show_comments": "on",
        "premoderated": "on",
        "opens_at_0": "2026-06-01",
        "opens_at_1": "07:30:00",
        "closes_at_0": "2026-07-15",
        "closes_at_1": "17:00:00",
        "files-TOTAL_FORMS": "0",
        "files-INITIAL_FORMS": "0",
        "articles-TOTAL_FORMS": "0",
        "articles-INITIAL_FORMS": "0",
    }
    for field in ("title", "summary", "explanatory_note"):
        for code in ("en", "km"):
            data[f"{field}_{code}"] = ""
    response = client.post(reverse("admin:consultations_draft_add"), data)
    assert response.status_code == 302, (
        [str(e) for e in response.context["errors"]] if response.context else ""
    )
    draft = Draft.objects.get(title_vi="Dự thảo mới")
    assert draft.created_by == editor_a and "<script" not in draft.explanatory_note_vi
    assert client.get(reverse("admin:consultations_draft_change", args=[draft.pk])).status_code == 200


def test_files_are_judged_by_their_content(client, editor_a, draft_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor_a)
    url = reverse("admin:consultations_draft_change", args=[draft_a.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "unit"}
    data.update(
        {
            "unit": draft_a.unit_id,
            "draft_type": draft_a.draft_type,
            "opens_at_0": "2026-06-01",
            "opens_at_1": "07:30:00",
            "closes_at_0": "2026-07-15",
            "closes_at_1": "17:00:00",
            "show_comments": "on",
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "0",
            "files-0-title": "Toàn văn dự thảo",
            "files-0-position": "0",
            "articles-TOTAL_FORMS": "0",
            "articles-INITIAL_FORMS": "0",
        }
    )
    for field in ("title", "summary", "explanatory_note"):
        for code in ("vi", "en", "km"):
            data[f"{field}_{code}"] = getattr(draft_a, f"{field}_{code}") or ""
    fake = SimpleUploadedFile("du-thao.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(url, {**data, "files-0-file": fake})
    assert response.status_code == 200 and "du-thao.pdf" in response.text
    assert not draft_a.files.exists()
    pdf = SimpleUploadedFile("du-thao.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    assert client.post(url, {**data, "files-0-file": pdf}).status_code == 302
    attachment = draft_a.files.get()
    assert attachment.content_type == "application/pdf" and attachment.size > 0
