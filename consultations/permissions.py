"""Who may do what to a consultation, phase by phase (as adhocracy4's phase predicates).

Each predicate combines a role in the draft's unit (subsites.permissions) with the draft's phase
at this moment, decided by the clock.
"""

from __future__ import annotations

from subsites.enums import Role
from subsites.permissions import roles_in_unit, user_can_approve_in_unit, user_can_edit_in_unit

from .enums import BEFORE_CLOSING_PHASES, DraftState, Phase
from .models import Comment, Draft


def user_can_edit_draft(user, draft: Draft) -> bool:
    """Text, files and dates change only before anyone can comment."""
    if not user_can_edit_in_unit(user, draft.unit):
        return False
    return draft.phase() in {Phase.DRAFT, Phase.UPCOMING}


def user_can_schedule_draft(user, draft: Draft) -> bool:
    return draft.state == DraftState.DRAFT and user_can_approve_in_unit(user, draft.unit)


def user_can_extend_draft(user, draft: Draft) -> bool:
    return draft.phase() in BEFORE_CLOSING_PHASES and user_can_approve_in_unit(user, draft.unit)


def user_can_suspend_draft(user, draft: Draft) -> bool:
    return draft.phase() in BEFORE_CLOSING_PHASES and user_can_approve_in_unit(user, draft.unit)


def user_can_resume_draft(user, draft: Draft) -> bool:
    return draft.state == DraftState.SUSPENDED and user_can_approve_in_unit(user, draft.unit)


def user_can_withdraw_draft(user, draft: Draft) -> bool:
    return draft.state in {DraftState.SCHEDULED, DraftState.SUSPENDED} and user_can_approve_in_unit(
        user, draft.unit
    )


def user_can_comment(draft: Draft) -> bool:
    """Anyone may comment while the consultation is open, and only then."""
    return draft.phase() == Phase.OPEN


def user_can_withdraw_comment(comment: Comment) -> bool:
    """The commenter (holding the link from the e-mail) may withdraw while the consultation is open."""
    return comment.withdrawn_at is None and comment.draft.phase() == Phase.OPEN


def user_can_moderate(user, draft: Draft) -> bool:
    return draft.state != DraftState.DRAFT and user_can_edit_in_unit(user, draft.unit)


def user_can_record_disposition(user, draft: Draft) -> bool:
    """After closing and until the outcome is published, the unit's editors record dispositions."""
    return draft.phase() == Phase.CLOSED and user_can_edit_in_unit(user, draft.unit)


def user_can_publish_outcome(user, draft: Draft) -> bool:
    return draft.phase() == Phase.CLOSED and user_can_approve_in_unit(user, draft.unit)


# The roles that handle comments: they write back to the commenters and record dispositions.
_HANDLING_ROLES = frozenset({Role.EDITOR, Role.APPROVER})


def user_can_see_commenters_contact(user, draft: Draft) -> bool:
    """Commenters' e-mail and phone (personal data, Decree 13/2023/NĐ-CP): the editors and approvers of
    the draft's own unit, who handle the comments. Never a translator, the board, a superuser or a
    unit administrator by that role alone."""
    if not (getattr(user, "is_authenticated", False) and user.is_active):
        return False
    return bool(roles_in_unit(user, draft.unit) & _HANDLING_ROLES)


def user_can_export_comments(user, draft: Draft) -> bool:
    """The internal export (with e-mail and phone) is for those who may see the commenters' contact."""
    return draft.state != DraftState.DRAFT and user_can_see_commenters_contact(user, draft)
