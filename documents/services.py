"""Every write of the document registry: the admin, the importer, the demo and tasks all come here.

Each function is keyword-only, checks the acting user's right (None is the system: importer, demo),
validates with full_clean(), saves in one transaction with an audit entry, and bumps the cache
generations of the unit whose public pages change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import File
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import audit
from portal.cache import bump
from portal.enums import Status
from portal.workdays import working_days_between

from . import permissions
from .models import Attachment, Document, Field, IssuingBody, LeaderSchedule, Relation, ScheduleEntry

_SNAPSHOT_SKIP = {"search_text", "number_folded"}


def _require(acting_user, allowed: Callable[[], bool]) -> None:
    """The system (acting_user None: importer, demo) may; a person only when the predicate says so."""
    if acting_user is not None and not allowed():
        raise PermissionDenied(_("You may not make this change in this unit."))


def _changed(unit_id: int | None) -> None:
    if unit_id is not None:
        bump("unit", unit_id)
        bump("documents", unit_id)


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in _SNAPSHOT_SKIP
    }


def _before(model: type[models.Model], pk) -> dict[str, Any] | None:
    if pk is None:
        return None
    current = model.objects.filter(pk=pk).first()
    return _snapshot(current) if current is not None else None


def _stamp(obj, acting_user) -> None:
    if acting_user is not None and getattr(acting_user, "is_authenticated", False):
        if obj.pk is None:
            obj.created_by = acting_user
        obj.updated_by = acting_user


def _record(obj, *, acting_user, action: str, before: dict | None, unit=None) -> None:
    audit.record(
        actor=acting_user,
        action=action,
        obj=obj,
        unit=unit,
        changes=audit.diff(before or {}, _snapshot(obj)),
    )


# --- documents ---


def _save_child(obj, *, kind: str, unit, acting_user) -> None:
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


def _save_document(document: Document, *, acting_user, action: str) -> Document:
    before = _before(Document, document.pk)
    was_published = before is not None and before["status"] == Status.PUBLISHED
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
    return document


@transaction.atomic
def document_create(*, document: Document, acting_user=None) -> Document:
    return _save_document(document, acting_user=acting_user, action="document.create")


@transaction.atomic
def document_update(*, document: Document, acting_user=None) -> Document:
    return _save_document(document, acting_user=acting_user, action="document.change")


@transaction.atomic
def document_publish(*, document: Document, acting_user=None, at: datetime | None = None) -> Document:
    """Publish now, or at `at` (a future moment schedules it)."""
    document.status = Status.PUBLISHED
    document.published_at = at or document.published_at or timezone.now()
    return _save_document(document, acting_user=acting_user, action="document.publish")


@transaction.atomic
def document_archive(*, document: Document, acting_user=None) -> Document:
    _require(acting_user, lambda: permissions.user_can_publish_document(acting_user, document))
    document.status = Status.ARCHIVED
    return _save_document(document, acting_user=acting_user, action="document.archive")


@transaction.atomic
def document_delete(*, document: Document, acting_user=None) -> None:
    _require(acting_user, lambda: permissions.user_can_delete_document(acting_user, document))
    files = [a.file for a in document.attachments.all()]
    audit.record(actor=acting_user, action="document.delete", obj=document, changes=_snapshot(document))
    unit_id = document.unit_id
    document.delete()
    _changed(unit_id)
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


# --- attachments ---


@transaction.atomic
def attachment_add(
    *, document: Document, file: File, title: str = "", order: int = 0, acting_user=None
) -> Attachment:
    """Attach a file, checked by content and size (portal.uploads.validate_upload)."""
    attachment = Attachment(document=document, file=file, title=title, order=order)
    return attachment_save(attachment=attachment, acting_user=acting_user)


@transaction.atomic
def attachment_save(*, attachment: Attachment, acting_user=None) -> Attachment:
    document = attachment.document
    _require(acting_user, lambda: permissions.user_can_edit_document(acting_user, document))
    _save_child(attachment, kind="attachment", unit=document.unit, acting_user=acting_user)
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, acting_user=None) -> None:
    document = attachment.document
    _require(acting_user, lambda: permissions.user_can_edit_document(acting_user, document))
    audit.record(
        actor=acting_user,
        action="attachment.remove",
        obj=attachment,
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
def relation_add(*, source: Document, target: Document, kind: str, acting_user=None) -> Relation:
    relation = Relation(source=source, target=target, kind=kind)
    return relation_save(relation=relation, acting_user=acting_user)


@transaction.atomic
def relation_save(*, relation: Relation, acting_user=None) -> Relation:
    _require(
        acting_user,
        lambda: permissions.user_can_relate_documents(acting_user, relation.source, relation.target),
    )
    _save_child(relation, kind="relation", unit=relation.source.unit, acting_user=acting_user)
    _changed(relation.target.unit_id)  # the later document is shown on the earlier one's page too
    return relation


@transaction.atomic
def relation_remove(*, relation: Relation, acting_user=None) -> None:
    _require(acting_user, lambda: permissions.user_can_edit_document(acting_user, relation.source))
    audit.record(actor=acting_user, action="relation.remove", obj=relation, unit=relation.source.unit)
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


def _save_schedule(schedule: LeaderSchedule, *, acting_user, action: str) -> LeaderSchedule:
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
def schedule_save(*, schedule: LeaderSchedule, acting_user=None) -> LeaderSchedule:
    action = "schedule.change" if schedule.pk else "schedule.create"
    return _save_schedule(schedule, acting_user=acting_user, action=action)


@transaction.atomic
def schedule_publish(
    *, schedule: LeaderSchedule, acting_user=None, at: datetime | None = None
) -> LeaderSchedule:
    schedule.status = Status.PUBLISHED
    schedule.published_at = at or schedule.published_at or timezone.now()
    return _save_schedule(schedule, acting_user=acting_user, action="schedule.publish")


@transaction.atomic
def schedule_archive(*, schedule: LeaderSchedule, acting_user=None) -> LeaderSchedule:
    _require(acting_user, lambda: permissions.user_can_publish_schedule(acting_user, schedule))
    schedule.status = Status.ARCHIVED
    return _save_schedule(schedule, acting_user=acting_user, action="schedule.archive")


@transaction.atomic
def schedule_delete(*, schedule: LeaderSchedule, acting_user=None) -> None:
    """A week's schedule with its entries; deleting is the unit administrator's, as for documents."""
    from subsites.permissions import user_can_administer_unit

    _require(acting_user, lambda: user_can_administer_unit(acting_user, schedule.unit))
    audit.record(actor=acting_user, action="schedule.delete", obj=schedule, changes=_snapshot(schedule))
    unit_id = schedule.unit_id
    schedule.delete()
    _changed(unit_id)


@transaction.atomic
def schedule_entry_save(*, entry: ScheduleEntry, acting_user=None) -> ScheduleEntry:
    schedule = entry.schedule
    _require(acting_user, lambda: permissions.user_can_edit_schedule(acting_user, schedule))
    _save_child(entry, kind="schedule_entry", unit=schedule.unit, acting_user=acting_user)
    return entry


@transaction.atomic
def schedule_entry_remove(*, entry: ScheduleEntry, acting_user=None) -> None:
    schedule = entry.schedule
    _require(acting_user, lambda: permissions.user_can_edit_schedule(acting_user, schedule))
    audit.record(actor=acting_user, action="schedule_entry.remove", obj=entry, unit=schedule.unit)
    entry.delete()
    _changed(schedule.unit_id)


# --- shared look-ups ---


@transaction.atomic
def field_save(*, field: Field, acting_user=None) -> Field:
    _require(acting_user, lambda: permissions.user_can_manage_lookups(acting_user))
    before = _before(Field, field.pk)
    field.full_clean()
    field.save()
    _record(
        field, acting_user=acting_user, action="field.change" if before else "field.create", before=before
    )
    bump("site")
    return field


@transaction.atomic
def issuing_body_save(*, body: IssuingBody, acting_user=None) -> IssuingBody:
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
    bump("site")
    return body
