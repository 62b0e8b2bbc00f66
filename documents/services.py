"""Every write of the document registry: the admin, the importer, the demo and tasks all come here.

Each function is keyword-only, checks the acting user's right (portal.services.SYSTEM is the system:
importer, demo, commands; None is refused),
validates with full_clean(), saves in one transaction with an audit entry, and bumps the cache
generations of the unit whose public pages change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.files.base import File
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.enums import Status
from portal.registry import published
from portal.services import Actor, changed, diff, record, require, snapshot
from portal.workdays import working_days_between
from subsites.permissions import require_unit_open, user_can_administer_unit

from . import permissions
from .models import Attachment, Document, Field, IssuingBody, LeaderSchedule, Relation, ScheduleEntry


def _require(acting_user: Actor, allowed) -> None:
    """SYSTEM may; a person only when the predicate (asked lazily) says so; None never."""
    require(acting_user, allowed, _("You may not make this change in this unit."))


def _changed(unit_id: int | None) -> None:
    """A unit's public pages and its document lists."""
    changed(("unit", unit_id), ("documents", unit_id))


def _before(model: type[models.Model], pk) -> dict[str, Any] | None:
    if pk is None:
        return None
    current = model.objects.filter(pk=pk).first()
    return snapshot(current) if current is not None else None


def _stamp(obj, acting_user: Actor) -> None:
    if acting_user is not None and getattr(acting_user, "is_authenticated", False):
        if obj.pk is None:
            obj.created_by = acting_user
        obj.updated_by = acting_user


def _record(obj, *, acting_user: Actor, action: str, before: dict | None, unit=None) -> None:
    record(obj, actor=acting_user, action=action, unit=unit, changes=diff(before or {}, snapshot(obj)))


# --- documents ---


def _save_child(obj, *, kind: str, unit, acting_user: Actor) -> None:
    """Save a row that belongs to a document or schedule (already authorised): validate, save, audit, bump."""
    before = _before(type(obj), obj.pk)
    obj.full_clean()
    obj.save()
    action = f"{kind}.change" if before else f"{kind}.add"
    _record(obj, acting_user=acting_user, action=action, before=before, unit=unit)
    _changed(unit.pk)


def _sync_posting(document: Document) -> None:
    """Published: posted at the publication moment, with its delay after issue in working days."""
    if document.status == Status.PUBLISHED and document.published_at is None:
        document.published_at = timezone.now()
    if document.status in (Status.PUBLISHED, Status.ARCHIVED) and document.published_at is not None:
        document.posted_at = document.published_at
        posted_day = timezone.localtime(document.posted_at).date()
        document.posting_delay_days = working_days_between(document.issued_on, posted_day)
    else:
        document.posted_at = None
        document.posting_delay_days = None


def _save_document(document: Document, *, acting_user: Actor, action: str) -> Document:
    before = _before(Document, document.pk)
    was_published = before is not None and before["status"] == Status.PUBLISHED
    if before is None and document.unit_id is not None:
        require_unit_open(acting_user, document.unit)
    _require(acting_user, lambda: permissions.user_can_edit_in_unit_of(acting_user, document))
    if document.status == Status.PUBLISHED or was_published:
        _require(acting_user, lambda: permissions.user_can_publish_document(acting_user, document))
    document.full_clean()
    _sync_posting(document)
    document.refresh_search_text()
    _stamp(document, acting_user)
    document.save()
    _record(document, acting_user=acting_user, action=action, before=before)
    _changed(document.unit_id)
    if before is not None and before["unit_id"] != document.unit_id:
        _changed(before["unit_id"])
    was_public = was_published and (before.get("published_at") or timezone.now()) <= timezone.now()
    if document.is_public and not was_public:
        _announce(document.pk)
    return document


def _announce(pk: int) -> None:
    """Tell who follows publications (e-mail alerts) once the document is public for good: after the
    commit. A scheduled one is announced when it goes live (tasks.announce_scheduled_documents)."""
    transaction.on_commit(lambda: published.send(sender="documents", pk=pk))


@transaction.atomic
def document_create(*, document: Document, acting_user: Actor) -> Document:
    return _save_document(document, acting_user=acting_user, action="document.create")


@transaction.atomic
def document_update(*, document: Document, acting_user: Actor) -> Document:
    return _save_document(document, acting_user=acting_user, action="document.change")


@transaction.atomic
def document_publish(*, document: Document, acting_user: Actor, at: datetime | None = None) -> Document:
    """Publish now, or at `at` (a future moment schedules it)."""
    document.status = Status.PUBLISHED
    document.published_at = at or document.published_at or timezone.now()
    return _save_document(document, acting_user=acting_user, action="document.publish")


@transaction.atomic
def document_archive(*, document: Document, acting_user: Actor) -> Document:
    _require(acting_user, lambda: permissions.user_can_publish_document(acting_user, document))
    document.status = Status.ARCHIVED
    return _save_document(document, acting_user=acting_user, action="document.archive")


@transaction.atomic
def document_delete(*, document: Document, acting_user: Actor) -> None:
    _require(acting_user, lambda: permissions.user_can_delete_document(acting_user, document))
    files = [a.file for a in document.attachments.all()]
    record(document, actor=acting_user, action="document.delete", changes=snapshot(document))
    unit_id = document.unit_id
    document.delete()
    _changed(unit_id)
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


# --- attachments ---


@transaction.atomic
def attachment_add(
    *, document: Document, file: File, title: str = "", order: int = 0, acting_user: Actor
) -> Attachment:
    """Attach a file, checked by content and size (portal.uploads.validate_upload)."""
    attachment = Attachment(document=document, file=file, title=title, order=order)
    return attachment_save(attachment=attachment, acting_user=acting_user)


@transaction.atomic
def attachment_save(*, attachment: Attachment, acting_user: Actor) -> Attachment:
    document = attachment.document
    _require(acting_user, lambda: permissions.user_can_edit_document(acting_user, document))
    _save_child(attachment, kind="attachment", unit=document.unit, acting_user=acting_user)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, acting_user: Actor) -> None:
    document = attachment.document
    _require(acting_user, lambda: permissions.user_can_edit_document(acting_user, document))
    record(
        attachment,
        actor=acting_user,
        action="attachment.remove",
        unit=document.unit,
        changes={"file": attachment.file.name},
    )
    stored = attachment.file
    attachment.delete()
    _changed(document.unit_id)
    transaction.on_commit(lambda: stored.delete(save=False))


def attachment_count_download(*, attachment: Attachment) -> None:
    """One more download: a single UPDATE, safe under concurrent requests; not an audited change."""
    Attachment.objects.filter(pk=attachment.pk).update(download_count=F("download_count") + 1)


# --- relations ---


@transaction.atomic
def relation_add(*, source: Document, target: Document, kind: str, acting_user: Actor) -> Relation:
    relation = Relation(source=source, target=target, kind=kind)
    return relation_save(relation=relation, acting_user=acting_user)


@transaction.atomic
def relation_save(*, relation: Relation, acting_user: Actor) -> Relation:
    _require(
        acting_user,
        lambda: permissions.user_can_relate_documents(acting_user, relation.source, relation.target),
    )
    _save_child(relation, kind="relation", unit=relation.source.unit, acting_user=acting_user)
    _changed(relation.target.unit_id)  # the later document is shown on the earlier one's page too
    return relation


@transaction.atomic
def relation_remove(*, relation: Relation, acting_user: Actor) -> None:
    _require(acting_user, lambda: permissions.user_can_edit_document(acting_user, relation.source))
    record(relation, actor=acting_user, action="relation.remove", unit=relation.source.unit)
    units = (relation.source.unit_id, relation.target.unit_id)
    relation.delete()
    for unit_id in units:
        _changed(unit_id)


# --- leaders' schedules ---


def _sync_schedule_posting(schedule: LeaderSchedule) -> None:
    if schedule.status == Status.PUBLISHED and schedule.published_at is None:
        schedule.published_at = timezone.now()
    if schedule.status in (Status.PUBLISHED, Status.ARCHIVED) and schedule.published_at is not None:
        schedule.posted_at = schedule.published_at
    else:
        schedule.posted_at = None


def _save_schedule(schedule: LeaderSchedule, *, acting_user: Actor, action: str) -> LeaderSchedule:
    before = _before(LeaderSchedule, schedule.pk)
    was_published = before is not None and before["status"] == Status.PUBLISHED
    _require(acting_user, lambda: permissions.user_can_edit_in_unit_of(acting_user, schedule))
    if schedule.status == Status.PUBLISHED or was_published:
        _require(acting_user, lambda: permissions.user_can_publish_schedule(acting_user, schedule))
    schedule.full_clean()
    _sync_schedule_posting(schedule)
    schedule.refresh_search_text()
    _stamp(schedule, acting_user)
    schedule.save()
    _record(schedule, acting_user=acting_user, action=action, before=before)
    _changed(schedule.unit_id)
    return schedule


@transaction.atomic
def schedule_save(*, schedule: LeaderSchedule, acting_user: Actor) -> LeaderSchedule:
    action = "schedule.change" if schedule.pk else "schedule.create"
    return _save_schedule(schedule, acting_user=acting_user, action=action)


@transaction.atomic
def schedule_publish(
    *, schedule: LeaderSchedule, acting_user: Actor, at: datetime | None = None
) -> LeaderSchedule:
    schedule.status = Status.PUBLISHED
    schedule.published_at = at or schedule.published_at or timezone.now()
    return _save_schedule(schedule, acting_user=acting_user, action="schedule.publish")


@transaction.atomic
def schedule_archive(*, schedule: LeaderSchedule, acting_user: Actor) -> LeaderSchedule:
    _require(acting_user, lambda: permissions.user_can_publish_schedule(acting_user, schedule))
    schedule.status = Status.ARCHIVED
    return _save_schedule(schedule, acting_user=acting_user, action="schedule.archive")


@transaction.atomic
def schedule_delete(*, schedule: LeaderSchedule, acting_user: Actor) -> None:
    """A week's schedule with its entries; deleting is the unit administrator's, as for documents."""

    _require(acting_user, lambda: user_can_administer_unit(acting_user, schedule.unit))
    record(schedule, actor=acting_user, action="schedule.delete", changes=snapshot(schedule))
    unit_id = schedule.unit_id
    schedule.delete()
    _changed(unit_id)


@transaction.atomic
def schedule_entry_save(*, entry: ScheduleEntry, acting_user: Actor) -> ScheduleEntry:
    schedule = entry.schedule
    _require(acting_user, lambda: permissions.user_can_edit_schedule(acting_user, schedule))
    _save_child(entry, kind="schedule_entry", unit=schedule.unit, acting_user=acting_user)
    return entry


@transaction.atomic
def schedule_entry_remove(*, entry: ScheduleEntry, acting_user: Actor) -> None:
    schedule = entry.schedule
    _require(acting_user, lambda: permissions.user_can_edit_schedule(acting_user, schedule))
    record(entry, actor=acting_user, action="schedule_entry.remove", unit=schedule.unit)
    entry.delete()
    _changed(schedule.unit_id)


# --- shared look-ups ---


@transaction.atomic
def field_save(*, field: Field, acting_user: Actor) -> Field:
    _require(acting_user, lambda: permissions.user_can_manage_lookups(acting_user))
    before = _before(Field, field.pk)
    field.full_clean()
    field.save()
    _record(
        field, acting_user=acting_user, action="field.change" if before else "field.create", before=before
    )
    changed("site")
    return field


@transaction.atomic
def issuing_body_save(*, body: IssuingBody, acting_user: Actor) -> IssuingBody:
    _require(acting_user, lambda: permissions.user_can_manage_lookups(acting_user))
    before = _before(IssuingBody, body.pk)
    body.full_clean()
    body.save()
    _record(
        body,
        acting_user=acting_user,
        action="issuing_body.change" if before else "issuing_body.create",
        before=before,
    )
    changed("site")
    return body
