"""The table of allowed transitions of a question and who, by role, may make each.

`question_transition` (services) refuses anything not in this table; the admin's buttons and the
permission predicates read it too, so what is offered is exactly what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enums import Actor
from .enums import QuestionState as S


@dataclass(frozen=True)
class Rule:
    actor: Actor
    reason_required: bool = False


_OPEN_FOR_WITHDRAWAL = (
    S.UNCONFIRMED,
    S.SCREENING,
    S.ROUTING,
    S.ASSIGNED,
    S.IN_PROGRESS,
    S.CLARIFICATION,
    S.EXTENDED,
)

TRANSITIONS: dict[tuple[str, str], Rule] = {
    (S.UNCONFIRMED, S.SCREENING): Rule(Actor.ASKER),
    # Screening by the portal's editors: accept, reject (out of scope, spam), merge a duplicate.
    (S.SCREENING, S.ROUTING): Rule(Actor.PORTAL),
    (S.SCREENING, S.REJECTED): Rule(Actor.PORTAL, reason_required=True),
    (S.SCREENING, S.MERGED): Rule(Actor.PORTAL, reason_required=True),
    (S.ROUTING, S.ASSIGNED): Rule(Actor.PORTAL),
    (S.ROUTING, S.REJECTED): Rule(Actor.PORTAL, reason_required=True),
    (S.ROUTING, S.MERGED): Rule(Actor.PORTAL, reason_required=True),
    # The competent unit: take it up, or return it (not competent) to routing with a reason.
    (S.ASSIGNED, S.IN_PROGRESS): Rule(Actor.UNIT_EDITOR),
    (S.ASSIGNED, S.ROUTING): Rule(Actor.UNIT_EDITOR, reason_required=True),
    (S.ASSIGNED, S.EXTENDED): Rule(Actor.UNIT_APPROVER, reason_required=True),
    (S.IN_PROGRESS, S.ROUTING): Rule(Actor.UNIT_EDITOR, reason_required=True),
    (S.IN_PROGRESS, S.CLARIFICATION): Rule(Actor.UNIT_EDITOR, reason_required=True),
    (S.IN_PROGRESS, S.EXTENDED): Rule(Actor.UNIT_APPROVER, reason_required=True),
    (S.IN_PROGRESS, S.ANSWER_REVIEW): Rule(Actor.UNIT_EDITOR),
    (S.EXTENDED, S.ROUTING): Rule(Actor.UNIT_EDITOR, reason_required=True),
    (S.EXTENDED, S.CLARIFICATION): Rule(Actor.UNIT_EDITOR, reason_required=True),
    (S.EXTENDED, S.ANSWER_REVIEW): Rule(Actor.UNIT_EDITOR),
    (S.CLARIFICATION, S.IN_PROGRESS): Rule(Actor.UNIT_EDITOR),
    (S.CLARIFICATION, S.CLOSED): Rule(Actor.UNIT_EDITOR, reason_required=True),
    # Review by the competent unit's approver.
    (S.ANSWER_REVIEW, S.IN_PROGRESS): Rule(Actor.UNIT_APPROVER, reason_required=True),
    (S.ANSWER_REVIEW, S.ANSWERED): Rule(Actor.UNIT_APPROVER),
    (S.ANSWERED, S.PUBLISHED): Rule(Actor.UNIT_APPROVER),
    (S.ANSWERED, S.CLOSED): Rule(Actor.UNIT_APPROVER),
    (S.PUBLISHED, S.ANSWERED): Rule(Actor.UNIT_APPROVER, reason_required=True),
    **{(state, S.WITHDRAWN): Rule(Actor.ASKER) for state in _OPEN_FOR_WITHDRAWAL},
}


def rule_for(from_state: str, to_state: str) -> Rule | None:
    return TRANSITIONS.get((from_state, to_state))


def targets_from(state: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == state]
