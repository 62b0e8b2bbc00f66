"""Cached look-ups of units: resolving the current unit costs no query on a warm cache."""

from __future__ import annotations

from django.core.cache import cache

from .models import Unit

_UNITS_KEY = "subsites:units:v1"


def _unit_index() -> dict:
    index = cache.get(_UNITS_KEY)
    if index is None:
        units = list(Unit.objects.all())
        index = {
            "by_key": {u.key: u for u in units},
            "by_host": {u.host: u for u in units if u.host},
            "root": next((u for u in units if u.parent_id is None), None),
        }
        cache.set(_UNITS_KEY, index, 3600)
    return index


def forget_units() -> None:
    cache.delete(_UNITS_KEY)


def unit_by_key(key: str) -> Unit | None:
    return _unit_index()["by_key"].get(key)


def unit_by_host(host: str) -> Unit | None:
    return _unit_index()["by_host"].get(host)


def main_portal() -> Unit | None:
    return _unit_index()["root"]


def active_component_sites() -> list[Unit]:
    """The component sites in tree order, for directories and menus."""
    units = [u for u in _unit_index()["by_key"].values() if u.parent_id is not None and u.active]
    return sorted(units, key=lambda u: (u.tree_id, u.lft))
