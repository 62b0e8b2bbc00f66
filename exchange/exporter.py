"""`export_portal`: the whole portal in the exchange format, one object a line, files copied in chunks.

A backup and migration format, not a public export: commenters' e-mail addresses and askers' contact
data are part of it.
Objects never imported get the key `<kind>-<id>`; importing the export maps them to those keys, so a
second export of the imported database writes the same lines and the same files.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify

from citizen_qa.enums import QuestionState
from citizen_qa.models import Question
from consultations.enums import DraftState, Moderation
from consultations.models import Draft
from documents.models import Document, LeaderSchedule
from news.models import Article
from portal.enums import Status
from portal.text import fold
from reports.models import DailyVisits
from subsites.models import Unit, UnitName

from .importer import CONTENT
from .models import ExchangeKey
from .spec import LANGUAGES

CHUNK = 500
COMMENT_STATUS = {Moderation.PUBLISHED: "approved", Moderation.PENDING: "pending"}


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _translated(obj, name: str, languages=LANGUAGES) -> dict[str, str] | None:
    values = {code: getattr(obj, f"{name}_{code}", "") or "" for code in languages}
    if not values["vi"].strip():
        return None
    return {code: text for code, text in values.items() if text}


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in data.items() if value not in (None, "", [], {}, False)}


def _life(unit: Unit) -> dict[str, Any]:
    """The unit's life (established, ceased, successor) and its former names and hosts, when it has them."""
    return _compact(
        {
            "established_on": unit.established_on.isoformat() if unit.established_on else None,
            "ceased_on": unit.ceased_on.isoformat() if unit.ceased_on else None,
            "successor": unit.successor.key if unit.successor_id else None,
            "former_names": [
                {"name": _translated(name, "name"), "until": name.valid_until.isoformat()}
                for name in unit.former_names.all()
            ],
            "former_hosts": sorted(host.host for host in unit.former_hosts.all()),
        }
    )


class Exporter:
    def __init__(self, root: Path):
        self.root = root
        self.keys: dict[str, dict[int, str]] = {}

    def key(self, kind: str, pk: int) -> str:
        if kind not in self.keys:
            self.keys[kind] = dict(ExchangeKey.objects.filter(kind=kind).values_list("object_id", "key"))
        return self.keys[kind].get(pk) or f"{kind}-{pk}"

    def copy(self, field_file, folder: str, key: str, n: int) -> str:
        """Copy a stored file under a name made from the object's key, the same in every export."""
        extension = field_file.name.rsplit(".", 1)[-1].lower()
        tag = hashlib.sha256(key.encode()).hexdigest()[:8]
        relative = f"{folder}/{slugify(fold(key))[:60] or 'x'}-{tag}-{n}.{extension}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with field_file.storage.open(field_file.name, "rb") as source, open(target, "wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        return relative

    # --- kinds ---

    def units(self) -> Iterator[dict]:
        units = Unit.objects.select_related("parent", "successor").prefetch_related(
            Prefetch("former_names", queryset=UnitName.objects.order_by("valid_until")), "former_hosts"
        )
        for unit in units.order_by("tree_id", "lft"):
            contact = _compact({"address": unit.address_vi, "phone": unit.phone, "email": unit.email})
            record = {
                "kind": "unit",
                "key": unit.key,
                "name": _translated(unit, "name"),
                "parent": unit.parent.key if unit.parent_id else None,
                "type": unit.type,
            }
            if unit.host:
                record["host"] = unit.host
            if unit.budget_disclosure is not None:
                record["budget_disclosure"] = unit.budget_disclosure
            if contact:
                record["contact"] = contact
            yield record | _life(unit)

    def articles(self) -> Iterator[dict]:
        articles = Article.objects.select_related("unit").prefetch_related("photos", "translations")
        for article in articles.order_by("pk").iterator(chunk_size=CHUNK):
            live = {t.language: t for t in article.translations.all() if t.live}
            languages = ("vi", *[code for code in LANGUAGES[1:] if code in live])
            key = self.key("article", article.pk)
            published = article.status == Status.PUBLISHED
            photos = [
                _compact(
                    {
                        "file": self.copy(photo.image, "photos", key, n),
                        "caption": _translated(photo, "caption", languages),
                        "alt": _translated(photo, "alt_text", languages),
                    }
                )
                for n, photo in enumerate(article.photos.all(), start=1)
            ]
            yield _compact(
                {
                    "kind": "article",
                    "key": key,
                    "unit": article.unit.key,
                    "title": _translated(article, "title", languages),
                    "summary": _translated(article, "summary", languages),
                    "body": _translated(article, "body", languages),
                    "status": "published" if published else "draft",
                    "published_at": _moment(article.published_at) if published else None,
                    "translations": {
                        code: {"published_at": _moment(live[code].published_at)} for code in live
                    },
                    "author": article.author,
                    "source": article.source,
                    "featured": article.featured,
                    "photos": photos,
                }
            )

    def documents(self) -> Iterator[dict]:
        documents = Document.objects.select_related("unit", "issuing_body").prefetch_related(
            "attachments", "relations_out"
        )
        for document in documents.order_by("pk").iterator(chunk_size=CHUNK):
            key = self.key("document", document.pk)
            published = document.status == Status.PUBLISHED
            yield _compact(
                {
                    "kind": "document",
                    "key": key,
                    "unit": document.unit.key,
                    "number": document.number_symbol,
                    "doc_type": document.doc_type,
                    "category": document.category,
                    "title": _translated(document, "title"),
                    "issuer": document.issuing_body.name_vi or document.issuing_body.name,
                    "signer": document.signer,
                    "issued_on": document.issued_on.isoformat(),
                    "effective_on": document.effective_on and document.effective_on.isoformat(),
                    "expires_on": document.expires_on and document.expires_on.isoformat(),
                    "posted_at": _moment(document.posted_at) if published else None,
                    "status": "published" if published else "draft",
                    "fiscal_year": document.fiscal_year,
                    "budget_kind": document.budget_kind,
                    "enterprise": document.enterprise,
                    "relations": sorted(
                        (
                            {"type": r.kind, "target": self.key("document", r.target_id)}
                            for r in document.relations_out.all()
                        ),
                        key=lambda r: (r["type"], r["target"]),
                    ),
                }
            ) | {
                "files": [
                    _compact({"file": self.copy(a.file, "files", key, n), "title": a.title})
                    for n, a in enumerate(document.attachments.all(), start=1)
                ],
                "signer": document.signer,
            }

    def schedules(self) -> Iterator[dict]:
        """Weeks that went up on the site (the format requires the moment they were posted)."""
        schedules = LeaderSchedule.objects.filter(posted_at__isnull=False).select_related("unit")
        for schedule in schedules.prefetch_related("entries").order_by("pk").iterator(chunk_size=CHUNK):
            entries = [
                _compact(
                    {
                        "date": entry.date.isoformat(),
                        "time": entry.time and entry.time.isoformat(timespec="seconds")[:5],
                        "leader": entry.leader,
                        "content": _translated(entry, "content"),
                        "location": entry.location,
                        "participants": entry.participants,
                    }
                )
                for entry in schedule.entries.all()
            ]
            yield {
                "kind": "schedule",
                "key": self.key("schedule", schedule.pk),
                "unit": schedule.unit.key,
                "week_start": schedule.week_start.isoformat(),
                "posted_at": _moment(schedule.posted_at),
                "entries": entries,
            }

    def drafts(self) -> Iterator[dict]:
        """Drafts with their consultation period set (the format requires it)."""
        drafts = Draft.objects.filter(opens_at__isnull=False, closes_at__isnull=False).select_related("unit")
        for draft in drafts.prefetch_related("files", "comments").order_by("pk").iterator(chunk_size=CHUNK):
            key = draft.key or self.key("draft", draft.pk)
            published = draft.state != DraftState.DRAFT
            comments = [
                _compact(
                    {
                        "name": c.name,
                        "email": c.email,
                        "organization": c.organization,
                        "content": c.text,
                        "submitted_at": _moment(c.submitted_at),
                        "status": COMMENT_STATUS.get(c.moderation, "rejected"),
                    }
                )
                for c in draft.comments.all()
            ]
            yield _compact(
                {
                    "kind": "draft",
                    "key": key,
                    "unit": draft.unit.key,
                    "title": _translated(draft, "title"),
                    "summary": _translated(draft, "summary"),
                    "drafting_agency": draft.drafting_agency,
                    "posted_at": _moment(draft.posted_at) if published else None,
                    "opens_at": _moment(draft.opens_at),
                    "closes_at": _moment(draft.closes_at),
                    "status": "published" if published else "draft",
                    "comments": comments,
                }
            ) | {
                "files": [
                    {"file": self.copy(f.file, "files", key, n), "title": f.title}
                    for n, f in enumerate(draft.files.all(), start=1)
                ]
            }

    def questions(self) -> Iterator[dict]:
        """Received questions (confirmed by the asker); unconfirmed ones are deleted unread after a while."""
        questions = (
            Question.objects.exclude(state=QuestionState.UNCONFIRMED)
            .select_related("unit", "forwarded_to", "answer")
            .order_by("pk")
        )
        for question in questions.iterator(chunk_size=CHUNK):
            answer = getattr(question, "answer", None)
            yield _compact(
                {
                    "kind": "question",
                    "key": question.key or self.key("question", question.pk),
                    "unit": question.unit.key,
                    "asker": _compact(
                        {
                            "name": question.asker_name,
                            "email": question.asker_email,
                            "phone": question.asker_phone,
                            "address": question.asker_address,
                            "organization": question.asker_organization,
                        }
                    ),
                    "title": question.title,
                    "body": question.body,
                    "submitted_at": _moment(question.submitted_at),
                    "forwarded_to": question.forwarded_to.key if question.forwarded_to_id else None,
                    "forwarded_at": _moment(question.forwarded_at),
                    "answered_at": _moment(question.answered_at),
                    "answer": answer
                    and _compact({"body": _translated(answer, "body"), "answered_by": answer.answered_by_vi}),
                }
            ) | {"published": question.state == QuestionState.PUBLISHED}

    def visits(self) -> Iterator[dict]:
        for visits in DailyVisits.objects.select_related("unit").order_by("pk").iterator(chunk_size=CHUNK):
            record = {"kind": "visits", "unit": visits.unit.key, "date": visits.date.isoformat()}
            key = self.key("visits", visits.pk)
            if not key.startswith("visits-") and key != f"{visits.unit.key}/{record['date']}":
                record["key"] = key
            yield record | {"count": visits.count}


def export_folder(root: Path | str, *, progress=None) -> dict[str, int]:
    """Write content.jsonl and the files into `root` (created if missing); return the count per kind."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    exporter = Exporter(root)
    counts: dict[str, int] = {}
    with open(root / CONTENT, "w", encoding="utf-8") as out:
        for kind, records in (
            ("unit", exporter.units()),
            ("article", exporter.articles()),
            ("document", exporter.documents()),
            ("schedule", exporter.schedules()),
            ("draft", exporter.drafts()),
            ("question", exporter.questions()),
            ("visits", exporter.visits()),
        ):
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                counts[kind] = counts.get(kind, 0) + 1
                if progress:
                    progress()
    return counts
