"""`import_portal`: check the whole folder first, then write it in one transaction, or nothing at all.

Pass 1 reads content.jsonl line by line and reports every problem it can find without writing:
fields, types, references, files (through portal.uploads.validate_upload), the main portal. Pass 2
reads it again and writes each object through its app's services, going on after a refusal of a
service so that every one is reported; any error rolls the whole import back and removes the files it
stored. Only keys, the (few) units and batches of at most BATCH small rows stay in memory, never the
objects.

Messages come in the active language (the operator's, `--language`); field paths and the
`content.jsonl:LINE:` prefix are the contract's and never translated. The content itself is written in
CONTENT_LANGUAGE whoever runs the import: modeltranslation stores a plain field (`unit.name = ...`) in
the active language's column, and services store translated text (search text, event reasons) as data.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from documents import symbols
from documents.models import Document
from portal import cache
from portal.text import clean_data
from subsites.models import Unit

from . import files, spec, writers
from .models import ExchangeKey

CONTENT = "content.jsonl"
CONTENT_LANGUAGE = spec.LANGUAGES[0]
SYSTEM_USERNAME = "import_portal"
# Key mappings and page views are written this many at a time.
BATCH = 500
KIND_ORDER = ("unit", "article", "document", "schedule", "draft", "question", "visits")
# Model field → the format's field, for messages of the models' own validation.
FIELD_NAMES = {
    "number_symbol": "number",
    "issuing_body": "issuer",
    "title_vi": "title",
    "name_vi": "name",
    "text": "comments.content",
    "week_start": "week_start",
    "__all__": "(object)",
}
FIELD_NAMES_OF_KIND = {
    "question": {
        "asker_name": "asker.name",
        "asker_email": "asker.email",
        "asker_phone": "asker.phone",
        "asker_address": "asker.address",
        "asker_organization": "asker.organization",
        "body_vi": "answer.body",
        "answered_by_vi": "answer.answered_by",
    }
}


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class Plan:
    errors: list[str] = field(default_factory=list)
    keys: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    units: dict[str, tuple[int, bytes, dict]] = field(default_factory=dict)
    total: int = 0


@dataclass
class Summary:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def lines(self) -> list[str]:
        rows = []
        for kind in KIND_ORDER:
            if kind in self.counts:
                counts = {name: self.counts[kind][name] for name in ("created", "updated", "unchanged")}
                rows.append(
                    gettext("%(kind)-9s created %(created)6d  updated %(updated)6d  unchanged %(unchanged)6d")
                    % {"kind": kind, **counts}
                )
        return rows


def _error(line: int, path: str, message: str) -> str:
    return f"{CONTENT}:{line}: {path}: {message}"


def _lines(root: Path) -> Iterator[tuple[int, bytes]]:
    with open(root / CONTENT, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield number, raw


def _load(raw: bytes) -> Any:
    """A line's record, its text cleaned as every form's is (portal.inputs): checked and written alike."""
    return clean_data(json.loads(raw))


def key_of(kind: str, record: dict) -> str:
    """Visits may come without a key: their unit and day name them."""
    if kind == "visits" and not record.get("key"):
        return f"{record.get('unit')}/{record.get('date')}"
    return record.get("key") or ""


@dataclass(frozen=True)
class Placement:
    """Another portal's export placed under a unit of this one (`--under PARENT --key-prefix PREFIX`).

    Every key and every reference to a key is prefixed, so that `stp` of two former provinces cannot
    collide; the file's main portal gets PARENT as its parent (it stays of type portal) and its host
    becomes a former host: the merged portal's address now serves it.
    """

    under: str
    prefix: str

    REFERENCES = ("key", "unit", "parent", "successor", "forwarded_to")

    def key(self, key: str) -> str:
        return f"{self.prefix}-{key}"

    def is_root(self, data: Any) -> bool:
        return (
            isinstance(data, dict)
            and data.get("kind") == "unit"
            and "parent" in data
            and data["parent"] is None
        )

    def apply(self, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        root = self.is_root(data)
        for name in self.REFERENCES:
            if isinstance(data.get(name), str) and data[name]:
                data[name] = self.key(data[name])
        for relation in data.get("relations") if isinstance(data.get("relations"), list) else []:
            if isinstance(relation, dict) and isinstance(relation.get("target"), str):
                relation["target"] = self.key(relation["target"])
        if root:
            data["parent"] = self.under
            if isinstance(data.get("host"), str) and data["host"]:
                former = data.get("former_hosts") if isinstance(data.get("former_hosts"), list) else []
                data["former_hosts"] = [*former, data.pop("host")]
        return data


def _read(raw: bytes, placement: Placement | None) -> tuple[Any, bool]:
    """The line's data, placed; and whether it is the file's main portal."""
    data = _load(raw)
    if placement is None:
        return data, False
    root = placement.is_root(data)  # before `apply` gives it its parent
    return placement.apply(data), root


# --- pass 1 ----------------------------------------------------------------------------------------


def check(root: Path, placement: Placement | None = None) -> Plan:
    plan = Plan()
    placed_roots: list[tuple[int, str]] = []
    pending: list[tuple[int, str, str, str]] = []  # references not yet seen in the file
    for number, raw in _lines(root):
        try:
            data, is_root = _read(raw, placement)
        except ValueError as error:
            plan.errors.append(
                _error(number, "(line)", gettext("not valid JSON (%(error)s)") % {"error": error})
            )
            continue
        kind, record, found = spec.check_line(data)
        plan.errors += [_error(number, path, message) for path, message in found.problems]
        if kind is None:
            continue
        plan.total += 1
        key = key_of(kind, record)
        if key in plan.keys[kind]:
            message = gettext("“%(key)s” is already used by another %(kind)s in the file")
            plan.errors.append(_error(number, "key", message % {"key": key, "kind": kind}))
        plan.keys[kind].add(key)
        for path, relative, kinds in found.files:
            try:
                files.check(root, relative, kinds)
            except ValidationError as error:
                plan.errors += [_error(number, path, message) for message in error.messages]
        pending += [(number, path, k, ref) for path, k, ref in found.references if ref not in plan.keys[k]]
        if kind == "document" and not found.problems:
            plan.errors += _check_number(number, record)
        if kind == "unit":
            plan.units[key] = (number, raw, record)
            if is_root:
                placed_roots.append((number, key))
    for number, path, kind, ref in pending:
        if ref not in plan.keys[kind] and not _in_database(kind, ref):
            message = gettext("no %(kind)s has the key “%(key)s”") % {"kind": kind, "key": ref}
            plan.errors.append(_error(number, path, message))
    if placement is None:
        plan.errors += _check_units(plan.units)
    else:
        plan.errors += _check_placed_units(plan.units, placed_roots)
    return plan


def _check_number(number: int, record: dict) -> list[str]:
    try:
        parsed = symbols.parse(record["number"])
    except ValidationError as error:
        return [_error(number, "number", message) for message in error.messages]
    if parsed.doc_type.value != record["doc_type"]:
        message = gettext("“%(doc_type)s”, but %(number)s is of type %(type)s") % {
            "doc_type": record["doc_type"],
            "number": record["number"],
            "type": parsed.doc_type.value,
        }
        return [_error(number, "doc_type", message)]
    return []


def _in_database(kind: str, key: str) -> bool:
    if kind == "unit" and Unit.objects.filter(key=key).exists():
        return True
    return ExchangeKey.objects.filter(kind=kind, key=key).exists()


def _check_units(units: dict[str, tuple[int, bytes, dict]]) -> list[str]:
    errors = []
    roots = [(line, key) for key, (line, _raw, record) in units.items() if record.get("parent") is None]
    for line, _key in roots[1:]:
        message = gettext("a second main portal (“%(key)s” has no parent either)") % {"key": roots[0][1]}
        errors.append(_error(line, "parent", message))
    existing = Unit.objects.filter(parent__isnull=True).first()
    if roots and existing is not None and existing.key != roots[0][1]:
        message = gettext("the database's main portal is “%(database)s”, the file's is “%(file)s”")
        errors.append(_error(roots[0][0], "key", message % {"database": existing.key, "file": roots[0][1]}))
    if units and not roots and existing is None:
        line = min(line for line, _raw, _record in units.values())
        message = gettext("the file has no main portal (a unit with parent null)")
        errors.append(_error(line, "parent", message))
    for line, key in roots:
        if units[key][2].get("ceased_on"):
            message = gettext("the main portal never ceases (import it --under a unit to merge it)")
            errors.append(_error(line, "ceased_on", message))
    return errors + _cycles(units)


def _cycles(units: dict[str, tuple[int, bytes, dict]]) -> list[str]:
    errors = []
    for key, (line, _raw, _record) in units.items():
        seen, current = {key}, units[key][2].get("parent")
        while current in units:
            if current in seen:
                errors.append(_error(line, "parent", gettext("units are each other's parents (a cycle)")))
                break
            seen.add(current)
            current = units[current][2].get("parent")
    return errors


def _check_placed_units(units: dict[str, tuple[int, bytes, dict]], roots: list[tuple[int, str]]) -> list[str]:
    """Placed under a unit, the file still brings exactly one main portal: the former province's."""
    errors = []
    for line, _key in roots[1:]:
        message = gettext("a second main portal (“%(key)s” has no parent either)") % {"key": roots[0][1]}
        errors.append(_error(line, "parent", message))
    if units and not roots:
        line = min(line for line, _raw, _record in units.values())
        errors.append(
            _error(line, "parent", gettext("the file has no main portal (a unit with parent null)"))
        )
    if roots and units[roots[0][1]][2].get("type") != "portal":
        errors.append(_error(roots[0][0], "type", gettext("the file's main portal must be of type portal")))
    return errors + _cycles(units)


def _units_parents_first(units: dict[str, tuple[int, bytes, dict]]) -> list[str]:
    def depth(key: str) -> int:
        parent, n = units[key][2].get("parent"), 0
        while parent in units:
            parent, n = units[parent][2].get("parent"), n + 1
        return n

    return sorted(units, key=lambda key: (depth(key), units[key][0]))


# --- pass 2 ----------------------------------------------------------------------------------------

MODELS = {
    "unit": ("subsites", "unit"),
    "article": ("news", "article"),
    "document": ("documents", "document"),
    "schedule": ("documents", "leaderschedule"),
    "draft": ("consultations", "draft"),
    "question": ("citizen_qa", "question"),
    "visits": ("reports", "dailyvisits"),
}


def importing_user(username: str | None = None):
    """The account the audit trail names: a given superuser, or the system's import account."""
    User = get_user_model()
    if username:
        user = User.objects.filter(username=username).first()
        if user is None or not (user.is_active and user.is_superuser):
            message = gettext("there is no active superuser “%(username)s”") % {"username": username}
            raise PermissionDenied(message)
        return user
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_superuser": True, "is_staff": False}
    )
    if created:
        # Nobody signs in as the importer: it only names who made imported changes.
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class Writer:
    """Pass 2: each object through its app's services; the key mappings and visits go in batches."""

    def __init__(self, root: Path, user, summary: Summary, errors: list[str], language: str | None):
        self.ctx = writers.Context(root=root, user=user)
        self.summary, self.errors = summary, errors
        # The operator's language: refusals are reported in it, though raised while writing the content's.
        self.language = language
        self.types = {
            kind: ContentType.objects.get_by_natural_key(*natural) for kind, natural in MODELS.items()
        }
        # Keys the database already maps, read once: an unknown key needs no look-up (a fresh import).
        self.mapped: dict[str, set[str]] = defaultdict(set)
        for kind, key in ExchangeKey.objects.values_list("kind", "key").iterator():
            self.mapped[kind].add(key)
        self.keyed = {
            kind: set(model.objects.exclude(key=None).values_list("key", flat=True))
            for kind, model in (("draft", self.types["draft"].model_class()),
                                ("question", self.types["question"].model_class()))
        }  # fmt: skip
        self.new_keys: list[ExchangeKey] = []
        self.visits: list[tuple[int, str, str, dict]] = []  # (line, key, digest, record)
        self.placement: Placement | None = None

    def existing(self, kind: str, key: str) -> tuple[ExchangeKey | None, Any]:
        model = self.types[kind].model_class()
        mapping = ExchangeKey.objects.filter(kind=kind, key=key).first() if key in self.mapped[kind] else None
        obj = model.objects.filter(pk=mapping.object_id).first() if mapping else None
        if obj is None and kind == "unit":
            obj = Unit.objects.filter(key=key).first()
        if obj is None and key in self.keyed.get(kind, ()):
            obj = model.objects.filter(key=key).first()
        return mapping, obj

    def write(self, number: int, kind: str, raw: bytes, record: dict, file_paths: list[str]) -> None:
        key = key_of(kind, record)
        digest = files.fingerprint(raw, [self.ctx.path(p) for p in file_paths])
        if kind == "visits":
            self._queue_visits(number, key, digest, record)
            return
        mapping, obj = self.existing(kind, key)
        if mapping is not None and obj is not None and mapping.digest == digest:
            self.summary.counts[kind]["unchanged"] += 1
            if kind == "unit":
                self.ctx.units[obj.key] = obj
            return
        outcome = "created" if obj is None else "updated"
        write: Callable = getattr(writers, f"write_{kind}")
        extra = {"line": number} if kind in ("document", "unit") else {}
        if self.attempt(
            number, kind, lambda: self._map(kind, key, write(record, obj, self.ctx, **extra), digest, mapping)
        ):
            self.summary.counts[kind][outcome] += 1

    def _map(self, kind: str, key: str, obj, digest: str, mapping: ExchangeKey | None) -> None:
        if mapping is None and key in self.mapped[kind]:
            mapping = ExchangeKey.objects.get(kind=kind, key=key)
        if mapping is not None:
            mapping.object_id, mapping.digest = obj.pk, digest
            mapping.save(update_fields=["object_id", "digest"])
            return
        self.new_keys.append(
            ExchangeKey(kind=kind, key=key, content_type=self.types[kind], object_id=obj.pk, digest=digest)
        )
        if len(self.new_keys) >= BATCH:
            self.flush_keys()

    def flush_keys(self) -> None:
        ExchangeKey.objects.bulk_create(self.new_keys)
        self.new_keys = []

    def _queue_visits(self, number: int, key: str, digest: str, record: dict) -> None:
        if key in self.mapped["visits"]:
            mapping = ExchangeKey.objects.filter(kind="visits", key=key).first()
            if mapping is not None and mapping.digest == digest:
                self.summary.counts["visits"]["unchanged"] += 1
                return
        self.visits.append((number, key, digest, record))
        if len(self.visits) >= BATCH:
            self.flush_visits()

    def flush_visits(self) -> None:
        """Page views are many and tiny: set a batch of days in one service call."""
        batch, self.visits = self.visits, []
        if not batch:
            return
        saved: list = []
        if not self.attempt(
            batch[0][0],
            "visits",
            lambda: saved.extend(writers.write_visits_batch([b[3] for b in batch], self.ctx)),
        ):
            return
        for (_number, key, digest, _record), (visits, created) in zip(batch, saved, strict=True):
            self._map("visits", key, visits, digest, None)
            self.summary.counts["visits"]["created" if created else "updated"] += 1

    def attempt(self, number: int, kind: str, action: Callable[[], Any]) -> bool:
        """Run one object's writes; a refusal becomes an error line and the import goes on.

        No savepoint of its own: any error rolls the whole import back, and each service's own
        transaction already undoes its half-done writes, so the connection stays usable.
        """
        try:
            action()
        except (ValidationError, PermissionDenied) as error:
            # Lazy messages (Django's validators, most model rules) take the language active here.
            with translation.override(self.language):
                self.errors += self._report(number, kind, error)
            return False
        return True

    def _report(self, number: int, kind: str, error: ValidationError | PermissionDenied) -> list[str]:
        if isinstance(error, PermissionDenied):
            return [_error(number, "(object)", str(error))]
        if not hasattr(error, "error_dict"):
            return [_error(number, "(object)", m) for m in error.messages]
        names = FIELD_NAMES | FIELD_NAMES_OF_KIND.get(kind, {})
        return [
            _error(number, names.get(name, name), m)
            for name, messages in error.message_dict.items()
            for m in messages
        ]

    def finish(self) -> None:
        self.flush_visits()
        self.flush_keys()
        for number, unit, record in self.ctx.endings:
            self.attempt(number, "unit", lambda u=unit, r=record: writers.write_ending(u, r, self.ctx))
        if self.errors:
            return  # a relation may name a document that failed: its line is reported already
        for number, source_id, kind, target_key in self.ctx.relations:
            mapping = ExchangeKey.objects.get(kind="document", key=target_key)
            target = Document.objects.get(pk=mapping.object_id)
            self.attempt(
                number,
                "document",
                lambda s=source_id, k=kind, t=target: writers.write_relation(s, k, t, self.ctx),
            )


def _file_paths(record: dict) -> list[str]:
    items = [*(record.get("photos") or []), *(record.get("files") or [])]
    return [item["file"] for item in items]


def import_folder(
    root: Path | str,
    *,
    username: str | None = None,
    progress: Callable | None = None,
    placement: Placement | None = None,
) -> Summary:
    """Import the folder, or raise ImportFailed listing every error (and change nothing).

    Messages come in the active language; the content goes in as CONTENT_LANGUAGE text.
    """
    root = Path(root)
    if not (root / CONTENT).is_file():
        raise ImportFailed([gettext("“%(path)s” is missing") % {"path": root / CONTENT}])
    if placement is not None:
        _check_placement(placement)
    plan = check(root, placement)
    if plan.errors:
        raise ImportFailed(plan.errors)
    summary, errors = Summary(), []
    writer = None
    try:
        with transaction.atomic(), cache.deferred_bumps():
            user = importing_user(username)
            writer = Writer(root, user, summary, errors, language=translation.get_language())
            writer.placement = placement
            with translation.override(CONTENT_LANGUAGE):
                _write_all(root, plan, writer, progress)
            if errors:
                raise ImportFailed(errors)
    except BaseException:
        for storage, name in writer.ctx.written if writer else []:
            storage.delete(name)
        raise
    return summary


KEY_PREFIX = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def _check_placement(placement: Placement) -> None:
    errors = []
    parent = Unit.objects.filter(key=placement.under).first()
    if parent is None:
        errors.append(gettext("--under: no unit has the key “%(key)s”") % {"key": placement.under[:100]})
    elif parent.is_ceased:
        message = gettext(
            "--under: “%(key)s” has ceased and takes nothing new; place the portal under its successor"
        )
        errors.append(message % {"key": parent.key})
    if not KEY_PREFIX.fullmatch(placement.prefix) or len(placement.prefix) > 20:
        message = gettext(
            "--key-prefix: “%(prefix)s” is not a short key of letters a-z, digits and dashes (tv, ben-tre)"
        )
        errors.append(message % {"prefix": placement.prefix[:100]})
    if errors:
        raise ImportFailed(errors)


def _write_all(root: Path, plan: Plan, writer: Writer, progress: Callable | None) -> None:
    tick = progress(plan.total) if progress else (lambda: None)
    for key in _units_parents_first(plan.units):
        number, raw, record = plan.units[key]
        writer.write(number, "unit", raw, record, [])
        tick()
    for number, raw in _lines(root):
        kind, record, _found = spec.check_line(_read(raw, writer.placement)[0])
        if kind != "unit":
            writer.write(number, kind, raw, record, _file_paths(record))
            tick()
    writer.finish()
