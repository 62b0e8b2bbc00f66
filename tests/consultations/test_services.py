"""Every transition, who may make it, and at which moment."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from consultations import services
from consultations.enums import DraftState, DraftType, Moderation, Phase, Verdict
from consultations.models import Comment, Disposition
from portal.enums import Status
from portal.models import AuditEntry
from subsites.enums import Role

from ..factories.consultations import CommentFactory, DraftFactory, article
from ..factories.subsites import member
from .conftest import local

pytestmark = pytest.mark.django_db

OPENS = local(2026, 3, 2, 7, 30)
CLOSES = local(2026, 4, 2, 17, 0)
SECOND = timedelta(seconds=1)


@pytest.fixture(autouse=True)
def _english():
    """The messages are asserted in English; the catalogues translate them (tests/portal/test_catalogues)."""
    with translation.override("en"):
        yield


@pytest.fixture
def prepared(unit_a, clock):
    clock.set(local(2026, 2, 20, 9, 0))
    return DraftFactory(unit=unit_a, opens_at=OPENS, closes_at=CLOSES, text=True)


@pytest.fixture
def scheduled(unit_a, clock):
    clock.set(local(2026, 2, 20, 9, 0))
    return DraftFactory(unit=unit_a, scheduled=True, opens_at=OPENS, closes_at=CLOSES, text=True)


def _submit(draft, **extra):
    data = {
        "draft": draft,
        "name": "Trần Thị Bình",
        "email": "binh@mail.example",
        "phone": "0912 000 111",
        "text": "Đề nghị bổ sung thời hạn cụ thể.",
        "kind": "individual",
        "base_url": "https://portal.example",
    }
    data.update(extra)
    return services.comment_submit(**data)


# --- scheduling and the minimum period ---------------------------------------------------------
def test_editor_cannot_schedule_approver_can(prepared, editor_a, approver_a, clock):
    with pytest.raises(PermissionDenied):
        services.draft_schedule(draft=prepared, acting_user=editor_a)
    services.draft_schedule(draft=prepared, acting_user=approver_a)
    prepared.refresh_from_db()
    assert prepared.state == DraftState.SCHEDULED
    assert prepared.status == Status.PUBLISHED
    assert prepared.posted_at == clock.now == prepared.published_at
    assert prepared.phase() == Phase.UPCOMING
    assert AuditEntry.objects.filter(action="draft.schedule", object_id=str(prepared.pk)).exists()


def test_approver_of_another_unit_cannot_schedule(prepared, unit_b):
    with pytest.raises(PermissionDenied):
        services.draft_schedule(draft=prepared, acting_user=member(unit_b, Role.APPROVER))


def test_a_period_shorter_than_the_minimum_is_refused_citing_the_rule(prepared, approver_a):
    prepared.closes_at = OPENS + timedelta(days=20)
    with pytest.raises(ValidationError) as error:
        services.draft_schedule(draft=prepared, acting_user=approver_a)
    message = " ".join(error.value.messages)
    assert "20" in message and "30" in message and "Điều 129" in message
    prepared.refresh_from_db()
    assert prepared.state == DraftState.DRAFT


def test_laws_need_sixty_days_citing_article_57(prepared, approver_a):
    prepared.draft_type = DraftType.LAW
    with pytest.raises(ValidationError, match="Điều 57"):
        services.draft_schedule(draft=prepared, acting_user=approver_a)


URGENT = "Văn bản cấp bách thi hành ngay Nghị quyết của HĐND tỉnh."


def test_a_shorter_period_with_a_public_reason_is_accepted(prepared, approver_a):
    prepared.closes_at = OPENS + timedelta(days=20)
    services.draft_schedule(draft=prepared, acting_user=approver_a, short_window_reason=URGENT)
    prepared.refresh_from_db()
    assert prepared.state == DraftState.SCHEDULED
    assert prepared.short_window_reason == URGENT


def test_minimum_period_is_a_setting(prepared, approver_a, settings):
    settings.PORTAL_CONSULTATION_MIN_OPEN_DAYS = {DraftType.DECISION: 20}
    prepared.closes_at = OPENS + timedelta(days=20)
    services.draft_schedule(draft=prepared, acting_user=approver_a)
    assert prepared.state == DraftState.SCHEDULED


def test_scheduling_needs_receiving_address_email_and_text(unit_a, approver_a, clock):
    clock.set(local(2026, 2, 20, 9, 0))
    draft = DraftFactory(
        unit=unit_a, opens_at=OPENS, closes_at=CLOSES, receiving_address="", receiving_email=""
    )
    with pytest.raises(ValidationError) as error:
        services.draft_schedule(draft=draft, acting_user=approver_a)
    message = " ".join(error.value.messages)
    assert "address" in message and "e-mail" in message and "text" in message


def test_the_text_cannot_change_once_open(scheduled, editor_a, clock):
    clock.set(OPENS)
    with pytest.raises(PermissionDenied):
        services.draft_set_text(draft=scheduled, text="Điều 1. Mới", acting_user=editor_a)
    scheduled.title_vi = "Đổi tên"
    with pytest.raises(PermissionDenied):
        services.draft_save(draft=scheduled, acting_user=editor_a)


def test_editing_an_upcoming_draft_rechecks_the_period(scheduled, editor_a):
    scheduled.closes_at = OPENS + timedelta(days=5)
    with pytest.raises(ValidationError, match="Điều 129"):
        services.draft_save(draft=scheduled, acting_user=editor_a)


def test_explanatory_note_is_sanitised(prepared, editor_a):
    prepared.explanatory_note_vi = '<p>Tờ trình</p><script>alert(1)</script><a href="javascript:x()">x</a>'
    services.draft_save(draft=prepared, acting_user=editor_a)
    assert "<script" not in prepared.explanatory_note_vi and "javascript" not in prepared.explanatory_note_vi


# --- extend, suspend, resume, withdraw ---------------------------------------------------------
def test_extension_needs_a_reason_and_a_later_date(scheduled, approver_a, editor_a, clock):
    clock.set(OPENS + timedelta(days=3))
    later = CLOSES + timedelta(days=10)
    with pytest.raises(PermissionDenied):
        services.draft_extend(draft=scheduled, closes_at=later, reason="x", acting_user=editor_a)
    with pytest.raises(ValidationError):
        services.draft_extend(draft=scheduled, closes_at=later, reason=" ", acting_user=approver_a)
    with pytest.raises(ValidationError):
        services.draft_extend(draft=scheduled, closes_at=CLOSES - SECOND, reason="x", acting_user=approver_a)
    services.draft_extend(
        draft=scheduled, closes_at=later, reason="Nhiều ý kiến đề nghị.", acting_user=approver_a
    )
    scheduled.refresh_from_db()
    assert scheduled.closes_at == later and scheduled.original_closes_at == CLOSES
    clock.set(CLOSES)
    assert scheduled.phase() == Phase.OPEN


def test_no_extension_after_closing(scheduled, approver_a, clock):
    clock.set(CLOSES)
    with pytest.raises(PermissionDenied):
        services.draft_extend(
            draft=scheduled, closes_at=CLOSES + timedelta(days=5), reason="x", acting_user=approver_a
        )


def test_suspended_consultation_refuses_comments_until_resumed(scheduled, approver_a, clock):
    clock.set(OPENS + timedelta(days=1))
    with pytest.raises(ValidationError):
        services.draft_suspend(draft=scheduled, reason="", acting_user=approver_a)
    services.draft_suspend(draft=scheduled, reason="Chờ ý kiến của Bộ Tư pháp.", acting_user=approver_a)
    assert scheduled.phase() == Phase.SUSPENDED
    with pytest.raises(ValidationError, match="suspended"):
        _submit(scheduled)
    services.draft_resume(draft=scheduled, closes_at=CLOSES + timedelta(days=7), acting_user=approver_a)
    assert scheduled.phase() == Phase.OPEN
    assert _submit(scheduled).pk


def test_withdrawal_records_the_reason_and_stops_comments(scheduled, approver_a, editor_a, clock):
    clock.set(OPENS + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.draft_withdraw(draft=scheduled, reason="x", acting_user=editor_a)
    services.draft_withdraw(draft=scheduled, reason="Văn bản cấp trên đã thay đổi.", acting_user=approver_a)
    scheduled.refresh_from_db()
    assert scheduled.phase() == Phase.WITHDRAWN and scheduled.withdrawal_reason
    with pytest.raises(ValidationError, match="withdrawn"):
        _submit(scheduled)


# --- comments at the boundaries -----------------------------------------------------------------
def test_comment_one_second_before_opening_is_refused_with_the_opening_date(scheduled, clock):
    clock.set(OPENS - SECOND)
    with pytest.raises(ValidationError) as error:
        _submit(scheduled)
    assert "07:30 02/03/2026" in " ".join(error.value.messages)
    assert not Comment.objects.exists()


def test_comment_at_opening_is_accepted_and_asks_to_confirm(
    scheduled, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock.set(OPENS)
    with django_capture_on_commit_callbacks(execute=True):
        comment = _submit(scheduled, article=article(scheduled, "Điều 3"))
    assert comment.confirmed_at is None and comment.moderation == Moderation.PENDING
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["binh@mail.example"]
    assert comment.reference in mail.subject + mail.body
    assert f"https://portal.example/don-vi/sotp/vi/lay-y-kien/xac-nhan/{comment.token}/" in mail.body


def test_comment_exactly_at_closing_is_refused(scheduled, clock):
    clock.set(CLOSES - SECOND)
    assert _submit(scheduled).pk
    clock.set(CLOSES)
    with pytest.raises(ValidationError, match="closed on 17:00 02/04/2026"):
        _submit(scheduled)


def test_comment_on_an_article_of_another_draft_is_refused(scheduled, unit_a, clock):
    other = DraftFactory(unit=unit_a, scheduled=True, opens_at=OPENS, closes_at=CLOSES, text=True)
    clock.set(OPENS)
    with pytest.raises(ValidationError):
        _submit(scheduled, article=article(other, "Điều 1"))


def test_confirmation_counts_the_comment_and_sends_a_receipt(
    scheduled, clock, mailoutbox, django_capture_on_commit_callbacks
):
    clock.set(OPENS)
    comment = _submit(scheduled)
    assert not Comment.objects.counted().exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_confirm(comment=comment, base_url="https://portal.example")
    assert list(Comment.objects.counted()) == [comment]
    receipt = mailoutbox[-1]
    assert comment.reference in receipt.subject and comment.reference in receipt.body
    assert f"/lay-y-kien/rut-y-kien/{comment.token}/" in receipt.body


def test_a_late_confirmation_of_a_comment_sent_in_time_still_counts(scheduled, clock):
    clock.set(CLOSES - SECOND)
    comment = _submit(scheduled)
    clock.set(CLOSES + timedelta(hours=2))
    services.comment_confirm(comment=comment)
    assert comment.confirmed_at is not None


def test_commenter_may_withdraw_while_open_only(scheduled, clock):
    clock.set(OPENS)
    first, second = _submit(scheduled), _submit(scheduled)
    services.comment_withdraw(comment=first)
    assert first.withdrawn_at is not None
    clock.set(CLOSES)
    with pytest.raises(ValidationError):
        services.comment_withdraw(comment=second)


# --- moderation -----------------------------------------------------------------------------------
def test_hiding_needs_a_reason(scheduled, editor_a, clock):
    clock.set(OPENS)
    comment = CommentFactory(draft=scheduled, confirmed=True)
    with pytest.raises(ValidationError):
        services.comment_moderate(comment=comment, moderation=Moderation.HIDDEN, acting_user=editor_a)
    services.comment_moderate(
        comment=comment, moderation=Moderation.HIDDEN, reason="Ngôn từ xúc phạm.", acting_user=editor_a
    )
    assert comment.moderation == Moderation.HIDDEN and comment.moderated_by == editor_a


def test_editor_of_another_unit_cannot_moderate(scheduled, unit_b, clock):
    clock.set(OPENS)
    comment = CommentFactory(draft=scheduled, confirmed=True)
    with pytest.raises(PermissionDenied):
        services.comment_moderate(
            comment=comment, moderation=Moderation.PUBLISHED, acting_user=member(unit_b)
        )
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PENDING


# --- dispositions and the outcome -----------------------------------------------------------------
@pytest.fixture
def closed_with_comments(scheduled, clock):
    comments = CommentFactory.create_batch(3, draft=scheduled, confirmed=True)
    CommentFactory(draft=scheduled)  # never confirmed: does not count
    CommentFactory(draft=scheduled, withdrawn=True)
    CommentFactory(draft=scheduled, spam=True)
    clock.set(CLOSES)
    return scheduled, comments


def test_dispositions_only_after_closing(scheduled, editor_a, clock):
    clock.set(OPENS)
    comment = CommentFactory(draft=scheduled, confirmed=True)
    with pytest.raises(PermissionDenied):
        services.disposition_set(comments=[comment], verdict=Verdict.ACCEPTED, acting_user=editor_a)


def test_not_accepted_needs_a_reason(closed_with_comments, editor_a):
    draft, comments = closed_with_comments
    with pytest.raises(ValidationError, match="giải trình"):
        services.disposition_set(comments=comments[:1], verdict=Verdict.NOT_ACCEPTED, acting_user=editor_a)
    services.disposition_set(
        comments=comments[:1], verdict=Verdict.NOT_ACCEPTED, explanation="Trái Luật.", acting_user=editor_a
    )


def test_one_disposition_for_a_group_and_replacing_it(closed_with_comments, editor_a):
    draft, comments = closed_with_comments
    group = services.disposition_set(comments=comments[:2], verdict=Verdict.ACCEPTED, acting_user=editor_a)
    assert set(group.comments.all()) == set(comments[:2])
    services.disposition_set(comments=comments[:2], verdict=Verdict.NOTED, acting_user=editor_a)
    assert not Disposition.objects.filter(pk=group.pk).exists()


def test_editor_of_another_unit_cannot_record_dispositions(closed_with_comments, unit_b):
    draft, comments = closed_with_comments
    with pytest.raises(PermissionDenied):
        services.disposition_set(comments=comments, verdict=Verdict.NOTED, acting_user=member(unit_b))


def test_withdrawn_or_unconfirmed_comments_take_no_disposition(closed_with_comments, editor_a):
    draft, _comments = closed_with_comments
    withdrawn = draft.comments.filter(withdrawn_at__isnull=False).get()
    with pytest.raises(ValidationError, match=withdrawn.reference):
        services.disposition_set(comments=[withdrawn], verdict=Verdict.NOTED, acting_user=editor_a)


def test_outcome_cannot_be_published_while_a_comment_lacks_a_disposition(
    closed_with_comments, editor_a, approver_a
):
    draft, comments = closed_with_comments
    services.disposition_set(comments=comments[:2], verdict=Verdict.ACCEPTED, acting_user=editor_a)
    with pytest.raises(ValidationError, match="1 comment has no disposition"):
        services.outcome_publish(draft=draft, report="<p>Báo cáo</p>", acting_user=approver_a)
    draft.refresh_from_db()
    assert draft.state == DraftState.SCHEDULED and not hasattr(draft, "outcome")
    services.disposition_set(comments=comments[2:], verdict=Verdict.DUPLICATE, acting_user=editor_a)
    with pytest.raises(PermissionDenied):
        services.outcome_publish(draft=draft, report="<p>Báo cáo</p>", acting_user=editor_a)
    outcome = services.outcome_publish(
        draft=draft, report="<p>Báo cáo</p><script>x</script>", acting_user=approver_a
    )
    draft.refresh_from_db()
    assert draft.phase() == Phase.CONCLUDED and draft.dispositions_public
    assert "<script" not in outcome.report


def test_outcome_not_before_closing(scheduled, approver_a, clock):
    clock.set(CLOSES - SECOND)
    with pytest.raises(PermissionDenied):
        services.outcome_publish(draft=scheduled, report="x", acting_user=approver_a)


def test_every_service_writes_an_audit_entry(closed_with_comments, editor_a, approver_a):
    draft, comments = closed_with_comments
    services.disposition_set(comments=comments, verdict=Verdict.ACCEPTED, acting_user=editor_a)
    services.outcome_publish(draft=draft, report="<p>Báo cáo</p>", acting_user=approver_a)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"disposition.set", "outcome.publish"} <= actions
    entry = AuditEntry.objects.get(action="outcome.publish")
    assert entry.actor == approver_a and entry.unit == draft.unit
