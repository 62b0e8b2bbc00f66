"""Every write of the Q&A app. The admin, the public views, the tasks and the demo all come here.

`question_transition` is the one function that changes a question's state: it checks the table in
`workflow.py` and the role in `permissions.py`, applies what the new state implies, appends the
history entry, writes the audit entry and queues the asker's e-mail, all in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import audit, mail
from portal.cache import bump
from portal.html import sanitize_html
from portal.public_forms import mailbox_confirm
from portal.registry import published
from portal.services import SYSTEM, Actor
from portal.uploads import validate_upload
from subsites.permissions import current_unit, require_unit_open
from subsites.selectors import main_portal

from . import conf, deadlines, notifications
from .enums import (
    CLOCK_RUNNING_STATES,
    CLOSED_STATES,
    OPEN_STATES,
    DisplayMode,
    QuestionState,
    ReminderKind,
    Visibility,
)
from .models import Answer, Attachment, Field, Question, QuestionEvent, QuestionReminder, RoutingRule
from .notifications import mail_staff, unit_staff_emails
from .permissions import (
    acts_as,
    user_can_edit_question,
    user_can_import_questions,
    user_can_manage_fields,
    user_can_write_answer,
)
from .personal_data import Finding, check_question
from .workflow import rule_for

_CONFIRM_SALT = "citizen_qa.confirm"
S = QuestionState


@dataclass(frozen=True)
class AskerData:
    """The asker's contact data: kept private, never published."""

    name: str
    email: str
    phone: str = ""
    address: str = ""
    organization: str = ""


class PersonalDataFound(ValidationError):
    """Publication would show personal data; the approver must check and confirm."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        lines = [f"{f.label} ({f.where}): {f.text}" for f in findings]
        super().__init__(
            _(
                "Personal data found before publication; remove it or confirm that it may be "
                "published: %(list)s"
            )
            % {"list": "; ".join(lines)},
            code="personal_data",
        )


def _actor_repr(acting_user, as_asker: bool) -> str:
    if as_asker:
        return "asker"
    if acting_user is not None and getattr(acting_user, "is_authenticated", False):
        return acting_user.get_username()
    return "system"


def _append_event(
    question: Question,
    *,
    from_state: str,
    to_state: str,
    acting_user,
    as_asker: bool,
    reason: str = "",
    details: dict | None = None,
) -> QuestionEvent:
    authenticated = acting_user is not None and getattr(acting_user, "is_authenticated", False)
    return QuestionEvent.objects.create(
        question=question,
        actor=acting_user if authenticated and not as_asker else None,
        actor_repr=_actor_repr(acting_user, as_asker),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details or {},
    )


def _public_content_changed(question: Question) -> None:
    for unit_id in {question.unit_id, question.forwarded_to_id} - {None}:
        bump("unit", unit_id)
        bump("qa", unit_id)
    bump("qa")


# --- submission and confirmation (the asker) ---


def confirmation_token(question: Question) -> str:
    return signing.dumps(question.pk, salt=_CONFIRM_SALT)


@transaction.atomic
def question_submit(
    *,
    unit,
    field: Field | None,
    title: str,
    body: str,
    asker: AskerData,
    display_mode: str,
    display_name: str = "",
    allow_publication: bool,
    attachments: list = (),
    language: str,
    confirm_url: str,
    acting_user=None,
) -> Question:
    """A citizen's question from the public form; it waits for the e-mail confirmation.

    `confirm_url` is the address of the confirmation page with "{token}" in place of the token.
    """
    require_unit_open(acting_user, unit)
    if len(attachments) > conf.max_attachments():
        raise ValidationError(
            {"attachments": _("At most %(n)s files may be attached.") % {"n": conf.max_attachments()}}
        )
    checked = [
        (f, validate_upload(f, kinds=("document", "image"), max_bytes=conf.attachment_max_bytes()))
        for f in attachments
    ]
    question = Question(
        unit=unit,
        field=field,
        title=title.strip(),
        body=body.strip(),
        language=language,
        asker_name=asker.name.strip(),
        asker_email=asker.email.strip(),
        asker_phone=asker.phone.strip(),
        asker_address=asker.address.strip(),
        asker_organization=asker.organization.strip(),
        display_mode=display_mode,
        display_name=display_name.strip(),
        allow_publication=allow_publication,
        visibility=Visibility.PUBLIC if allow_publication else Visibility.ASKER,
        state=S.UNCONFIRMED,
    )
    question.refresh_search_text()
    question.full_clean()
    question.save()
    for upload, info in checked:
        attachment = Attachment(
            question=question,
            name=upload.name[:200],
            content_type=info.content_type,
            size=info.size,
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.full_clean()
        attachment.save()
    _append_event(question, from_state="", to_state=S.UNCONFIRMED, acting_user=acting_user, as_asker=True)
    audit.record(
        actor=acting_user, action="question.submit", obj=question, changes={"attachments": len(checked)}
    )
    notifications.mail_asker(
        question,
        "confirm",
        extra={"confirm_url": confirm_url.replace("{token}", confirmation_token(question))},
    )
    return question


class InvalidToken(ValidationError):
    pass


def question_confirm(*, token: str) -> Question:
    """The asker followed the link in the e-mail: the question is received and screening starts."""
    try:
        pk = signing.loads(token, salt=_CONFIRM_SALT, max_age=conf.unconfirmed_days() * 86400)
        question = Question.objects.get(pk=pk)
    except (signing.BadSignature, Question.DoesNotExist, TypeError, ValueError):
        raise InvalidToken(_("This confirmation link is not valid or has expired."), code="invalid")
    if question.state != S.UNCONFIRMED:
        return question
    # The asker's steps (submit, confirm, withdraw) keep acting_user=None on purpose: the actor is the
    # verified asker, a visitor, not the portal (SYSTEM); `as_asker=True` names them "asker" in the
    # question's history and leaves the audit entry unnamed, as for any visitor.
    transaction.on_commit(lambda: mailbox_confirm(question.asker_email))
    return question_transition(question=question, to_state=S.SCREENING, acting_user=None, as_asker=True)


def question_withdraw(*, question: Question, email: str) -> Question:
    """The asker withdraws the question (from the status page, proving the e-mail again)."""
    if email.strip().lower() != question.asker_email.lower():
        raise PermissionDenied(_("The e-mail address does not match this question."))
    return question_transition(
        question=question,
        to_state=S.WITHDRAWN,
        acting_user=None,
        as_asker=True,
        reason=_("Withdrawn by the asker."),
    )


# --- the one transition function ---


def _apply(
    question: Question,
    to_state: str,
    *,
    reason: str,
    acting_user,
    forward_to,
    duplicate_of,
    extension_days: int,
) -> dict:
    """What entering `to_state` implies for the question's fields; returns details for the history."""
    now = timezone.now()
    from_state = question.state
    if to_state == S.SCREENING and from_state == S.UNCONFIRMED:
        question.confirmed_at = now
    if to_state == S.ASSIGNED:
        if forward_to is None:
            raise ValidationError(
                {"forwarded_to": _("Choose the competent unit to forward the question to.")}
            )
        if not forward_to.active:
            raise ValidationError({"forwarded_to": _("“%(unit)s” is not active.") % {"unit": forward_to}})
        question.forwarded_to, question.forwarded_at = forward_to, now
        return {"forwarded_to": forward_to.key}
    if to_state == S.ROUTING and from_state != S.SCREENING:
        returned_by = question.forwarded_to.key if question.forwarded_to_id else ""
        question.forwarded_to, question.forwarded_at = None, None
        return {"returned_by": returned_by}
    if to_state == S.EXTENDED:
        if question.extension_days:
            raise ValidationError(_("The deadline of this question has already been extended once."))
        if not 1 <= extension_days <= conf.extension_max_working_days():
            raise ValidationError(
                {
                    "extension_days": _("Extend by 1 to %(max)s working days.")
                    % {"max": conf.extension_max_working_days()}
                }
            )
        question.extension_days, question.extension_reason = extension_days, reason
        return {"extension_days": extension_days}
    if to_state == S.MERGED:
        if duplicate_of is None or duplicate_of.pk == question.pk:
            raise ValidationError({"duplicate_of": _("Choose the earlier question this one duplicates.")})
        if duplicate_of.state == S.MERGED:
            raise ValidationError({"duplicate_of": _("That question is itself merged: choose the original.")})
        question.duplicate_of = duplicate_of
        return {"duplicate_of": duplicate_of.tracking_code}
    if to_state == S.ANSWER_REVIEW:
        answer = Answer.objects.filter(question=question).first()
        if answer is None or not (answer.body_vi or "").strip():
            raise ValidationError(
                _("Write the answer (in Vietnamese at least) before sending it for review.")
            )
    if to_state == S.ANSWERED and from_state == S.ANSWER_REVIEW:
        question.answered_at = now
        approved = Answer.objects.filter(question=question).first()
        Answer.objects.filter(question=question).update(approved_by=acting_user, approved_at=now)
        # The history names the saved text that was approved.
        return {"answer_version": approved.version} if approved is not None else {}
    if to_state == S.PUBLISHED:
        if question.visibility != Visibility.PUBLIC:
            raise ValidationError(
                {"visibility": _("Only a question whose visibility is “Everyone” can be published.")}
            )
        question.published_at = now
    if from_state == S.PUBLISHED:
        question.published_at = None
    return {}


@transaction.atomic
def question_transition(
    *,
    question: Question,
    to_state: str,
    acting_user,
    reason: str = "",
    as_asker: bool = False,
    forward_to=None,
    duplicate_of: Question | None = None,
    extension_days: int = 0,
    notify: bool = True,
) -> Question:
    """Move a question to `to_state` if the table allows it and the user holds the role it needs."""
    locked = (
        Question.objects.select_for_update(of=("self",))
        .select_related("unit", "forwarded_to")
        .get(pk=question.pk)
    )
    from_state = locked.state
    rule = rule_for(from_state, to_state)
    if rule is None:
        raise ValidationError(
            _("A question that is “%(from)s” cannot become “%(to)s”.")
            % {"from": S(from_state).label, "to": S(to_state).label if to_state in S.values else to_state},
            code="transition",
        )
    if not acts_as(acting_user, locked, rule.actor, as_asker=as_asker):
        raise PermissionDenied(
            _("You may not move this question to “%(to)s”: that is for %(actor)s.")
            % {"to": S(to_state).label, "actor": rule.actor.label}
        )
    reason = (reason or "").strip()
    if rule.reason_required and not reason:
        raise ValidationError({"reason": _("Give the reason: the asker or the next handler will read it.")})
    details = _apply(
        locked,
        to_state,
        reason=reason,
        acting_user=acting_user,
        forward_to=forward_to,
        duplicate_of=duplicate_of,
        extension_days=extension_days,
    )
    locked.state = to_state
    locked.full_clean()
    locked.save()
    _append_event(
        locked,
        from_state=from_state,
        to_state=to_state,
        acting_user=acting_user,
        as_asker=as_asker,
        reason=reason,
        details=details,
    )
    if to_state in CLOCK_RUNNING_STATES:
        locked.due_date = deadlines.compute_due_date(locked)
        locked.save(update_fields=["due_date"])
    if S.PUBLISHED in (from_state, to_state):
        locked.refresh_search_text()
        locked.save(update_fields=["search_text"])
        _public_content_changed(locked)
    if to_state == S.PUBLISHED:
        # E-mail alerts hear of it once committed (docs/alerts.md); published again later, not re-sent.
        transaction.on_commit(lambda: published.send(sender="questions", pk=locked.pk))
    audit.record(
        actor=None if as_asker else acting_user,
        action=f"question.{to_state}",
        obj=locked,
        unit=locked.unit,
        changes={"state": [from_state, to_state], "reason": reason, **details},
    )
    if notify:
        notifications.mail_asker(locked, to_state, reason=reason)
    question.refresh_from_db()
    return question


# --- screening, routing, answering: named steps over question_transition ---


def question_accept(*, question: Question, acting_user) -> Question:
    """Screening passed: the question waits for routing, or goes at once where a routing rule says."""
    question = question_transition(question=question, to_state=S.ROUTING, acting_user=acting_user)
    rule = RoutingRule.objects.filter(field_id=question.field_id).select_related("unit").first()
    # A rule naming a unit that has since ceased routes to the unit doing its work now.
    target = current_unit(rule.unit) if rule is not None else None
    if target is not None and target.active:
        question = question_route(question=question, unit=target, acting_user=acting_user, by_rule=True)
    return question


def question_route(*, question: Question, acting_user, unit=None, by_rule: bool = False) -> Question:
    """Forward to the competent unit: the one given by hand, or the field's routing rule."""
    if unit is None:
        rule = RoutingRule.objects.filter(field_id=question.field_id).select_related("unit").first()
        if rule is None:
            raise ValidationError(
                {"forwarded_to": _("No routing rule exists for this field: choose the competent unit.")}
            )
        unit, by_rule = rule.unit, True
    require_unit_open(acting_user, unit)
    reason = _("Routing rule of the field “%(field)s”.") % {"field": question.field} if by_rule else ""
    return question_transition(
        question=question, to_state=S.ASSIGNED, acting_user=acting_user, forward_to=unit, reason=reason
    )


def question_reject(*, question: Question, acting_user, reason: str) -> Question:
    return question_transition(question=question, to_state=S.REJECTED, acting_user=acting_user, reason=reason)


def question_merge(*, question: Question, duplicate_of: Question, acting_user, reason: str) -> Question:
    return question_transition(
        question=question,
        to_state=S.MERGED,
        acting_user=acting_user,
        reason=reason,
        duplicate_of=duplicate_of,
    )


def question_extend_deadline(*, question: Question, working_days: int, reason: str, acting_user) -> Question:
    """Once, with a reason the asker is told (Decree 43/2011 Điều 17 k1 đ: tell the asker the date)."""
    return question_transition(
        question=question,
        to_state=S.EXTENDED,
        acting_user=acting_user,
        reason=reason,
        extension_days=working_days,
    )


@transaction.atomic
def question_update(
    *, question: Question, acting_user, title: str, body: str, field: Field | None, visibility: str
) -> Question:
    """Correct the text (e.g. remove personal data), the field or the visibility while handling it."""
    if not user_can_edit_question(acting_user, question):
        raise PermissionDenied(_("You may not change this question now."))
    fields = ["title", "body", "field_id", "visibility"]
    before = audit.snapshot(Question.objects.get(pk=question.pk), fields)
    question.title, question.body, question.field, question.visibility = (
        title.strip(),
        body.strip(),
        field,
        visibility,
    )
    if question.state == S.PUBLISHED and visibility != Visibility.PUBLIC:
        raise ValidationError({"visibility": _("Unpublish the question before making it non-public.")})
    question.refresh_search_text()
    question.full_clean()
    question.save()
    audit.record(
        actor=acting_user,
        action="question.update",
        obj=question,
        changes=audit.diff(before, audit.snapshot(question, fields)),
    )
    if question.state == S.PUBLISHED:
        _public_content_changed(question)
    return question


@transaction.atomic
def answer_save(
    *, question: Question, body: dict[str, str], answered_by: dict[str, str], acting_user
) -> Answer:
    """Write or correct the answer, per language (Vietnamese required), sanitised."""
    if not user_can_write_answer(acting_user, question):
        raise PermissionDenied(_("Only the competent unit's editors may write the answer while it is open."))
    answer = Answer.objects.filter(question=question).first() or Answer(question=question, author=acting_user)
    before = audit.snapshot(answer) if answer.pk else {}
    for code, _name in settings.LANGUAGES:
        setattr(answer, f"body_{code}", sanitize_html(body.get(code) or ""))
        setattr(answer, f"answered_by_{code}", (answered_by.get(code) or "").strip())
    if not (answer.body_vi or "").strip():
        raise ValidationError({"body_vi": _("The answer in Vietnamese is required.")})
    answer.full_clean()
    answer.save()
    audit.record(
        actor=acting_user,
        action="answer.save",
        obj=answer,
        unit=question.forwarded_to,
        changes=audit.diff(before, audit.snapshot(answer)),
    )
    question.refresh_search_text()
    question.save(update_fields=["search_text"])
    return answer


def answer_submit_for_review(*, question: Question, acting_user) -> Question:
    return question_transition(question=question, to_state=S.ANSWER_REVIEW, acting_user=acting_user)


def personal_data_findings(question: Question) -> list[Finding]:
    return check_question(question)


def _check_before_publication(question: Question, acknowledge_personal_data: bool) -> None:
    findings = check_question(question)
    if findings and not acknowledge_personal_data:
        raise PersonalDataFound(findings)


@transaction.atomic
def answer_approve_and_publish(
    *,
    question: Question,
    acting_user,
    acknowledge_personal_data: bool = False,
    publish: bool | None = None,
    answer_version: str | None = None,
) -> Question:
    """The approver approves the answer and, when the question is public, publishes it at once.

    Personal data in the question or the answer stops publication until the approver confirms.
    `answer_version` is the `Answer.version` the approver read: a text saved since is not approved unread.
    """
    if answer_version is not None:
        stored = Answer.objects.select_for_update().filter(question=question).first()
        if stored is None or stored.version != answer_version:
            raise ValidationError(
                _("The answer was changed after you opened the page: read the new version, then approve it."),
                code="stale_answer",
            )
    publish = question.visibility == Visibility.PUBLIC if publish is None else publish
    if publish:
        _check_before_publication(question, acknowledge_personal_data)
    question = question_transition(
        question=question, to_state=S.ANSWERED, acting_user=acting_user, notify=not publish
    )
    if publish:
        question = question_transition(question=question, to_state=S.PUBLISHED, acting_user=acting_user)
    return question


def question_publish(*, question: Question, acting_user, acknowledge_personal_data: bool = False) -> Question:
    _check_before_publication(question, acknowledge_personal_data)
    return question_transition(question=question, to_state=S.PUBLISHED, acting_user=acting_user)


def question_unpublish(*, question: Question, acting_user, reason: str) -> Question:
    return question_transition(
        question=question, to_state=S.ANSWERED, acting_user=acting_user, reason=reason, notify=False
    )


# --- import from an old portal (the exchange format) ---


@dataclass(frozen=True)
class ImportedAnswer:
    """An answer as the old portal kept it: the text per language (vi required) and who signed it."""

    body: dict[str, str]
    answered_by: str = ""


# The history an import writes in the audit trail: never the asker's contact data.
_IMPORT_AUDITED = [
    "title",
    "body",
    "state",
    "visibility",
    "forwarded_to_id",
    "submitted_at",
    "forwarded_at",
    "answered_at",
    "published_at",
]


def _imported_state(*, forwarded_to, answered_at, published: bool) -> str:
    if published:
        return S.PUBLISHED
    if answered_at is not None:
        return S.ANSWERED
    return S.ASSIGNED if forwarded_to is not None else S.SCREENING


def _check_imported_history(
    *, submitted_at, forwarded_to, forwarded_at, answered_at, answer, published: bool
) -> None:
    # Lazy: raised while the importer writes in Vietnamese, reported in the language its operator reads.
    errors: dict[str, Promise] = {}
    if (forwarded_to is None) != (forwarded_at is None):
        name = "forwarded_at" if forwarded_to is not None else "forwarded_to"
        errors[name] = gettext_lazy(
            "A forwarded question needs both the competent unit and the moment it was forwarded."
        )
    elif forwarded_at is not None and forwarded_at < submitted_at:
        errors["forwarded_at"] = gettext_lazy("The question cannot be forwarded before it was received.")
    if answered_at is not None:
        if answer is None:
            errors["answer"] = gettext_lazy("An answered question needs its answer.")
        if forwarded_to is None:
            errors.setdefault(
                "forwarded_to",
                gettext_lazy("An answered question names the competent unit that answered it."),
            )
        if answered_at < (forwarded_at or submitted_at):
            errors["answered_at"] = gettext_lazy(
                "The question cannot be answered before it was received and forwarded."
            )
    if published and answered_at is None:
        errors["published"] = gettext_lazy(
            "Only an answered question can be published (answered_at is missing)."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_import(
    *,
    question: Question | None,
    key: str,
    unit,
    asker: AskerData,
    title: str,
    body: str,
    submitted_at: datetime,
    forwarded_to=None,
    forwarded_at: datetime | None = None,
    answered_at: datetime | None = None,
    answer: ImportedAnswer | None = None,
    published: bool,
    acting_user,
) -> Question:
    """A question as it stood in the old portal, created (question None) or updated in place.

    Its fields imply its state: published (public) once answered and published, answered, forwarded
    (assigned), or else being screened. It was received there, so it counts as confirmed at its
    submission; its due date is computed as for any question; nobody is e-mailed. The old portal does
    not say whether the asker agreed to publication: only a published question evidently did, any
    other stays visible to the asker only until an editor decides.
    """
    if not user_can_import_questions(acting_user):
        raise PermissionDenied(_("Only the portal's superusers may import questions."))
    _check_imported_history(
        submitted_at=submitted_at,
        forwarded_to=forwarded_to,
        forwarded_at=forwarded_at,
        answered_at=answered_at,
        answer=answer,
        published=published,
    )
    if question is None:
        question = Question(key=key, language="vi", allow_publication=published)
    elif question.key not in (None, key):
        message = gettext_lazy("This question was imported under the key “%(key)s”.")
        raise ValidationError({"key": ValidationError(message, params={"key": question.key})})
    before = audit.snapshot(question, _IMPORT_AUDITED) if question.pk else {}
    from_state = question.state if question.pk else ""
    was_published = from_state == S.PUBLISHED
    question.key, question.unit, question.title, question.body = key, unit, title.strip(), body.strip()
    question.asker_name, question.asker_email = asker.name.strip(), asker.email.strip()
    question.asker_phone, question.asker_address = asker.phone.strip(), asker.address.strip()
    question.asker_organization = asker.organization.strip()
    question.submitted_at = question.confirmed_at = submitted_at
    question.forwarded_to, question.forwarded_at, question.answered_at = (
        forwarded_to,
        forwarded_at,
        answered_at,
    )
    question.state = _imported_state(forwarded_to=forwarded_to, answered_at=answered_at, published=published)
    if published:
        question.allow_publication, question.visibility = True, Visibility.PUBLIC
        question.published_at = question.published_at if was_published else answered_at
    else:
        question.published_at = None
        if not question.allow_publication:
            question.visibility = Visibility.ASKER
    question.full_clean()
    question.save()
    _import_answer(question, answer, answered_at)
    _append_event(
        question,
        from_state=from_state,
        to_state=question.state,
        acting_user=acting_user,
        as_asker=False,
        reason=_("Imported from another portal."),
        details={"imported": key},
    )
    question.due_date = deadlines.compute_due_date(question)
    question.refresh_search_text()
    question.save(update_fields=["due_date", "search_text"])
    audit.record(
        actor=acting_user,
        action="question.import",
        obj=question,
        unit=question.unit,
        changes={"key": key, **audit.diff(before, audit.snapshot(question, _IMPORT_AUDITED))},
    )
    if published or was_published:
        _public_content_changed(question)
    return question


def _import_answer(question: Question, answer: ImportedAnswer | None, answered_at) -> None:
    existing = Answer.objects.filter(question=question).first()
    if answer is None:
        if existing is not None:
            existing.delete()
        question._state.fields_cache.pop("answer", None)
        return
    saved = existing or Answer(question=question)
    for code, _name in settings.LANGUAGES:
        setattr(saved, f"body_{code}", sanitize_html(answer.body.get(code) or ""))
        setattr(saved, f"answered_by_{code}", answer.answered_by.strip() if code == "vi" else "")
    if not (saved.body_vi or "").strip():
        raise ValidationError({"body_vi": _("The answer in Vietnamese is required.")})
    saved.approved_at = answered_at
    saved.full_clean()
    saved.save()
    question.answer = saved


# --- fields and routing rules (the portal's editors) ---


@transaction.atomic
def field_save(*, field: Field, acting_user) -> Field:

    if not user_can_manage_fields(acting_user):
        raise PermissionDenied(_("Only the portal's editors keep the fields and routing rules."))
    before = audit.snapshot(Field.objects.get(pk=field.pk)) if field.pk else {}
    field.full_clean()
    field.save()
    audit.record(
        actor=acting_user,
        action="question_field.change" if before else "question_field.create",
        obj=field,
        unit=main_portal(),
        changes=audit.diff(before, audit.snapshot(field)),
    )
    return field


@transaction.atomic
def routing_rule_save(*, rule: RoutingRule, acting_user) -> RoutingRule:

    if not user_can_manage_fields(acting_user):
        raise PermissionDenied(_("Only the portal's editors keep the fields and routing rules."))
    rule.full_clean()
    rule.save()
    audit.record(
        actor=acting_user,
        action="question_routing_rule.save",
        obj=rule,
        unit=main_portal(),
        changes={"field": rule.field.slug, "unit": rule.unit.key},
    )
    return rule


@transaction.atomic
def routing_rule_delete(*, rule: RoutingRule, acting_user) -> None:

    if not user_can_manage_fields(acting_user):
        raise PermissionDenied(_("Only the portal's editors keep the fields and routing rules."))
    audit.record(
        actor=acting_user,
        action="question_routing_rule.delete",
        obj=rule,
        unit=main_portal(),
        changes={"field": rule.field.slug, "unit": rule.unit.key},
    )
    rule.delete()


# --- the calendar, reminders and clean-up (tasks call these) ---


@transaction.atomic
def questions_recompute_due_dates(*, acting_user: Actor) -> int:
    """After a change of the holiday calendar: every open question's due date, recomputed (tasks: SYSTEM)."""
    changed = []
    for question in Question.objects.filter(state__in=list(OPEN_STATES)).prefetch_related("events"):
        due = deadlines.compute_due_date(question)
        if due != question.due_date:
            question.due_date = due
            changed.append(question)
    Question.objects.bulk_update(changed, ["due_date"])
    if changed:
        audit.record(
            actor=acting_user, action="question.recompute_due_dates", changes={"changed": len(changed)}
        )
    return len(changed)


def _remind_once(question: Question, kind: str, today: date, recipients: list[str]) -> bool:
    _reminder, created = QuestionReminder.objects.get_or_create(
        question=question, kind=kind, sent_on=today, defaults={"recipients": recipients}
    )
    return created


@transaction.atomic
def reminders_send(*, today: date | None = None) -> int:
    """Daily: each competent unit hears about its questions due soon or overdue; very overdue ones go
    to the portal's editors too. A question is reminded at most once a day per kind."""

    today = today or timezone.localdate()
    sent = 0
    base = (
        Question.objects.filter(forwarded_to__isnull=False)
        .select_related("forwarded_to")
        .order_by("due_date")
    )
    by_unit: dict = {}
    for kind, qs in (
        (ReminderKind.DUE_SOON, base.due_soon(today)),
        (ReminderKind.OVERDUE, base.overdue(today)),
    ):
        for question in qs:
            by_unit.setdefault(question.forwarded_to, []).append((kind, question))
    for unit, items in by_unit.items():
        recipients = unit_staff_emails(unit)
        fresh = [q for kind, q in items if recipients and _remind_once(q, kind, today, recipients)]
        if fresh:
            mail_staff("reminder", recipients=recipients, unit=unit, questions=fresh, today=today)
            sent += 1
    portal = main_portal()
    very = list(base.very_overdue(today))
    if very and portal is not None:
        recipients = unit_staff_emails(portal)
        fresh = [
            q for q in very if recipients and _remind_once(q, ReminderKind.ESCALATION, today, recipients)
        ]
        if fresh:
            mail_staff("escalation", recipients=recipients, unit=portal, questions=fresh, today=today)
            sent += 1
    if sent:
        audit.record(
            actor=SYSTEM, action="question.reminders", changes={"mails": sent, "on": today.isoformat()}
        )
    return sent


@transaction.atomic
def questions_delete_unconfirmed(*, now=None) -> int:
    """Unconfirmed questions older than the limit are deleted with their files (Decree 13/2023)."""
    cutoff = (now or timezone.now()) - timedelta(days=conf.unconfirmed_days())
    stale = Question.objects.filter(state=S.UNCONFIRMED, submitted_at__lt=cutoff)
    # The asker cannot confirm a link they never received: wait while the mail is owed.
    topics = {notifications.confirmation_topic(q): q.pk for q in stale.only("pk")}
    stale = stale.exclude(pk__in=[topics[t] for t in mail.unsent(topics)])
    files = [(a.file.storage, a.file.name) for a in Attachment.objects.filter(question__in=stale)]
    count = stale.count()
    if count:
        stale.delete()
        audit.record(actor=SYSTEM, action="question.delete_unconfirmed", changes={"deleted": count})

        def remove_files() -> None:
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(remove_files)
    return count


def questions_erase_asker_data(*, now=None) -> int:
    """The retention period the consent named is over for questions closed that long ago: their askers'
    contact data is erased (Decree 13/2023/NĐ-CP Điều 11, 16). Closed when last moved into a closed state;
    an imported question without history, when answered or else received."""
    limit = (now or timezone.now()) - timedelta(days=365 * conf.retention_years())
    closed_at = Coalesce(
        Max("events__at", filter=Q(events__to_state__in=CLOSED_STATES)), "answered_at", "submitted_at"
    )
    due = (
        Question.objects.filter(state__in=CLOSED_STATES, asker_data_erased_at__isnull=True)
        .annotate(closed_at=closed_at)
        .filter(closed_at__lt=limit)
    )
    return sum(1 for question in due.iterator() if question_erase_asker_data(question=question))


@transaction.atomic
def question_erase_asker_data(*, question: Question, acting_user: Actor = SYSTEM) -> Question:
    """The asker's name, e-mail, phone, address and organisation go; the question, its answer, its
    history and how it is shown publicly stay (initials kept as the name shown: history is not rewritten)."""
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.asker_data_erased_at is not None:
        return locked
    locked.display_name, locked.display_mode = locked.public_asker, DisplayMode.CHOSEN
    locked.asker_name = locked.asker_email = locked.asker_phone = ""
    locked.asker_address = locked.asker_organization = ""
    locked.asker_data_erased_at = timezone.now()
    locked.save()
    _append_event(
        locked,
        from_state=locked.state,
        to_state=locked.state,
        acting_user=acting_user,
        as_asker=False,
        reason=_("The asker's contact data was erased: the retention period named in the consent is over."),
    )
    audit.record(actor=acting_user, action="question.erase_asker_data", obj=locked, unit=locked.unit)
    return locked


def hand_over_open_questions(source, target) -> int:
    """Questions forwarded to a ceasing unit and not yet answered go to its successor with their
    deadlines unchanged (the asker waits no longer for a reorganisation); its routing rules follow."""
    moving = list(Question.objects.filter(forwarded_to=source, state__in=list(OPEN_STATES)))
    for question in moving:
        question.forwarded_to = target
        question.save(update_fields=["forwarded_to"])
        audit.record(
            actor=SYSTEM,
            action="question.hand_over",
            obj=question,
            unit=target,
            changes={"forwarded_to": [source.key, target.key], "due_date": str(question.due_date)},
        )
    rules = RoutingRule.objects.filter(unit=source).update(unit=target)
    if moving or rules:
        bump("site")
    return len(moving) + rules
