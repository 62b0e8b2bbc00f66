"""Who may see, edit and move a question. Built on subsites.permissions; the admin and services ask these.

- The portal's editors (editors of the main portal) screen and route.
- The competent unit's (`forwarded_to`) editors answer; its approvers extend, review and publish.
- The receiving unit (`unit`) sees the questions asked on its site.
- The asker acts only through the tracking code and e-mail (or the confirmation link): no account.
- The asker's contact data and files: only the editors and approvers of the two units that handle the
  question (`user_may_see_asker`); never translators, unit administrators or the board by that role.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from subsites import permissions as unit_perms
from subsites.enums import Role
from subsites.selectors import main_portal

from .enums import INBOX_STATES, QUEUE_STATES, Actor
from .models import Question
from .workflow import rule_for


def _signed_in(user) -> bool:
    # The asker and the tasks act without a user; subsites' predicates need one.
    return user is not None and getattr(user, "is_authenticated", False)


def user_is_portal_editor(user) -> bool:
    """Screens and routes every question (biên tập viên của Cổng)."""
    if not _signed_in(user):
        return False
    portal = main_portal()
    return portal is not None and unit_perms.user_can_edit_in_unit(user, portal)


def user_can_answer_question(user, question: Question) -> bool:
    return (
        _signed_in(user)
        and question.forwarded_to_id is not None
        and unit_perms.user_can_edit_in_unit(user, question.forwarded_to_id)
    )


def user_can_approve_answer(user, question: Question) -> bool:
    return (
        _signed_in(user)
        and question.forwarded_to_id is not None
        and unit_perms.user_can_approve_in_unit(user, question.forwarded_to_id)
    )


def acts_as(user, question: Question, actor: str, *, as_asker: bool = False) -> bool:
    """Whether this user (or the verified asker) holds the role a transition needs."""
    if actor == Actor.ASKER:
        return as_asker
    if as_asker:
        return False
    if actor == Actor.PORTAL:
        return user_is_portal_editor(user)
    if actor == Actor.UNIT_EDITOR:
        return user_can_answer_question(user, question)
    if actor == Actor.UNIT_APPROVER:
        return user_can_approve_answer(user, question)
    return False


def user_can_transition(user, question: Question, to_state: str, *, as_asker: bool = False) -> bool:
    rule = rule_for(question.state, to_state)
    return rule is not None and acts_as(user, question, rule.actor, as_asker=as_asker)


def questions_user_can_see(user, queryset: QuerySet[Question] | None = None) -> QuerySet[Question]:
    """The board and the portal's editors: every question; others: received on or forwarded to their units."""
    qs = Question.objects.all() if queryset is None else queryset
    if unit_perms.user_is_board(user) or user_is_portal_editor(user):
        return qs
    units = unit_perms.units_user_can_see(user)
    return qs.filter(Q(unit__in=units) | Q(forwarded_to__in=units))


def inbox_of(user, queryset: QuerySet[Question] | None = None) -> QuerySet[Question]:
    """Questions forwarded to units the user answers for, still being handled there."""
    qs = Question.objects.all() if queryset is None else queryset
    return qs.filter(forwarded_to__in=unit_perms.units_user_can_edit(user), state__in=list(INBOX_STATES))


def queue_of(user, queryset: QuerySet[Question] | None = None) -> QuerySet[Question]:
    """The portal editors' queue: questions to screen and to route."""
    qs = Question.objects.all() if queryset is None else queryset
    if not user_is_portal_editor(user):
        return qs.none()
    return qs.filter(state__in=list(QUEUE_STATES))


def user_can_view_question(user, question: Question) -> bool:
    if not _signed_in(user):
        return False
    if unit_perms.user_is_board(user) or user_is_portal_editor(user):
        return True
    return unit_perms.user_can_view_unit(user, question.unit_id) or (
        question.forwarded_to_id is not None and unit_perms.user_can_view_unit(user, question.forwarded_to_id)
    )


def user_can_edit_question(user, question: Question) -> bool:
    """Correct the text, field and visibility (e.g. remove personal data) while it is being handled."""
    if question.state in QUEUE_STATES:
        return user_is_portal_editor(user)
    if question.state in INBOX_STATES:
        return user_can_answer_question(user, question)
    return user_can_approve_answer(user, question)


def user_can_write_answer(user, question: Question) -> bool:
    return question.state in INBOX_STATES and user_can_answer_question(user, question)


def user_can_manage_fields(user) -> bool:
    """Fields and routing rules are the portal's: its editors keep them."""
    return user_is_portal_editor(user)


def user_can_import_questions(user) -> bool:
    """An import sets a question's whole history at once (routing, answer, approval, publication), which
    no single role may do: the portal's superusers only, as for the import command itself."""
    return _signed_in(user) and user.is_active and user.is_superuser


# The roles that handle a question. Not EDITING_ROLES: a unit administrator keeps the site, not its mail.
_HANDLING_ROLES = frozenset({Role.EDITOR, Role.APPROVER})


def _units_handled_by(user) -> set[int]:
    """The units in which the user writes or approves answers by an explicit role (superusers included:
    the board's read-everything role, which they hold, gives no personal data)."""
    if not _signed_in(user) or not user.is_active:
        return set()
    return {
        unit_id
        for unit_id in unit_perms.member_unit_ids(user)
        if unit_perms.roles_in_unit(user, unit_id) & _HANDLING_ROLES
    }


def user_may_see_asker(user, question: Question) -> bool:
    """THE rule for the asker's name, e-mail, phone, address, organisation and attached files: the
    editors and approvers of the receiving unit and of the competent unit (Decree 13/2023: only
    those who process the data)."""
    units = _units_handled_by(user)
    return bool({question.unit_id, question.forwarded_to_id} & units)


def questions_with_visible_asker(user, queryset: QuerySet[Question]) -> QuerySet[Question]:
    """`user_may_see_asker` over a query set (searching by the asker's e-mail must not reveal more)."""
    units = _units_handled_by(user)
    return queryset.filter(Q(unit__in=units) | Q(forwarded_to__in=units))
