"""Writing one checked object of each kind through the content apps' own services.

Each writer takes the normalised record, the object it already maps to (or None) and the import
context, and returns the saved object. A changed object is updated in place; its photos, files,
entries and comments are replaced by the file's. They run in the content's language (the importer
sees to it); their refusals are lazy, so that they are reported in the operator's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from citizen_qa import services as question_services
from citizen_qa.models import Question
from consultations import services as consultation_services
from consultations.models import Draft
from documents import services as document_services
from documents import symbols
from documents.models import Document, IssuingBody, LeaderSchedule, ScheduleEntry
from news import services as news_services
from news.models import Article, ArticleTranslationState, Photo
from portal.enums import Status
from reports import services as report_services
from subsites import history as history_services
from subsites import services as unit_services
from subsites.models import Unit

from . import files
from .spec import LANGUAGES

TRANSLATED = LANGUAGES[1:]


@dataclass
class Context:
    root: Path
    user: Any
    units: dict[str, Unit] = field(default_factory=dict)
    bodies: dict[str, IssuingBody] = field(default_factory=dict)
    # (storage, name) of the files this import stored: removed again if it fails. Names, not field
    # files, so that no saved object stays in memory.
    written: list[tuple[Any, str]] = field(default_factory=list)
    # (line, source document id, relation type, target key): written once every document exists.
    relations: list[tuple[int, int, str, str]] = field(default_factory=list)
    # (line, unit, record): units cease once their history is in (a ceased unit takes nothing new),
    # and a successor may come later in the file than the unit it succeeds.
    endings: list[tuple[int, Unit, dict]] = field(default_factory=list)

    def unit(self, key: str) -> Unit:
        if key not in self.units:
            try:
                self.units[key] = Unit.objects.get(key=key)
            except Unit.DoesNotExist:
                # Pass 1 found the key: its own line failed in pass 2 and is reported.
                message = gettext_lazy("the unit “%(key)s” could not be imported")
                raise ValidationError({"unit": ValidationError(message, params={"key": key})}) from None
        return self.units[key]

    def stored(self, field_file) -> None:
        self.written.append((field_file.storage, field_file.name))

    def path(self, relative: str) -> Path:
        return files.resolve(self.root, relative)


def _texts(record: dict, name: str, column: str | None = None, languages=LANGUAGES) -> dict[str, str]:
    values = record.get(name) or {}
    return {f"{column or name}_{code}": values.get(code, "") for code in languages}


# --- unit ------------------------------------------------------------------------------------------


def write_unit(record: dict, unit: Unit | None, ctx: Context, line: int) -> Unit:
    unit = unit or Unit(key=record["key"])
    for name, value in _texts(record, "name").items():
        setattr(unit, name, value or None)
    unit.name = record["name"]["vi"]
    unit.parent = ctx.unit(record["parent"]) if record["parent"] else None
    unit.type = record["type"]
    unit.host = record.get("host") or None
    unit.budget_disclosure = record.get("budget_disclosure")
    contact = record.get("contact") or {}
    unit.address_vi = contact.get("address", "")
    unit.phone = contact.get("phone", "")
    unit.email = contact.get("email", "")
    unit.established_on = record.get("established_on")
    unit_services.unit_save(unit=unit, acting_user=ctx.user)
    if (unit.ceased_on, unit.successor.key if unit.successor_id else None) != (
        record.get("ceased_on"),
        record.get("successor"),
    ):
        ctx.endings.append((line, unit, record))
    history_services.unit_history_set(
        unit=unit,
        former_names=[(item["name"], item["until"]) for item in record.get("former_names") or []],
        former_hosts=record.get("former_hosts") or [],
        acting_user=ctx.user,
    )
    ctx.units[unit.key] = unit
    return unit


def write_ending(unit: Unit, record: dict, ctx: Context) -> Unit:
    """The unit's end as the file says: the day it ceased and its successor (or neither)."""
    unit.ceased_on = record.get("ceased_on")
    unit.successor = ctx.unit(record["successor"]) if record.get("successor") else None
    return unit_services.unit_save(unit=unit, acting_user=ctx.user)


# --- article ---------------------------------------------------------------------------------------


def write_article(record: dict, article: Article | None, ctx: Context) -> Article:
    user = ctx.user
    source = {
        **_texts(record, "title", languages=("vi",)),
        **_texts(record, "summary", languages=("vi",)),
        **_texts(record, "body", languages=("vi",)),
        "author": record.get("author", ""),
        "source": record.get("source", ""),
        "featured": record.get("featured", False),
    }
    created = article is None
    if created:
        article = news_services.article_create(
            article=Article(unit=ctx.unit(record["unit"]), **source), acting_user=user
        )
    else:
        if article.unit_id != ctx.unit(record["unit"]).pk:
            raise ValidationError({"unit": gettext_lazy("An article cannot move to another unit.")})
        for photo in list(article.photos.all()):
            news_services.photo_delete(photo=photo, acting_user=user)
        article.cover = None
        article = news_services.article_update(article=article, acting_user=user, **source)
    photo_texts = _write_photos(record, article, ctx)
    article = _publish_article(record, article, user)
    _write_translations(record, article, photo_texts, user, new=created)
    return article


def _write_photos(record: dict, article: Article, ctx: Context) -> dict[str, dict[str, dict[str, str]]]:
    """Add the gallery; return each language's photo texts by photo id, for its translation."""
    texts: dict[str, dict[str, dict[str, str]]] = {code: {} for code in TRANSLATED}
    for n, item in enumerate(record.get("photos") or []):
        photo = Photo(**_texts(item, "caption"), **_texts(item, "alt", "alt_text"))
        with files.open_upload(ctx.path(item["file"])) as upload:
            photo = news_services.photo_add(
                article=article, upload=upload, acting_user=ctx.user, order=(n + 1) * 10, photo=photo
            )
        ctx.stored(photo.image)
        for code in TRANSLATED:
            texts[code][str(photo.pk)] = {
                "caption": (item.get("caption") or {}).get(code, ""),
                "alt_text": (item.get("alt") or {}).get(code, ""),
            }
    return texts


def _publish_article(record: dict, article: Article, user) -> Article:
    wanted = record.get("status", "published") == Status.PUBLISHED
    moment = record.get("published_at")
    if article.status == Status.PUBLISHED and (not wanted or article.published_at != moment):
        article = news_services.article_unpublish(article=article, acting_user=user)
    if wanted and article.status != Status.PUBLISHED:
        article = news_services.article_publish(article=article, acting_user=user, at=moment)
    return article


def _write_translations(record: dict, article: Article, photo_texts: dict, user, *, new: bool) -> None:
    """A language present in the title is a translation that went public (with the article by default)."""
    moments = record.get("translations") or {}
    existing = {} if new else {t.language: t for t in ArticleTranslationState.objects.filter(article=article)}
    for code in TRANSLATED:
        title = (record.get("title") or {}).get(code)
        if not title:
            if code in existing and existing[code].live:
                news_services.translation_unpublish(translation=existing[code], acting_user=user)
            continue
        translation = news_services.translation_save(
            article=article,
            language=code,
            acting_user=user,
            title=title,
            summary=(record.get("summary") or {}).get(code, ""),
            body=(record.get("body") or {}).get(code, ""),
            photo_texts=photo_texts[code],
        )
        at = (moments.get(code) or {}).get("published_at") or article.published_at
        news_services.translation_publish(translation=translation, acting_user=user, at=at)


# --- document --------------------------------------------------------------------------------------


def _issuing_body(name: str, code: str, ctx: Context) -> IssuingBody:
    if name not in ctx.bodies:
        body = IssuingBody.objects.filter(name_vi=name).first()
        if body is None:
            body = document_services.issuing_body_save(
                body=IssuingBody(name=name, name_vi=name, code=code or "-"), acting_user=ctx.user
            )
        ctx.bodies[name] = body
    return ctx.bodies[name]


def write_document(record: dict, document: Document | None, ctx: Context, line: int) -> Document:
    user = ctx.user
    parsed = symbols.parse(record["number"])
    values = {
        "unit": ctx.unit(record["unit"]),
        "number_symbol": record["number"],
        "category": record["category"],
        **_texts(record, "title"),
        "issuing_body": _issuing_body(record["issuer"], parsed.body, ctx),
        "signer": record.get("signer", ""),
        "issued_on": record["issued_on"],
        "effective_on": record.get("effective_on"),
        "expires_on": record.get("expires_on"),
        "fiscal_year": record.get("fiscal_year"),
        "budget_kind": record.get("budget_kind", ""),
        "enterprise": record.get("enterprise", ""),
    }
    values["title"] = values["title_vi"]
    published = record.get("status", "published") == Status.PUBLISHED
    if document is None:
        # Created as it stood in the old portal: published at its posting moment, in one save.
        document = Document(
            status=Status.PUBLISHED if published else Status.DRAFT,
            published_at=record["posted_at"] if published else None,
            **values,
        )
        document = document_services.document_create(document=document, acting_user=user)
    else:
        for attachment in list(document.attachments.all()):
            document_services.attachment_remove(attachment=attachment, acting_user=user)
        for relation in list(document.relations_out.all()):
            document_services.relation_remove(relation=relation, acting_user=user)
        for name, value in values.items():
            setattr(document, name, value)
        if not published:
            document.status = Status.DRAFT
        document = document_services.document_update(document=document, acting_user=user)
        if published:
            document = document_services.document_publish(
                document=document, acting_user=user, at=record["posted_at"]
            )
    for n, item in enumerate(record.get("files") or []):
        with files.open_upload(ctx.path(item["file"])) as upload:
            attachment = document_services.attachment_add(
                document=document, file=upload, title=item.get("title", ""), order=n, acting_user=user
            )
        ctx.stored(attachment.file)
    for relation in record.get("relations") or []:
        ctx.relations.append((line, document.pk, relation["type"], relation["target"]))
    return document


def write_relation(source_id: int, kind: str, target: Document, ctx: Context) -> None:
    source = Document.objects.get(pk=source_id)
    document_services.relation_add(source=source, target=target, kind=kind, acting_user=ctx.user)


# --- schedule --------------------------------------------------------------------------------------


def write_schedule(record: dict, schedule: LeaderSchedule | None, ctx: Context) -> LeaderSchedule:
    user = ctx.user
    if schedule is None:
        schedule = LeaderSchedule(unit=ctx.unit(record["unit"]))
    else:
        for entry in list(schedule.entries.all()):
            document_services.schedule_entry_remove(entry=entry, acting_user=user)
    schedule.unit = ctx.unit(record["unit"])
    schedule.week_start = record["week_start"]
    schedule = document_services.schedule_save(schedule=schedule, acting_user=user)
    for item in record["entries"]:
        entry = ScheduleEntry(
            schedule=schedule,
            date=item["date"],
            time=item.get("time"),
            leader=item["leader"],
            **_texts(item, "content"),
            location=item.get("location", ""),
            participants=item.get("participants", ""),
        )
        entry.content = entry.content_vi
        document_services.schedule_entry_save(entry=entry, acting_user=user)
    return document_services.schedule_publish(schedule=schedule, acting_user=user, at=record["posted_at"])


# --- draft -----------------------------------------------------------------------------------------


def write_draft(record: dict, draft: Draft | None, ctx: Context) -> Draft:
    draft = draft or Draft(key=record["key"], draft_type="other")
    draft.unit = ctx.unit(record["unit"])
    for name, value in {**_texts(record, "title"), **_texts(record, "summary")}.items():
        setattr(draft, name, value)
    draft.title, draft.summary = draft.title_vi, draft.summary_vi
    draft.drafting_agency = record["drafting_agency"]
    draft.opens_at, draft.closes_at = record["opens_at"], record["closes_at"]
    uploads = [
        (item.get("title") or Path(item["file"]).name, files.open_upload(ctx.path(item["file"])))
        for item in record["files"]
    ]
    try:
        draft = consultation_services.draft_import(
            draft=draft,
            acting_user=ctx.user,
            posted_at=record.get("posted_at") if record.get("status", "published") == "published" else None,
            files=uploads,
            comments=record.get("comments") or [],
        )
    finally:
        for _title, upload in uploads:
            upload.close()
    for stored in draft.files.all():
        ctx.stored(stored.file)
    return draft


# --- question --------------------------------------------------------------------------------------


def write_question(record: dict, question: Question | None, ctx: Context) -> Question:
    answer = record.get("answer")
    return question_services.question_import(
        question=question,
        key=record["key"],
        unit=ctx.unit(record["unit"]),
        asker=question_services.AskerData(**record["asker"]),
        title=record["title"],
        body=record["body"],
        submitted_at=record["submitted_at"],
        forwarded_to=ctx.unit(record["forwarded_to"]) if record.get("forwarded_to") else None,
        forwarded_at=record.get("forwarded_at"),
        answered_at=record.get("answered_at"),
        answer=question_services.ImportedAnswer(answer["body"], answer.get("answered_by", ""))
        if answer
        else None,
        published=record["published"],
        acting_user=ctx.user,
    )


# --- visits ----------------------------------------------------------------------------------------


def write_visits_batch(records: list[dict], ctx: Context) -> list[tuple[Any, bool]]:
    """(DailyVisits, created) for each record, in order."""
    rows = [(ctx.unit(record["unit"]), record["date"], record["count"]) for record in records]
    return report_services.daily_visits_set_many(rows=rows, acting_user=ctx.user)
