"""The exchange format's kinds and fields (shared/contracts/exchange-format.md), checked line by line.

`check_line` walks one object against its kind's field table and returns the normalised value plus
what it found: problems (field path, message), references to other objects, and files to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.utils.translation import gettext

LANGUAGES = ("vi", "en", "km")
STATUSES = ("published", "draft")


@dataclass
class Findings:
    problems: list[tuple[str, str]] = field(default_factory=list)
    references: list[tuple[str, str, str]] = field(default_factory=list)  # (path, kind, key)
    files: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)  # (path, rel, kinds)


class Problem(Exception):
    pass


# --- scalar checkers: value → normalised value, or Problem ----------------------------------------


def string(value: Any) -> str:
    if not isinstance(value, str):
        raise Problem(gettext("must be a string"))
    return value


def nonempty(value: Any) -> str:
    if not string(value).strip():
        raise Problem(gettext("must not be empty"))
    return value


def integer(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Problem(gettext("must be a whole number"))
    return value


def count(value: Any) -> int:
    if integer(value) < 0:
        raise Problem(gettext("must not be negative"))
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Problem(gettext("must be true or false"))
    return value


def moment(value: Any) -> datetime:
    try:
        parsed = datetime.fromisoformat(string(value))
    except ValueError:
        raise Problem(gettext("“%(value)s” is not an ISO 8601 datetime") % {"value": value}) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise Problem(
            gettext("“%(value)s” has no offset: write it as 2022-03-01T08:00:00+07:00 or with Z")
            % {"value": value}
        )
    return parsed


def day(value: Any) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", string(value)):
        raise Problem(gettext("“%(value)s” is not a date YYYY-MM-DD") % {"value": value})
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Problem(gettext("“%(value)s” is not a date of the calendar") % {"value": value}) from None


def clock(value: Any) -> time:
    if not re.fullmatch(r"\d{2}:\d{2}(:\d{2})?", string(value)):
        raise Problem(gettext("“%(value)s” is not a time HH:MM") % {"value": value})
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise Problem(gettext("“%(value)s” is not a time of the day") % {"value": value}) from None


def translated(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Problem(gettext('must be an object by language: {"vi": ..., "en": ..., "km": ...}'))
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise Problem(
            gettext("unknown language %(languages)s (vi, en, km)") % {"languages": ", ".join(unknown)}
        )
    if not isinstance(value.get("vi"), str) or not value["vi"].strip():
        raise Problem(gettext("the Vietnamese text (vi) is required"))
    for code, text in value.items():
        if not isinstance(text, str):
            raise Problem(gettext("the %(language)s text must be a string") % {"language": code})
    return value


def host_name(value: Any) -> str:
    if not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+", string(value)):
        raise Problem(
            gettext("“%(value)s” is not a host name such as sotp.travinh.gov.vn") % {"value": value}
        )
    return value


def choice(*values: str):
    def check(value: Any) -> str:
        if value not in values:
            raise Problem(
                gettext("“%(value)s” is not one of %(choices)s")
                % {"value": value, "choices": ", ".join(values)}
            )
        return value

    return check


# --- structured checkers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    kind: str
    nullable: bool = False


@dataclass(frozen=True)
class File:
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Obj:
    fields: dict[str, tuple[Any, bool]]  # name → (checker, required)


@dataclass(frozen=True)
class ListOf:
    item: Any


@dataclass(frozen=True)
class ByLanguage:
    """{"km": {...}}: an object per non-default language."""

    item: Any


REQ, OPT = True, False

PHOTO = Obj({"file": (File(("image",)), REQ), "caption": (translated, OPT), "alt": (translated, OPT)})
DOC_FILE = Obj({"file": (File(("document",)), REQ), "title": (string, OPT)})

KINDS: dict[str, Obj] = {
    "unit": Obj(
        {
            "key": (nonempty, REQ),
            "name": (translated, REQ),
            "parent": (Ref("unit", nullable=True), REQ),
            "type": (choice("portal", "department", "district", "organization"), REQ),
            "host": (string, OPT),
            "budget_disclosure": (boolean, OPT),
            "contact": (Obj({"address": (string, OPT), "phone": (string, OPT), "email": (string, OPT)}), OPT),
            "established_on": (day, OPT),
            "ceased_on": (day, OPT),
            "successor": (Ref("unit"), OPT),
            "former_names": (ListOf(Obj({"name": (translated, REQ), "until": (day, REQ)})), OPT),
            "former_hosts": (ListOf(host_name), OPT),
        }
    ),
    "article": Obj(
        {
            "key": (nonempty, REQ),
            "unit": (Ref("unit"), REQ),
            "title": (translated, REQ),
            "summary": (translated, OPT),
            "body": (translated, REQ),
            "status": (choice(*STATUSES), OPT),
            "published_at": (moment, OPT),
            "translations": (ByLanguage(Obj({"published_at": (moment, REQ)})), OPT),
            "author": (string, OPT),
            "source": (string, OPT),
            "featured": (boolean, OPT),
            "photos": (ListOf(PHOTO), OPT),
        }
    ),
    "document": Obj(
        {
            "key": (nonempty, REQ),
            "unit": (Ref("unit"), REQ),
            "number": (nonempty, REQ),
            "doc_type": (nonempty, REQ),
            "category": (
                choice(
                    "direction",
                    "legal",
                    "admin_procedure",
                    "procurement",
                    "plan",
                    "notice",
                    "soe_report",
                    "budget",
                    "other",
                ),  # fmt: skip
                REQ,
            ),
            "title": (translated, REQ),
            "issuer": (nonempty, REQ),
            "signer": (string, REQ),
            "issued_on": (day, REQ),
            "effective_on": (day, OPT),
            "expires_on": (day, OPT),
            "posted_at": (moment, OPT),
            "status": (choice(*STATUSES), OPT),
            "files": (ListOf(DOC_FILE), REQ),
            "fiscal_year": (integer, OPT),
            "budget_kind": (choice("estimate", "execution", "final"), OPT),
            "enterprise": (string, OPT),
            "relations": (
                ListOf(
                    Obj(
                        {
                            "type": (choice("amends", "replaces", "guides"), REQ),
                            "target": (Ref("document"), REQ),
                        }
                    )
                ),
                OPT,
            ),
        }
    ),
    "schedule": Obj(
        {
            "key": (nonempty, REQ),
            "unit": (Ref("unit"), REQ),
            "week_start": (day, REQ),
            "posted_at": (moment, REQ),
            "entries": (
                ListOf(
                    Obj(
                        {
                            "date": (day, REQ),
                            "time": (clock, OPT),
                            "leader": (nonempty, REQ),
                            "content": (translated, REQ),
                            "location": (string, OPT),
                            "participants": (string, OPT),
                        }
                    )
                ),
                REQ,
            ),
        }
    ),
    "draft": Obj(
        {
            "key": (nonempty, REQ),
            "unit": (Ref("unit"), REQ),
            "title": (translated, REQ),
            "summary": (translated, REQ),
            "drafting_agency": (nonempty, REQ),
            "posted_at": (moment, OPT),
            "opens_at": (moment, REQ),
            "closes_at": (moment, REQ),
            "status": (choice(*STATUSES), OPT),
            "files": (ListOf(DOC_FILE), REQ),
            "comments": (
                ListOf(
                    Obj(
                        {
                            "name": (nonempty, REQ),
                            "email": (string, OPT),
                            "organization": (string, OPT),
                            "content": (nonempty, REQ),
                            "submitted_at": (moment, REQ),
                            "status": (choice("approved", "pending", "rejected"), REQ),
                        }
                    )
                ),
                OPT,
            ),
        }
    ),
    "question": Obj(
        {
            "key": (nonempty, REQ),
            "unit": (Ref("unit"), REQ),
            "asker": (
                Obj(
                    {
                        "name": (nonempty, REQ),
                        "email": (nonempty, REQ),
                        "phone": (string, OPT),
                        "address": (string, OPT),
                        "organization": (string, OPT),
                    }
                ),
                REQ,
            ),
            "title": (nonempty, REQ),
            "body": (nonempty, REQ),
            "submitted_at": (moment, REQ),
            "forwarded_to": (Ref("unit"), OPT),
            "forwarded_at": (moment, OPT),
            "answered_at": (moment, OPT),
            "answer": (Obj({"body": (translated, REQ), "answered_by": (string, OPT)}), OPT),
            "published": (boolean, REQ),
        }
    ),
    "visits": Obj(
        {"key": (string, OPT), "unit": (Ref("unit"), REQ), "date": (day, REQ), "count": (count, REQ)}
    ),
}

# Fields required only when the object is published: the moment it went public.
PUBLICATION_MOMENT = {"article": "published_at", "document": "posted_at", "draft": "posted_at"}


def _walk(value: Any, checker: Any, path: str, found: Findings) -> Any:
    if isinstance(checker, Obj):
        if not isinstance(value, dict):
            found.problems.append((path, gettext("must be an object")))
            return None
        return _walk_fields(value, checker, path, found)
    if isinstance(checker, ListOf):
        if not isinstance(value, list):
            found.problems.append((path, gettext("must be a list")))
            return None
        return [_walk(item, checker.item, f"{path}[{n}]", found) for n, item in enumerate(value)]
    if isinstance(checker, ByLanguage):
        if not isinstance(value, dict):
            found.problems.append((path, gettext("must be an object by language")))
            return None
        result = {}
        for code, item in value.items():
            if code not in LANGUAGES[1:]:
                found.problems.append((f"{path}.{code}", gettext("unknown language (en, km)")))
                continue
            result[code] = _walk(item, checker.item, f"{path}.{code}", found)
        return result
    if isinstance(checker, Ref):
        if value is None and checker.nullable:
            return None
        if not isinstance(value, str) or not value:
            found.problems.append((path, gettext("must be the key of a %(kind)s") % {"kind": checker.kind}))
            return None
        found.references.append((path, checker.kind, value))
        return value
    if isinstance(checker, File):
        if not isinstance(value, str) or not value:
            found.problems.append((path, gettext("must be a path relative to the folder")))
            return None
        found.files.append((path, value, checker.kinds))
        return value
    try:
        return checker(value)
    except Problem as problem:
        found.problems.append((path, str(problem)))
        return None


def _walk_fields(data: dict, spec: Obj, prefix: str, found: Findings) -> dict:
    result = {}
    for name in data:
        if name not in spec.fields and not (prefix == "" and name == "kind"):
            found.problems.append((_join(prefix, name), gettext("unknown field")))
    for name, (checker, required) in spec.fields.items():
        if name not in data:
            if required:
                found.problems.append((_join(prefix, name), gettext("required field is missing")))
            continue
        result[name] = _walk(data[name], checker, _join(prefix, name), found)
    return result


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _unit_life_problems(record: dict) -> list[tuple[str, str]]:
    """A unit's dates, successor and history must agree with each other (the file's own line)."""
    problems = []
    established, ceased = record.get("established_on"), record.get("ceased_on")
    if established and ceased and ceased <= established:
        message = gettext("%(ceased)s is not after established_on (%(established)s)")
        problems.append(("ceased_on", message % {"ceased": ceased, "established": established}))
    if record.get("successor") and "ceased_on" not in record:
        problems.append(
            ("successor", gettext("only a unit that ceased has a successor: ceased_on is missing"))
        )
    if record.get("successor") is not None and record.get("successor") == record.get("key"):
        problems.append(("successor", gettext("a unit cannot succeed itself")))
    seen: set = set()
    for n, former in enumerate(record.get("former_names") or []):
        until = (former or {}).get("until")
        if until is not None and until in seen:
            problems.append((f"former_names[{n}].until", gettext("two former names end on the same day")))
        seen.add(until)
        if until is not None and ceased and until >= ceased:
            message = gettext("%(until)s is not before ceased_on (%(ceased)s)")
            problems.append((f"former_names[{n}].until", message % {"until": until, "ceased": ceased}))
    hosts = [h for h in record.get("former_hosts") or [] if h]
    for n, host in enumerate(record.get("former_hosts") or []):
        if host and (hosts.count(host) > 1 or host == record.get("host")):
            message = gettext("“%(host)s” is listed twice or is the unit's own host")
            problems.append((f"former_hosts[{n}]", message % {"host": host}))
    return problems


def check_line(data: Any) -> tuple[str | None, dict, Findings]:
    """Check one decoded line; return (kind, normalised record, findings)."""
    found = Findings()
    if not isinstance(data, dict):
        found.problems.append(("(line)", gettext("must be a JSON object")))
        return None, {}, found
    kind = data.get("kind")
    if kind not in KINDS:
        found.problems.append(
            (
                "kind",
                gettext("unknown kind “%(kind)s” (%(kinds)s)") % {"kind": kind, "kinds": ", ".join(KINDS)},
            )
        )
        return None, {}, found
    record = _walk_fields(data, KINDS[kind], "", found)
    moment_field = PUBLICATION_MOMENT.get(kind)
    if moment_field and data.get("status", "published") == "published" and moment_field not in data:
        found.problems.append((moment_field, gettext("required field is missing (the object is published)")))
    if kind == "unit":
        found.problems += _unit_life_problems(record)
    if kind == "article":
        title_languages = set(data.get("title") or {}) if isinstance(data.get("title"), dict) else set()
        for code in record.get("translations") or {}:
            if code not in title_languages:
                found.problems.append(
                    (
                        f"translations.{code}",
                        gettext("the title has no %(language)s text") % {"language": code},
                    )
                )
    return kind, record, found
