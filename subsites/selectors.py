"""Cached look-ups of units: resolving the current unit costs no query on a warm cache.

The index of units lives in the shared cache and, in each process, in memory; a process trusts its
copy while the shared cache names the same version (one small read), so changing a unit reaches every
app server at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from portal.cache import get_many

from .models import Unit

_UNITS_KEY = "subsites:units:v3"
_VERSION_KEY = "subsites:units:version"
_in_process: dict = {}


def _build() -> dict:
    units = list(Unit.objects.all())
    return {
        "version": uuid.uuid4().hex,
        "by_key": {u.key: u for u in units},
        "by_pk": {u.pk: u for u in units},
        "by_host": {u.host: u for u in units if u.host},
        "root": next((u for u in units if u.parent_id is None), None),
    }


# Within one request the shared version is read once: a page looks units up several times (its own,
# the main portal for the header, links to others). None outside a request: every look-up checks.
_checked: ContextVar[str | None] = ContextVar("subsites_units_checked", default=None)


@contextmanager
def one_check_per_request() -> Iterator[None]:
    token = _checked.set("")
    try:
        yield
    finally:
        _checked.reset(token)


def _unit_index() -> dict:
    checked = _checked.get()
    if checked and _in_process.get("version") == checked:
        return _in_process
    # Through the request's reads: the keys its page will want come along (see subsites.middleware).
    version = get_many([_VERSION_KEY]).get(_VERSION_KEY)
    if version is not None and _in_process.get("version") == version:
        return _remember_checked(_in_process)
    index = cache.get(_UNITS_KEY) if version is not None else None
    if index is None or index["version"] != version:
        index = _build()
        cache.set(_UNITS_KEY, index, 3600)
        cache.set(_VERSION_KEY, index["version"], 3600)
    _in_process.clear()
    _in_process.update(index)
    return _remember_checked(index)


def last_known_units() -> dict | None:
    """This process's copy of the index, unchecked: only to guess which keys a request will want."""
    return _in_process if _in_process.get("version") else None


def _remember_checked(index: dict) -> dict:
    if _checked.get() is not None:
        _checked.set(index["version"])
    return index


def forget_units() -> None:
    cache.delete_many([_UNITS_KEY, _VERSION_KEY])
    _in_process.clear()


def unit_by_key(key: str) -> Unit | None:
    return _unit_index()["by_key"].get(key)


def unit_by_pk(pk: int) -> Unit | None:
    return _unit_index()["by_pk"].get(pk)


def unit_by_host(host: str) -> Unit | None:
    return _unit_index()["by_host"].get(host)


def main_portal() -> Unit | None:
    return _unit_index()["root"]


def active_units() -> list[Unit]:
    """The main portal and the active component sites in tree order, for filters naming every unit."""
    units = [u for u in _unit_index()["by_key"].values() if u.active]
    return sorted(units, key=lambda u: (u.tree_id, u.lft))


def active_component_sites() -> list[Unit]:
    """The component sites in tree order, for directories and menus."""
    return [u for u in active_units() if u.parent_id is not None]
