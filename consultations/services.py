"""Every write of the consultations app: admin, public views, tasks and the demo all come here.

Each service checks its predicate, validates, saves in one transaction with an audit entry, and
sends e-mail and bumps cache generations once the transaction commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import mail
from portal.html import sanitize_html
from portal.personal_data import Finding, find_in_text, own_values
from portal.public_forms import mailbox_confirm
from portal.registry import published
from portal.services import SYSTEM, Actor, changed, diff, record, require, snapshot, user_of
from portal.uploads import validate_upload
from subsites.permissions import require_unit_open, user_can_administer_unit, user_can_edit_in_unit
from subsites.routing import unit_reverse
from subsites.selectors import main_portal

from . import alerts, conf, permissions
from .enums import CommenterKind, DraftState, Moderation, Phase
from .models import Comment, Disposition, Draft, DraftArticle, DraftFile, Outcome
from .splitting import docx_lines, split_text


# --- helpers -------------------------------------------------------------------------------------
def _bump(unit_id: int) -> None:
    """The unit's pages and drafts, and the main portal's: it lists every unit's drafts (its lists and
    its home block)."""
    changed(("unit", unit_id), ("consultations", unit_id))
    main = main_portal()
    if main is not None and main.pk != unit_id:
        changed(("unit", main.pk), ("consultations", main.pk))


def _mail(*, to: str, template: str, context: dict[str, Any], language: str) -> None:
    """In the recipient's language; portal.mail sends it after commit (a rolled-back change sends nothing)."""
    if not to:
        return
    with translation.override(language):
        subject = render_to_string(f"consultations/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"consultations/email/{template}.txt", context)
    mail.send(subject=subject, body=body, to=[to])


def _absolute(base_url: str, unit, viewname: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return base_url.rstrip("/") + unit_reverse(unit, viewname, **kwargs)


def _unit_inbox(draft: Draft) -> str:
    return draft.receiving_email or draft.unit.email


def _announce(draft: Draft, moment: str) -> None:
    """E-mail alerts hear of the moment once it is committed (docs/alerts.md)."""
    reference = alerts.ref(draft, moment)
    transaction.on_commit(lambda: published.send(sender="consultations", pk=reference))


def _admin_url(draft: Draft) -> str:
    return conf.base_url() + reverse("admin:consultations_draft_change", args=[draft.pk])


def _reason(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- drafts --------------------------------------------------------------------------------------
@transaction.atomic
def draft_save(*, draft: Draft, acting_user: Actor) -> Draft:
    """Create or change a draft's text, dates and settings (before it opens)."""
    before = None
    if draft.pk:
        stored = Draft.objects.select_related("unit").get(pk=draft.pk)
        require(
            acting_user,
            permissions.user_can_edit_draft(acting_user, stored),
            _("This draft can no longer be changed: it is open for comment or closed."),
        )
        before = snapshot(stored)
    else:
        require_unit_open(acting_user, draft.unit)
    require(
        acting_user, user_can_edit_in_unit(acting_user, draft.unit), _("You cannot edit drafts of this unit.")
    )
    for code, _name in settings.LANGUAGES:
        field = f"explanatory_note_{code}"
        setattr(draft, field, sanitize_html(getattr(draft, field)))
    if draft.state == DraftState.SCHEDULED and before is not None:
        if (before["opens_at"], before["closes_at"]) != (draft.opens_at, draft.closes_at):
            check_window(draft, short_window_reason=draft.short_window_reason)
    draft.sync_status()
    draft.created_by = draft.created_by or user_of(acting_user)
    draft.updated_by = user_of(acting_user)
    draft.refresh_search_text()
    draft.full_clean()
    draft.save()
    record(
        draft,
        actor=acting_user,
        action="draft.change" if before else "draft.create",
        changes=diff(before or {}, snapshot(draft)),
    )
    _bump(draft.unit_id)
    return draft


@transaction.atomic
def draft_set_text(*, draft: Draft, text: str = "", docx=None, acting_user: Actor) -> list[DraftArticle]:
    """Replace the draft's text by the chapters, articles and clauses found in pasted text or a DOCX file."""
    require(
        acting_user,
        permissions.user_can_edit_draft(acting_user, draft),
        _("This draft can no longer be changed."),
    )
    if docx is not None:
        checked = validate_upload(docx, kinds=("document",))
        if checked.extension != "docx":
            raise ValidationError({"docx": _("Upload the text as a Word file (.docx).")})
        text = docx_lines(docx)
    parts = split_text(text)
    if not parts:
        raise ValidationError(
            {"text": _("There is no text to split: paste the draft or upload its DOCX file.")}
        )
    draft.articles.all().delete()
    created: list[DraftArticle] = []
    for position, part in enumerate(parts):
        parent = created[part.parent] if part.parent is not None else None
        created.append(
            DraftArticle.objects.create(
                draft=draft,
                parent=parent,
                kind=part.kind,
                label=part.label,
                heading=part.heading[:500],
                body=part.body,
                position=position,
            )
        )
    record(draft, actor=acting_user, action="draft.set_text", changes={"parts": len(created)})
    _bump(draft.unit_id)
    return created


@transaction.atomic
def draft_file_save(*, attachment: DraftFile, acting_user: Actor, file_changed: bool = True) -> DraftFile:
    """Attach a file to the draft, or change its title; every new file is checked by its content."""
    require(
        acting_user,
        permissions.user_can_edit_draft(acting_user, attachment.draft),
        _("This draft can no longer be changed."),
    )
    if file_changed:
        checked = validate_upload(attachment.file, kinds=("document",))
        attachment.content_type, attachment.size = checked.content_type, checked.size
    created = attachment.pk is None
    attachment.full_clean()
    attachment.save()
    record(
        attachment.draft,
        actor=acting_user,
        action="draft.file_add" if created else "draft.file_change",
        changes={"file": attachment.title},
    )
    _bump(attachment.draft.unit_id)
    return attachment


@transaction.atomic
def draft_file_delete(*, attachment: DraftFile, acting_user: Actor) -> None:
    draft = attachment.draft
    require(
        acting_user,
        permissions.user_can_edit_draft(acting_user, draft),
        _("This draft can no longer be changed."),
    )
    record(draft, actor=acting_user, action="draft.file_delete", changes={"file": attachment.title})
    attachment.delete()
    _bump(draft.unit_id)


@transaction.atomic
def draft_delete(*, draft: Draft, acting_user: Actor) -> None:
    """Remove a draft with its text, files and comments: the unit's administrator only, on the record."""

    require(
        acting_user,
        user_can_administer_unit(acting_user, draft.unit),
        _("Only the unit's administrator may delete a draft."),
    )
    record(draft, actor=acting_user, action="draft.delete", changes=snapshot(draft))
    unit_id = draft.unit_id
    draft.delete()
    transaction.on_commit(lambda: _bump(unit_id))


def check_window(draft: Draft, *, short_window_reason: str = "", at: datetime | None = None) -> None:
    """Refuse a missing, past or too short period, citing the rule, unless a reason is recorded."""
    if not draft.opens_at or not draft.closes_at:
        raise ValidationError({"opens_at": _("Set when the consultation opens and when it closes.")})
    now = at or timezone.now()
    if draft.closes_at <= max(draft.opens_at, now):
        raise ValidationError(
            {"closes_at": _("The closing moment must be after the opening moment and in the future.")}
        )
    minimum = conf.min_open_days(draft.draft_type)
    start = max(draft.opens_at, now)
    if draft.closes_at - start >= timedelta(days=minimum):
        return
    reason = (short_window_reason or "").strip()
    if reason and len(reason) < conf.short_window_reason_min_chars():
        raise ValidationError(
            {
                "short_window_reason": _(
                    "“%(reason)s” does not justify a shorter period: explain in at least %(min)s "
                    "characters why this draft cannot be open for %(days)s days (%(basis)s). The reason "
                    "is shown publicly."
                )
                % {
                    "reason": reason,
                    "min": conf.short_window_reason_min_chars(),
                    "days": minimum,
                    "basis": conf.short_window_basis(),
                }
            }
        )
    if not reason:
        raise ValidationError(
            {
                "closes_at": _(
                    "The consultation would be open for %(days)s days; a draft of this type (%(type)s) "
                    "must be open for at least %(min)s days (%(basis)s). Move the closing date, or record "
                    "the reason for a shorter period: it will be shown publicly."
                )
                % {
                    "days": (draft.closes_at - start).days,
                    "type": draft.get_draft_type_display(),
                    "min": minimum,
                    "basis": conf.min_open_basis(draft.draft_type),
                }
            }
        )


def _short_window_record(draft: Draft) -> dict[str, Any]:
    """What the audit trail keeps of a period shorter than the legal minimum: the reason and the rule."""
    if not draft.short_window_reason:
        return {}
    return {
        "short_window_reason": draft.short_window_reason,
        "minimum_days": conf.min_open_days(draft.draft_type),
        "minimum_basis": conf.min_open_basis(draft.draft_type),
        "short_window_basis": conf.short_window_basis(),
    }


@transaction.atomic
def draft_schedule(*, draft: Draft, acting_user: Actor, short_window_reason: str = "") -> Draft:
    """The approver approves: the draft goes up now and opens and closes by the clock."""
    require(
        acting_user,
        permissions.user_can_schedule_draft(acting_user, draft),
        _("Only an approver of the unit can schedule a draft that is being prepared."),
    )
    missing = []
    if not draft.receiving_address:
        missing.append(_("the address receiving comments"))
    if not draft.receiving_email:
        missing.append(_("the e-mail receiving comments"))
    if not draft.articles.exists() and not draft.files.exists():
        missing.append(_("the text of the draft (split into articles, or as a file)"))
    if missing:
        raise ValidationError(
            _("Before scheduling, add: %(missing)s (Decree 43/2011/NĐ-CP Điều 10 k1 i).")
            % {"missing": "; ".join(str(m) for m in missing)}
        )
    check_window(draft, short_window_reason=short_window_reason)
    now = timezone.now()
    draft.state = DraftState.SCHEDULED
    draft.short_window_reason = (short_window_reason or "").strip()
    draft.posted_at = draft.published_at = now
    draft.original_closes_at = draft.closes_at
    draft.sync_status()
    draft.updated_by = user_of(acting_user)
    draft.full_clean()
    draft.save()
    record(
        draft,
        actor=acting_user,
        action="draft.schedule",
        changes={
            "opens_at": draft.opens_at,
            "closes_at": draft.closes_at,
            **_short_window_record(draft),
        },
    )
    _bump(draft.unit_id)
    return draft


@transaction.atomic
def draft_extend(*, draft: Draft, closes_at: datetime, reason: str, acting_user: Actor) -> Draft:
    """A later closing moment, with a reason shown publicly."""
    require(
        acting_user,
        permissions.user_can_extend_draft(acting_user, draft),
        _("Only an approver can extend a consultation, before it closes."),
    )
    reason = _reason(
        reason, "extension_reason", _("Give the reason for the extension: it is shown publicly.")
    )
    if closes_at is None or closes_at <= draft.closes_at:
        raise ValidationError({"closes_at": _("The new closing moment must be later than the current one.")})
    previous = draft.closes_at
    draft.original_closes_at = draft.original_closes_at or previous
    draft.closes_at, draft.extension_reason, draft.extended_at = closes_at, reason, timezone.now()
    draft.full_clean()
    draft.save()
    record(
        draft,
        actor=acting_user,
        action="draft.extend",
        changes={"closes_at": [previous, closes_at], "reason": reason},
    )
    _bump(draft.unit_id)
    return draft


@transaction.atomic
def draft_suspend(*, draft: Draft, reason: str, acting_user: Actor) -> Draft:
    require(
        acting_user,
        permissions.user_can_suspend_draft(acting_user, draft),
        _("Only an approver can suspend a consultation, before it closes."),
    )
    draft.suspension_reason = _reason(
        reason, "suspension_reason", _("Give the reason for the suspension: it is shown publicly.")
    )
    draft.state, draft.suspended_at = DraftState.SUSPENDED, timezone.now()
    draft.sync_status()
    draft.save()
    record(draft, actor=acting_user, action="draft.suspend", changes={"reason": draft.suspension_reason})
    _bump(draft.unit_id)
    return draft


@transaction.atomic
def draft_resume(*, draft: Draft, closes_at: datetime | None = None, acting_user: Actor) -> Draft:
    """End a suspension; a new closing moment makes up for the days lost."""
    require(
        acting_user,
        permissions.user_can_resume_draft(acting_user, draft),
        _("Only an approver can resume a consultation."),
    )
    if closes_at is not None:
        if closes_at <= timezone.now():
            raise ValidationError({"closes_at": _("The new closing moment must be in the future.")})
        draft.closes_at = closes_at
    draft.state, draft.suspension_reason, draft.suspended_at = DraftState.SCHEDULED, "", None
    draft.sync_status()
    draft.full_clean()
    draft.save()
    record(draft, actor=acting_user, action="draft.resume", changes={"closes_at": draft.closes_at})
    _bump(draft.unit_id)
    return draft


@transaction.atomic
def draft_withdraw(*, draft: Draft, reason: str, acting_user: Actor) -> Draft:
    require(
        acting_user,
        permissions.user_can_withdraw_draft(acting_user, draft),
        _("Only an approver can withdraw a scheduled consultation without an outcome."),
    )
    draft.withdrawal_reason = _reason(
        reason, "withdrawal_reason", _("Give the reason for the withdrawal: it is shown publicly.")
    )
    draft.state, draft.withdrawn_at = DraftState.WITHDRAWN, timezone.now()
    draft.sync_status()
    draft.save()
    record(draft, actor=acting_user, action="draft.withdraw", changes={"reason": draft.withdrawal_reason})
    _bump(draft.unit_id)
    return draft


# --- what is sent at opens_at / closes_at (the beat tasks call these) ------------------------------
@transaction.atomic
def draft_notify_opened(*, draft: Draft, acting_user: Actor) -> bool:
    if draft.opening_notified_at is not None or draft.phase() != Phase.OPEN:
        return False
    draft.opening_notified_at = timezone.now()
    draft.save(update_fields=["opening_notified_at"])
    record(draft, actor=acting_user, action="draft.notify_opened")
    _announce(draft, alerts.OPENED)
    _mail(
        to=_unit_inbox(draft),
        template="opened",
        context={"draft": draft, "admin_url": _admin_url(draft)},
        language=settings.LANGUAGE_CODE,
    )
    return True


@transaction.atomic
def draft_notify_closed(*, draft: Draft, acting_user: Actor) -> bool:
    """Tell the receiving unit that the consultation closed: how many comments, where to answer them."""
    if draft.closing_notified_at is not None or draft.phase() != Phase.CLOSED:
        return False
    draft.closing_notified_at = timezone.now()
    draft.save(update_fields=["closing_notified_at"])
    record(draft, actor=acting_user, action="draft.notify_closed")
    _announce(draft, alerts.CLOSED)
    context = {"draft": draft, "count": draft.comments.counted().count(), "admin_url": _admin_url(draft)}
    _mail(to=_unit_inbox(draft), template="closed", context=context, language=settings.LANGUAGE_CODE)
    return True


@transaction.atomic
def draft_remind_overdue(*, draft: Draft, acting_user: Actor) -> bool:
    """Remind the unit that the outcome is overdue, at most once per reminder interval."""
    now = timezone.now()
    last = draft.overdue_reminded_at
    if not draft.is_overdue() or (last and now - last < timedelta(days=conf.reminder_interval_days())):
        return False
    draft.overdue_reminded_at = now
    draft.save(update_fields=["overdue_reminded_at"])
    record(draft, actor=acting_user, action="draft.remind_overdue")
    context = {
        "draft": draft,
        "missing": draft.comments.without_disposition().count(),
        "admin_url": _admin_url(draft),
    }
    _mail(to=_unit_inbox(draft), template="overdue", context=context, language=settings.LANGUAGE_CODE)
    return True


# --- comments ------------------------------------------------------------------------------------
@transaction.atomic
def comment_submit(
    *,
    draft: Draft,
    name: str,
    email: str,
    text: str,
    kind: str,
    organization: str = "",
    phone: str = "",
    article: DraftArticle | None = None,
    language: str = "vi",
    base_url: str = "",
    acting_user: Actor | None = None,
) -> Comment:
    """A citizen's comment: stored unconfirmed; an e-mail asks to confirm the address."""
    if not permissions.user_can_comment(draft):
        raise ValidationError(closed_message(draft))
    if article is not None and article.draft_id != draft.pk:
        raise ValidationError({"article": _("This article is not part of the draft.")})
    comment = Comment(
        draft=draft,
        article=article,
        name=name.strip(),
        organization=organization.strip(),
        kind=kind,
        email=email.strip(),
        phone=phone.strip(),
        text=text.strip(),
        language=language,
    )
    # A draft that shows comments without moderation still holds one with personal data for a moderator.
    comment.held_for_personal_data = bool(comment_personal_data(comment))
    comment.full_clean()
    comment.save()
    record(comment, actor=acting_user, action="comment.submit", changes={"article": article and article.pk})
    context = {
        "comment": comment,
        "draft": draft,
        "confirm_url": _absolute(
            base_url, draft.unit, "consultations:confirm", language, token=comment.token
        ),
    }
    _mail(to=comment.email, template="confirm", context=context, language=language)
    return comment


def publication_note(draft: Draft) -> str:
    """When a comment shows on the draft's page, if ever: said by the form, the notice and the receipt."""
    if not draft.show_comments:
        return _(
            "Comments on this draft are not shown on this page: the drafting agency reads each one and "
            "reports how it took them into account after the consultation closes."
        )
    if draft.premoderated:
        return _(
            "Comments appear on this page only after the e-mail address is confirmed and a moderator "
            "has reviewed them."
        )
    return _(
        "Comments appear on this page once the e-mail address is confirmed, unless a moderator holds "
        "one back for review."
    )


def closed_message(draft: Draft) -> str:
    """Why comments are not accepted now, in the citizen's words."""
    phase = draft.phase()
    if phase == Phase.UPCOMING:
        return _("This draft is not open for comment yet: comments are accepted from %(date)s.") % {
            "date": timezone.localtime(draft.opens_at).strftime("%H:%M %d/%m/%Y")
        }
    if phase == Phase.SUSPENDED:
        return _("The consultation on this draft is suspended: comments are not accepted at the moment.")
    if phase == Phase.WITHDRAWN:
        return _("This draft has been withdrawn: comments are no longer accepted.")
    return _("The consultation on this draft closed on %(date)s: comments are no longer accepted.") % {
        "date": timezone.localtime(draft.closes_at).strftime("%H:%M %d/%m/%Y") if draft.closes_at else ""
    }


@transaction.atomic
def comment_confirm(*, comment: Comment, base_url: str = "", acting_user: Actor | None = None) -> Comment:
    """The commenter confirmed the e-mail address: the comment counts; a receipt names its reference."""
    if comment.confirmed_at is not None:
        return comment
    if comment.withdrawn_at is not None or comment.draft.phase() not in {Phase.OPEN, Phase.CLOSED}:
        raise ValidationError(_("This comment can no longer be confirmed."))
    comment.confirmed_at = timezone.now()
    comment.save(update_fields=["confirmed_at"])
    record(comment, actor=acting_user, action="comment.confirm")
    transaction.on_commit(lambda: mailbox_confirm(comment.email))
    draft = comment.draft
    context = {
        "comment": comment,
        "draft": draft,
        "draft_url": base_url.rstrip("/") + _in_language(comment.language, draft.get_absolute_url),
        "withdraw_url": _absolute(
            base_url, draft.unit, "consultations:withdraw", comment.language, token=comment.token
        ),
        "publication_note": _in_language(comment.language, lambda: publication_note(draft)),
    }
    _mail(to=comment.email, template="receipt", context=context, language=comment.language)
    _bump(draft.unit_id)
    return comment


def _in_language(language: str, fn) -> str:
    with translation.override(language):
        return fn()


class PersonalDataFound(ValidationError):
    """Publishing would show personal data; the moderator removes it or confirms (as in the Q&A)."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        lines = [f"{f.label} ({f.where}): {f.text}" for f in findings]
        super().__init__(
            {
                "acknowledge_personal_data": _(
                    "Personal data found in the comment; hide it, or confirm that it may be published: "
                    "%(list)s"
                )
                % {"list": "; ".join(lines)}
            },
            code="personal_data",
        )


def comment_personal_data(comment: Comment) -> list[Finding]:
    """Phone numbers, e-mail addresses, ID numbers and the commenter's own contact in what is published
    (the same check as the Q&A's, portal.personal_data); the name and organisation are public by design."""
    own = own_values(comment.email, comment.phone)
    findings: list[Finding] = []
    for where, text in ((str(_("organisation")), comment.organization), (str(_("comment")), comment.text)):
        findings.extend(find_in_text(text or "", where, own, own_kind="commenter"))
    return findings


def moderation_check(
    *,
    comment: Comment,
    moderation: str,
    reason: str = "",
    acknowledge_personal_data: bool = False,
    acting_user: Actor,
) -> list[Finding]:
    """Everything comment_moderate refuses, checked without writing; the findings the moderator confirmed."""
    require(
        acting_user,
        permissions.user_can_moderate(acting_user, comment.draft),
        _("You cannot moderate comments of this unit."),
    )
    if moderation not in Moderation.values:
        raise ValidationError({"moderation": _("Unknown moderation state.")})
    if moderation == Moderation.HIDDEN:
        _reason(
            reason,
            "moderation_reason",
            _("Give the reason for hiding the comment: it is shown in its place."),
        )
    findings = comment_personal_data(comment) if moderation == Moderation.PUBLISHED else []
    if findings and not acknowledge_personal_data:
        raise PersonalDataFound(findings)
    return findings


@transaction.atomic
def comment_moderate(
    *,
    comment: Comment,
    moderation: str,
    reason: str = "",
    acknowledge_personal_data: bool = False,
    acting_user: Actor,
) -> Comment:
    findings = moderation_check(
        comment=comment,
        moderation=moderation,
        reason=reason,
        acknowledge_personal_data=acknowledge_personal_data,
        acting_user=acting_user,
    )
    before = comment.moderation
    comment.moderation, comment.moderation_reason = moderation, (reason or "").strip()
    comment.moderated_at, comment.moderated_by = timezone.now(), acting_user
    comment.save(update_fields=["moderation", "moderation_reason", "moderated_at", "moderated_by"])
    changes: dict[str, Any] = {"moderation": [before, moderation]}
    if findings:
        changes["personal_data_confirmed"] = [f"{f.kind}: {f.text}" for f in findings]
    record(comment, actor=acting_user, action="comment.moderate", changes=changes)
    _bump(comment.draft.unit_id)
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, acting_user: Actor | None = None) -> Comment:
    """The commenter takes the comment back, while the consultation is open."""
    if not permissions.user_can_withdraw_comment(comment):
        raise ValidationError(_("A comment can be withdrawn only while the consultation is open."))
    comment.withdrawn_at = timezone.now()
    comment.save(update_fields=["withdrawn_at"])
    record(comment, actor=acting_user, action="comment.withdraw")
    _bump(comment.draft.unit_id)
    return comment


@transaction.atomic
def comment_erase_personal_data(*, comment: Comment, acting_user: Actor) -> Comment:
    """After the retention period the e-mail and phone go; the comment and its disposition stay."""
    comment.email, comment.phone = "", ""
    comment.personal_data_erased_at = timezone.now()
    comment.save(update_fields=["email", "phone", "personal_data_erased_at"])
    record(comment, actor=acting_user, action="comment.erase_personal_data")
    return comment


# --- dispositions and the outcome ----------------------------------------------------------------
@transaction.atomic
def disposition_set(
    *, comments: Sequence[Comment], verdict: str, explanation: str = "", acting_user: Actor
) -> Disposition:
    """One disposition for one comment, or for a group of identical comments of the same draft."""
    comments = list(comments)
    draft = disposition_check(
        comments=comments, verdict=verdict, explanation=explanation, acting_user=acting_user
    )
    previous = {c.disposition_id for c in comments if c.disposition_id}
    disposition = Disposition(
        draft=draft, verdict=verdict, explanation=(explanation or "").strip(), decided_by=acting_user
    )
    disposition.full_clean()
    disposition.save()
    Comment.objects.filter(pk__in=[c.pk for c in comments]).update(disposition=disposition)
    for comment in comments:
        comment.disposition = disposition
    Disposition.objects.filter(pk__in=previous, comments__isnull=True).delete()
    record(
        disposition,
        actor=acting_user,
        action="disposition.set",
        changes={"verdict": verdict, "comments": [c.reference for c in comments]},
    )
    return disposition


def disposition_check(
    *, comments: Sequence[Comment], verdict: str, explanation: str = "", acting_user: Actor
) -> Draft:
    """Everything disposition_set refuses, checked without writing: the admin's form asks it first, so
    a refused disposition is an error on the form and nothing else (no success message, no change)."""
    comments = list(comments)
    if not comments:
        raise ValidationError(_("Choose at least one comment."))
    draft = comments[0].draft
    if any(c.draft_id != draft.pk for c in comments):
        raise ValidationError(_("A disposition groups comments of one draft only."))
    require(
        acting_user,
        permissions.user_can_record_disposition(acting_user, draft),
        _(
            "Dispositions are recorded by the unit's editors after the consultation closes "
            "and before the outcome."
        ),
    )
    counted = set(
        Comment.objects.counted().filter(pk__in=[c.pk for c in comments]).values_list("pk", flat=True)
    )
    not_counted = [c.reference for c in comments if c.pk not in counted]
    if not_counted:
        raise ValidationError(
            _("These comments are withdrawn, unconfirmed or spam and need no disposition: %(refs)s.")
            % {"refs": ", ".join(not_counted)}
        )
    Disposition(draft=draft, verdict=verdict, explanation=(explanation or "").strip()).full_clean(
        exclude=["decided_by"]
    )
    return draft


@transaction.atomic
def outcome_publish(*, draft: Draft, report: str, file=None, acting_user: Actor) -> Outcome:
    """Publish the agency's report; the dispositions of every comment become public with it."""
    require(
        acting_user,
        permissions.user_can_publish_outcome(acting_user, draft),
        _("Only an approver of the unit can publish the outcome, after the consultation closes."),
    )
    held = draft.comments.counted().filter(held_for_personal_data=True, moderation=Moderation.PENDING)
    if held.exists():
        # The outcome's export carries every comment's text: personal data is checked before it goes out.
        raise ValidationError(
            _(
                "Personal data was found in comments %(refs)s: publish each after checking it, or hide "
                "it, before publishing the outcome."
            )
            % {"refs": ", ".join(held.values_list("reference", flat=True))}
        )
    missing = draft.comments.without_disposition().count()
    if missing:
        raise ValidationError(
            ngettext(
                "%(n)s comment has no disposition yet: "
                "record one for every comment before publishing the outcome.",
                "%(n)s comments have no disposition yet: "
                "record one for every comment before publishing the outcome.",
                missing,
            )
            % {"n": missing}
        )
    report = sanitize_html(report)
    outcome = Outcome(draft=draft, report=report, published_by=acting_user)
    if file:
        outcome.file = file
        outcome.file_content_type = validate_upload(file, kinds=("document",)).content_type
    outcome.full_clean()
    outcome.save()
    draft.state = DraftState.CONCLUDED
    draft.sync_status()
    draft.save(update_fields=["state", "status", "updated_at"])
    record(
        outcome,
        actor=acting_user,
        action="outcome.publish",
        changes={"comments": draft.comments.counted().count()},
    )
    _bump(draft.unit_id)
    _announce(draft, alerts.OUTCOME)
    return outcome


# --- the importer (manage.py import_portal) ------------------------------------------------------
def _mark_past_moments_notified(draft: Draft) -> None:
    """An opening or closing already past when imported is history, not news: neither the unit's inbox
    nor the e-mail alerts hear of it from the beat tasks."""
    now = timezone.now()
    if draft.opens_at and draft.opens_at <= now:
        draft.opening_notified_at = draft.opening_notified_at or now
    if draft.closes_at and draft.closes_at <= now:
        draft.closing_notified_at = draft.closing_notified_at or now


_IMPORTED_MODERATION = {
    "approved": Moderation.PUBLISHED,
    "pending": Moderation.PENDING,
    "rejected": Moderation.HIDDEN,
}


@transaction.atomic
def draft_import(
    *,
    draft: Draft,
    acting_user: Actor,
    posted_at: datetime | None = None,
    files: Sequence[tuple[str, Any]] = (),
    comments: Sequence[dict[str, Any]] = (),
) -> Draft:
    """A consultation as it stood in the old portal: posted (scheduled) at `posted_at`, or being prepared.

    Its period is history, so the rules for scheduling now (check_window, text before scheduling) do not
    apply; every model rule does. Files (title, file) and comments replace the draft's own. Comments keep
    their submission moment as the confirmation: they were counted in the old portal.
    """
    require(
        acting_user, user_can_edit_in_unit(acting_user, draft.unit), _("You cannot edit drafts of this unit.")
    )
    before = snapshot(Draft.objects.get(pk=draft.pk)) if draft.pk else None
    for code, _name in settings.LANGUAGES:
        field = f"explanatory_note_{code}"
        setattr(draft, field, sanitize_html(getattr(draft, field)))
    draft.state = DraftState.SCHEDULED if posted_at else DraftState.DRAFT
    draft.posted_at = draft.published_at = posted_at
    draft.original_closes_at = draft.closes_at if posted_at else None
    if posted_at:
        _mark_past_moments_notified(draft)
    draft.sync_status()
    draft.created_by = draft.created_by or user_of(acting_user)
    draft.updated_by = user_of(acting_user)
    draft.refresh_search_text()
    draft.full_clean()
    draft.save()
    stored_files = [f.file for f in draft.files.all()]
    draft.files.all().delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in stored_files])
    for position, (title, file) in enumerate(files):
        checked = validate_upload(file, kinds=("document",))
        attachment = DraftFile(
            draft=draft, title=title, file=file, position=position, content_type=checked.content_type
        )
        attachment.size = checked.size
        attachment.full_clean()
        attachment.save()
    draft.comments.all().delete()
    for data in comments:
        comment = Comment(
            draft=draft,
            name=data["name"].strip(),
            organization=(data.get("organization") or "").strip(),
            kind=CommenterKind.ORGANIZATION if data.get("organization") else CommenterKind.INDIVIDUAL,
            email=(data.get("email") or "").strip(),
            text=data["content"].strip(),
            submitted_at=data["submitted_at"],
            confirmed_at=data["submitted_at"],
            moderation=_IMPORTED_MODERATION[data["status"]],
        )
        comment.full_clean()
        comment.save()
    record(
        draft,
        actor=acting_user,
        action="draft.import",
        changes={
            **diff(before or {}, snapshot(draft)),
            "files": len(files),
            "comments": len(comments),
        },
    )
    _bump(draft.unit_id)
    return draft


def hand_over_open_drafts(source, target) -> int:
    """A ceasing unit's drafts not yet closed (being prepared, scheduled, open for comment, suspended)
    go to its successor with their comments; closed and concluded ones stay its own."""

    now = timezone.now()
    moving = list(
        Draft.objects.filter(
            unit=source, state__in=[DraftState.DRAFT, DraftState.SCHEDULED, DraftState.SUSPENDED]
        ).exclude(state=DraftState.SCHEDULED, closes_at__lte=now)
    )
    for draft in moving:
        before = snapshot(draft)
        draft.unit = target
        draft.save(update_fields=["unit"])
        record(
            draft, actor=SYSTEM, action="draft.hand_over", unit=target, changes=diff(before, snapshot(draft))
        )
    if moving:
        changed("site", ("unit", source.pk), ("unit", target.pk))
    return len(moving)
