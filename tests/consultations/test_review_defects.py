"""Issue 17 item 9: a refused disposition is only an error; a shorter period needs a real justification;
a comment with personal data is not published before a moderator checks it (the Q&A's check)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from consultations import services
from consultations.enums import DraftState, Moderation, Verdict
from consultations.models import Comment, Draft, Outcome
from portal.models import AuditEntry

from ..factories.consultations import CommentFactory, DraftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English (the catalogues translate them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """The admin answers in the browser's language: English here, as the assertions are."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


SUCCESS = "was changed successfully"
PHONE = "0913 456 789"


def _comment_url(comment) -> str:
    return reverse("admin:consultations_comment_change", args=[comment.pk])


def _post_comment(client, comment, **data):
    form = {
        "moderation": comment.moderation,
        "moderation_reason": comment.moderation_reason,
        "verdict": "",
        "explanation": "",
        "_save": "Save",
    }
    form.update(data)
    return client.post(_comment_url(comment), form, follow=True)


# --- a disposition while the draft is open ------------------------------------------------------
def test_a_disposition_while_the_draft_is_open_is_only_an_error_and_changes_nothing(client, editor_a, unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, premoderated=True)
    comment = CommentFactory(draft=draft, confirmed=True)
    client.force_login(editor_a)
    response = _post_comment(
        client, comment, moderation=Moderation.PUBLISHED, verdict=Verdict.ACCEPTED, explanation="Tiếp thu."
    )
    page = response.content.decode()
    assert "Dispositions are recorded by the unit&#x27;s editors after the consultation closes" in page
    assert SUCCESS not in page
    stored = Comment.objects.get(pk=comment.pk)
    assert stored.disposition is None and stored.moderation == Moderation.PENDING  # nothing changed


def test_after_closing_the_disposition_is_recorded_with_its_success_message(client, editor_a, unit_a):
    draft = DraftFactory(unit=unit_a, closed=True)
    comment = CommentFactory(draft=draft, confirmed=True)
    client.force_login(editor_a)
    page = _post_comment(client, comment, verdict=Verdict.ACCEPTED).content.decode()
    assert SUCCESS in page
    assert Comment.objects.get(pk=comment.pk).disposition.verdict == Verdict.ACCEPTED


# --- a shorter period needs a justification --------------------------------------------------------
@pytest.fixture
def short_draft(unit_a):
    opens = timezone.now() + timedelta(days=1)
    return DraftFactory(unit=unit_a, text=True, opens_at=opens, closes_at=opens + timedelta(days=10))


@pytest.mark.parametrize("reason", [".", "x", "Gấp", "   khẩn cấp    ", "a" * 19])
def test_a_token_reason_does_not_bypass_the_minimum_period(client, approver_a, short_draft, reason):
    client.force_login(approver_a)
    target = reverse("admin:consultations_draft_workflow", args=[short_draft.pk, "schedule"])
    response = client.post(target, {"short_window_reason": reason})
    assert response.status_code == 200
    page = response.content.decode()
    assert "at least 20 characters" in page and "Điều 146" in page
    assert Draft.objects.get(pk=short_draft.pk).state == DraftState.DRAFT


def test_a_real_justification_is_accepted_and_kept_in_the_audit_trail(client, approver_a, short_draft):
    reason = "Văn bản thực hiện ngay Nghị quyết của HĐND tỉnh về phòng chống thiên tai."
    client.force_login(approver_a)
    target = reverse("admin:consultations_draft_workflow", args=[short_draft.pk, "schedule"])
    assert client.post(target, {"short_window_reason": f"  {reason}  "}).status_code == 302
    assert Draft.objects.get(pk=short_draft.pk).short_window_reason == reason
    entry = AuditEntry.objects.get(action="draft.schedule", object_id=str(short_draft.pk))
    assert entry.changes["short_window_reason"] == reason
    assert entry.changes["minimum_days"] == 30 and "Điều 129" in entry.changes["minimum_basis"]
    assert "Điều 146" in entry.changes["short_window_basis"]


def test_the_minimum_length_is_a_setting(settings, approver_a, short_draft):
    settings.PORTAL_CONSULTATION_SHORT_REASON_MIN_CHARS = 5
    services.draft_schedule(draft=short_draft, acting_user=approver_a, short_window_reason="Khẩn cấp")
    assert Draft.objects.get(pk=short_draft.pk).state == DraftState.SCHEDULED


# --- personal data in comments ---------------------------------------------------------------------
@pytest.fixture
def open_draft(unit_a):
    return DraftFactory(unit=unit_a, scheduled=True, text=True, premoderated=False, show_comments=True)


def _submit(draft, text: str) -> Comment:
    comment = services.comment_submit(
        draft=draft,
        name="Lê Văn Tám",
        email="tam.le@mail.example",
        text=text,
        kind="individual",
        phone="0977 111 222",
    )
    return services.comment_confirm(comment=comment)


def test_a_phone_number_in_a_comment_is_not_published_before_a_moderator_checks_it(
    client, open_draft, editor_a
):
    shown = _submit(open_draft, "Đề nghị bổ sung Điều 3 về thời hạn trả lời.")
    held = _submit(open_draft, f"Đề nghị gọi cho tôi qua số {PHONE} để trao đổi thêm.")
    page = client.get(open_draft.get_absolute_url()).content.decode()
    assert shown.text in page  # a draft without premoderation shows comments at once…
    assert PHONE not in page and "Đề nghị gọi cho tôi" not in page  # …but not one with personal data

    client.force_login(editor_a)
    form = client.get(_comment_url(held)).content.decode()
    assert PHONE in form and "phone number" in form
    refused = _post_comment(client, held, moderation=Moderation.PUBLISHED).content.decode()
    assert "Personal data found in the comment" in refused and SUCCESS not in refused
    assert Comment.objects.get(pk=held.pk).moderation == Moderation.PENDING

    confirmed = _post_comment(client, held, moderation=Moderation.PUBLISHED, acknowledge_personal_data="on")
    assert SUCCESS in confirmed.content.decode()
    entry = AuditEntry.objects.filter(action="comment.moderate", object_id=str(held.pk)).get()
    assert entry.changes["personal_data_confirmed"] == [f"phone: {PHONE}"]
    client.logout()
    assert PHONE in client.get(open_draft.get_absolute_url()).content.decode()


def test_the_commenters_own_e_mail_in_the_text_is_found(open_draft):
    comment = _submit(open_draft, "Xin phản hồi về địa chỉ tam.le@mail.example của tôi.")
    kinds = {f.kind for f in services.comment_personal_data(comment)}
    assert "email" in kinds and comment.held_for_personal_data


def test_publishing_in_bulk_skips_a_comment_with_personal_data(client, editor_a, unit_a):
    draft = DraftFactory(unit=unit_a, scheduled=True, premoderated=True)
    clean = CommentFactory(draft=draft, confirmed=True, text="Đề nghị làm rõ Điều 2.")
    risky = CommentFactory(draft=draft, confirmed=True, text=f"Liên hệ {PHONE}.")
    client.force_login(editor_a)
    response = client.post(
        reverse("admin:consultations_comment_changelist"),
        {"action": "publish_selected", "_selected_action": [clean.pk, risky.pk]},
        follow=True,
    )
    assert risky.reference in response.content.decode()
    assert Comment.objects.get(pk=clean.pk).moderation == Moderation.PUBLISHED
    assert Comment.objects.get(pk=risky.pk).moderation == Moderation.PENDING


def test_the_outcome_waits_for_held_comments(approver_a, open_draft):
    held = _submit(open_draft, f"Số điện thoại của tôi: {PHONE}.")
    Draft.objects.filter(pk=open_draft.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    draft = Draft.objects.get(pk=open_draft.pk)
    held = Comment.objects.select_related("draft").get(pk=held.pk)
    services.disposition_set(comments=[held], verdict=Verdict.NOTED, acting_user=approver_a)
    with pytest.raises(Exception, match=held.reference):
        services.outcome_publish(draft=draft, report="<p>Báo cáo.</p>", acting_user=approver_a)
    assert not Outcome.objects.exists()
