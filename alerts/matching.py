"""Canonical filters and matching a new item against them.

A filter is the kind, the unit (None: every unit) and the parameters the source kept, sorted: two
people's equal filters have one key and are one row. Matching reads each distinct filter of the kind
once and tests it in Python on the item's attributes: no query per subscription.
"""

from __future__ import annotations

import hashlib
import json

from portal.registry import AlertItem
from portal.text import fold

WORDS = "q"  # the parameter holding words to find in the item's text


def canonical_key(kind: str, unit_id: int | None, params: dict[str, str]) -> str:
    text = json.dumps([kind, unit_id, sorted(params.items())], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def filter_matches(unit_id: int | None, params: dict[str, str], item: AlertItem) -> bool:
    if unit_id is not None and unit_id != item.unit_id and unit_id not in item.units:
        return False
    for name, wanted in params.items():
        if name == WORDS:
            if not all(word in item.text for word in fold(wanted).split()):
                return False
            continue
        value = item.attributes.get(name)
        if isinstance(value, set | frozenset | list | tuple):
            if wanted not in value:
                return False
        elif value is None or str(value) != wanted:
            return False
    return True


def matching_filters(filters, item: AlertItem) -> list[int]:
    """The pks of `filters` ((pk, unit_id, params) rows, each distinct filter once) that `item` matches."""
    return [pk for pk, unit_id, params in filters if filter_matches(unit_id, params, item)]
