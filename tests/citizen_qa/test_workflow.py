"""Every transition and who may make it: a matrix of roles × states × target states, generated.

The policy below is written from the issue, independently of citizen_qa.workflow: the portal's
editors screen and route; the competent unit's editors take up, return, ask for clarification and
send answers for review; its approvers extend, review and publish; the asker confirms and withdraws.
Roles in a unit cover its sub-units (subsites.permissions), so the main portal's people also act
for every competent unit.
"""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from citizen_qa import services
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import Question, QuestionEvent
from citizen_qa.permissions import user_can_transition
from portal.models import AuditEntry
from subsites.enums import Role
from tests.factories.subsites import UnitFactory, member

pytestmark = pytest.mark.django_db

OPEN_BEFORE_ANSWER = [
    S.UNCONFIRMED,
    S.SCREENING,
    S.ROUTING,
    S.ASSIGNED,
    S.IN_PROGRESS,
    S.CLARIFICATION,
    S.EXTENDED,
]
POLICY = {
    (S.UNCONFIRMED, S.SCREENING): "asker",
    (S.SCREENING, S.ROUTING): "portal",
    (S.SCREENING, S.REJECTED): "portal",
    (S.SCREENING, S.MERGED): "portal",
    (S.ROUTING, S.ASSIGNED): "portal",
    (S.ROUTING, S.REJECTED): "portal",
    (S.ROUTING, S.MERGED): "portal",
    (S.ASSIGNED, S.IN_PROGRESS): "unit_editor",
    (S.ASSIGNED, S.ROUTING): "unit_editor",
    (S.ASSIGNED, S.EXTENDED): "unit_approver",
    (S.IN_PROGRESS, S.ROUTING): "unit_editor",
    (S.IN_PROGRESS, S.CLARIFICATION): "unit_editor",
    (S.IN_PROGRESS, S.EXTENDED): "unit_approver",
    (S.IN_PROGRESS, S.ANSWER_REVIEW): "unit_editor",
    (S.EXTENDED, S.ROUTING): "unit_editor",
    (S.EXTENDED, S.CLARIFICATION): "unit_editor",
    (S.EXTENDED, S.ANSWER_REVIEW): "unit_editor",
    (S.CLARIFICATION, S.IN_PROGRESS): "unit_editor",
    (S.CLARIFICATION, S.CLOSED): "unit_editor",
    (S.ANSWER_REVIEW, S.IN_PROGRESS): "unit_approver",
    (S.ANSWER_REVIEW, S.ANSWERED): "unit_approver",
    (S.ANSWERED, S.PUBLISHED): "unit_approver",
    (S.ANSWERED, S.CLOSED): "unit_approver",
    (S.PUBLISHED, S.ANSWERED): "unit_approver",
    **{(state, S.WITHDRAWN): "asker" for state in OPEN_BEFORE_ANSWER},
}
NEEDS_REASON = {
    (S.SCREENING, S.REJECTED),
    (S.SCREENING, S.MERGED),
    (S.ROUTING, S.REJECTED),
    (S.ROUTING, S.MERGED),
    (S.ASSIGNED, S.ROUTING),
    (S.IN_PROGRESS, S.ROUTING),
    (S.EXTENDED, S.ROUTING),
    (S.ASSIGNED, S.EXTENDED),
    (S.IN_PROGRESS, S.EXTENDED),
    (S.IN_PROGRESS, S.CLARIFICATION),
    (S.EXTENDED, S.CLARIFICATION),
    (S.CLARIFICATION, S.CLOSED),
    (S.ANSWER_REVIEW, S.IN_PROGRESS),
    (S.PUBLISHED, S.ANSWERED),
}
# What each persona can do, by role; question received on unit B's site, forwarded to unit A.
ABILITIES = {
    "asker": {"asker"},
    "anonymous": set(),
    # A main-portal membership no longer reaches the units below unless it says so.
    "portal_editor": {"portal"},
    "portal_approver": {"portal"},
    "competent_editor": {"unit_editor"},
    "competent_approver": {"unit_editor", "unit_approver"},
    "competent_unit_admin": {"unit_editor", "unit_approver"},
    "competent_translator": set(),
    "receiving_editor": set(),
    "receiving_approver": set(),
    "other_unit_approver": set(),
    "board": set(),
    "superuser": {"portal", "unit_editor", "unit_approver"},
}


@pytest.fixture
def personas(main_portal, unit_a, unit_b, board, superuser):
    unit_c = UnitFactory(key="sonv")
    return {
        "asker": None,
        "anonymous": None,
        "portal_editor": member(main_portal, Role.EDITOR),
        "portal_approver": member(main_portal, Role.APPROVER),
        "competent_editor": member(unit_a, Role.EDITOR),
        "competent_approver": member(unit_a, Role.APPROVER),
        "competent_unit_admin": member(unit_a, Role.UNIT_ADMIN),
        "competent_translator": member(unit_a, Role.TRANSLATOR, language="km"),
        "receiving_editor": member(unit_b, Role.EDITOR),
        "receiving_approver": member(unit_b, Role.APPROVER),
        "other_unit_approver": member(unit_c, Role.APPROVER),
        "board": board,
        "superuser": superuser,
    }


@pytest.mark.parametrize("persona", sorted(ABILITIES))
def test_permission_matrix(persona, personas, unit_a, unit_b):
    user = personas[persona]
    checked = 0
    for from_state in S.values:
        question = Question(state=from_state, unit=unit_b, forwarded_to=unit_a)
        for to_state in S.values:
            needed = POLICY.get((from_state, to_state))
            expected = needed is not None and needed in ABILITIES[persona]
            got = user_can_transition(user, question, to_state, as_asker=persona == "asker")
            assert got == expected, f"{persona}: {from_state} → {to_state}: expected {expected}"
            checked += 1
    assert checked == len(S.values) ** 2


def test_nothing_moves_before_the_question_is_forwarded(personas, unit_b):
    """Without a competent unit, nobody holds the unit roles: only the portal's editors act."""
    question = Question(state=S.ASSIGNED, unit=unit_b, forwarded_to=None)
    assert not user_can_transition(personas["competent_editor"], question, S.IN_PROGRESS)
    assert not user_can_transition(personas["portal_editor"], question, S.IN_PROGRESS)


def _actor_for(needed: str, personas):
    return {
        "asker": None,
        "portal": personas["portal_editor"],
        "unit_editor": personas["competent_editor"],
        "unit_approver": personas["competent_approver"],
    }[needed]


def _wrong_actor_for(needed: str, personas):
    return {
        "asker": personas["superuser"],
        "portal": personas["competent_approver"],
        "unit_editor": personas["receiving_approver"],
        "unit_approver": personas["competent_editor"],
    }[needed]


def _kwargs(from_state, to_state, advance, unit_a):
    kwargs = {}
    if (from_state, to_state) in NEEDS_REASON:
        kwargs["reason"] = "Lý do cụ thể"
    if to_state == S.ASSIGNED:
        kwargs["forward_to"] = unit_a
    if to_state == S.MERGED:
        kwargs["duplicate_of"] = advance(S.PUBLISHED, title="Câu hỏi đã trả lời trước đây")
    if to_state == S.EXTENDED:
        kwargs["extension_days"] = 5
    return kwargs


@pytest.mark.parametrize(("from_state", "to_state"), sorted(POLICY), ids=lambda s: str(s))
def test_each_transition_by_its_actor_and_refused_to_others(
    from_state, to_state, personas, advance, unit_a, editor_a
):
    question = advance(from_state)
    if (from_state, to_state) == (S.IN_PROGRESS, S.ANSWER_REVIEW) or (from_state, to_state) == (
        S.EXTENDED,
        S.ANSWER_REVIEW,
    ):
        services.answer_save(
            question=question, body={"vi": "<p>Trả lời</p>"}, answered_by={}, acting_user=editor_a
        )
    needed = POLICY[(from_state, to_state)]
    kwargs = _kwargs(from_state, to_state, advance, unit_a)
    with pytest.raises(PermissionDenied):
        services.question_transition(
            question=question, to_state=to_state, acting_user=_wrong_actor_for(needed, personas), **kwargs
        )
    before = question.events.count()
    moved = services.question_transition(
        question=question,
        to_state=to_state,
        acting_user=_actor_for(needed, personas),
        as_asker=needed == "asker",
        **kwargs,
    )
    assert moved.state == to_state
    event = moved.events.last()
    assert moved.events.count() == before + 1
    assert (event.from_state, event.to_state) == (from_state, to_state)
    assert event.actor_repr == ("asker" if needed == "asker" else _actor_for(needed, personas).username)
    assert AuditEntry.objects.filter(action=f"question.{to_state}", object_id=str(moved.pk)).exists()


def test_a_pair_outside_the_table_is_refused_with_a_clear_message(advance, portal_editor):
    question = advance(S.SCREENING)
    with pytest.raises(ValidationError) as caught:
        services.question_transition(question=question, to_state=S.PUBLISHED, acting_user=portal_editor)
    assert caught.value.code == "transition"
    assert str(S.SCREENING.label) in caught.value.messages[0] or "screen" in caught.value.messages[0].lower()
    assert Question.objects.get(pk=question.pk).state == S.SCREENING


@pytest.mark.parametrize(("from_state", "to_state"), sorted(NEEDS_REASON), ids=lambda s: str(s))
def test_reason_required(from_state, to_state, advance, personas, unit_a):
    question = advance(from_state)
    kwargs = _kwargs(from_state, to_state, advance, unit_a)
    kwargs.pop("reason", None)
    with pytest.raises(ValidationError) as caught:
        services.question_transition(
            question=question,
            to_state=to_state,
            acting_user=_actor_for(POLICY[(from_state, to_state)], personas),
            reason="   ",
            **kwargs,
        )
    assert "reason" in caught.value.message_dict


def test_returned_question_leaves_the_inbox_and_goes_back_to_routing(advance, editor_a):
    question = advance(S.IN_PROGRESS)
    question = services.question_transition(
        question=question, to_state=S.ROUTING, acting_user=editor_a, reason="Không thuộc thẩm quyền của Sở"
    )
    assert question.forwarded_to is None and question.forwarded_at is None
    event = question.events.last()
    assert event.reason == "Không thuộc thẩm quyền của Sở" and event.details["returned_by"] == "sotp"


def test_extension_only_once_and_the_asker_is_told(advance, approver_a, django_capture_on_commit_callbacks):
    question = advance(S.ASSIGNED)
    due_before = question.due_date
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_extend_deadline(
            question=question, working_days=5, reason="Cần xác minh thực địa", acting_user=approver_a
        )
    assert question.state == S.EXTENDED and question.due_date > due_before
    assert "Cần xác minh thực địa" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["binh.tran@example.com"]
    with pytest.raises(ValidationError):
        services.question_extend_deadline(
            question=question, working_days=3, reason="Lần nữa", acting_user=approver_a
        )


def test_extension_bounded(advance, approver_a):
    question = advance(S.ASSIGNED)
    with pytest.raises(ValidationError) as caught:
        services.question_extend_deadline(
            question=question, working_days=99, reason="Quá dài", acting_user=approver_a
        )
    assert "extension_days" in caught.value.message_dict


def test_accept_routes_by_the_field_rule_and_tells_the_asker(
    advance, portal_editor, unit_a, django_capture_on_commit_callbacks
):
    question = advance(S.SCREENING)
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_accept(question=question, acting_user=portal_editor)
    assert question.state == S.ASSIGNED and question.forwarded_to == unit_a
    assert question.tracking_code in mail.outbox[-1].subject
    assert unit_a.name in mail.outbox[-1].body


def test_accept_without_a_rule_waits_for_routing_by_hand(advance, portal_editor, unit_b):
    from tests.factories.citizen_qa import FieldFactory

    question = advance(S.SCREENING, field=FieldFactory(slug="khac"))
    question = services.question_accept(question=question, acting_user=portal_editor)
    assert question.state == S.ROUTING
    with pytest.raises(ValidationError):
        services.question_route(question=question, acting_user=portal_editor)
    question = services.question_route(question=question, unit=unit_b, acting_user=portal_editor)
    assert question.forwarded_to == unit_b


def test_rejection_sends_the_reason(advance, portal_editor, django_capture_on_commit_callbacks):
    question = advance(S.SCREENING)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_reject(
            question=question, acting_user=portal_editor, reason="Không thuộc phạm vi của tỉnh"
        )
    assert "Không thuộc phạm vi của tỉnh" in mail.outbox[-1].body


def test_merge_needs_an_earlier_question(advance, portal_editor):
    question = advance(S.SCREENING)
    with pytest.raises(ValidationError):
        services.question_merge(
            question=question, duplicate_of=question, acting_user=portal_editor, reason="Trùng"
        )
    original = advance(S.PUBLISHED, title="Câu hỏi gốc")
    merged = services.question_merge(
        question=question, duplicate_of=original, acting_user=portal_editor, reason="Trùng"
    )
    assert merged.duplicate_of == original


def test_publishing_needs_public_visibility(advance, approver_a, editor_a):
    question = advance(S.ANSWER_REVIEW, allow_publication=False)
    question = services.answer_approve_and_publish(question=question, acting_user=approver_a)
    assert question.state == S.ANSWERED and question.answered_at is not None
    assert question.answer.approved_by == approver_a
    with pytest.raises(ValidationError):
        services.question_publish(question=question, acting_user=approver_a)


def test_withdraw_needs_the_askers_email(advance):
    question = advance(S.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.question_withdraw(question=question, email="someone.else@example.com")
    question = services.question_withdraw(question=question, email="BINH.TRAN@example.com")
    assert question.state == S.WITHDRAWN


def test_history_is_append_only(advance):
    question = advance(S.SCREENING)
    event = question.events.last()
    event.reason = "changed"
    with pytest.raises(ValueError):
        event.save()
    assert QuestionEvent.objects.get(pk=event.pk).reason == ""


def test_confirmation_link_is_single_purpose(submit):
    question = submit()
    with pytest.raises(ValidationError):
        services.question_confirm(token="not-a-token")
    token = services.confirmation_token(question)
    first = services.question_confirm(token=token)
    again = services.question_confirm(token=token)
    assert first.state == again.state == S.SCREENING
    assert first.events.filter(to_state=S.SCREENING).count() == 1
    assert first.due_date is not None and first.due_date > date(2000, 1, 1)
