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
from dataclasses import dataclass, field

from django.core.cache import cache

from portal.cache import get_many

from .enums import UnitType
from .models import Unit, UnitFormerHost

_UNITS_KEY = "subsites:units:v4"
# Announced: every worker's near cache forgets its copy when a unit changes (portal.nearcache).
_VERSION_KEY = "announced:subsites:units:version"
_in_process: dict = {}


def _build() -> dict:

    units = list(Unit.objects.all())
    by_pk = {u.pk: u for u in units}
    former = {h.host: by_pk[h.unit_id] for h in UnitFormerHost.objects.all()}
    return {
        "by_former_host": former,
        "version": uuid.uuid4().hex,
        "by_key": {u.key: u for u in units},
        "by_pk": by_pk,
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


def index_checks(index: dict) -> dict:
    """What the shared cache must still name for `index` (this process's copy) to be current."""
    return {_VERSION_KEY: index["version"]}


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


def units_version() -> str:
    """The unit index's version: a new one whenever any unit changes."""
    return _unit_index()["version"]


def active_component_sites() -> list[Unit]:
    """The component sites in tree order, for directories and menus."""
    return [u for u in active_units() if u.parent_id is not None]


@dataclass
class ProvinceGroup:
    """The directory's part for one province: `portal` is a former province's portal, None for the
    current province (the units directly under the main portal)."""

    portal: Unit | None
    kinds: dict[str, list[Unit]] = field(default_factory=dict)
    ceased: list[tuple[Unit, Unit | None]] = field(default_factory=list)  # (unit, its successor)

    @property
    def by_kind(self) -> list[tuple[str, list[Unit]]]:
        """(kind's label, units), in the order of the kinds."""
        return [(kind.label, self.kinds[kind.value]) for kind in UnitType if kind.value in self.kinds]


def former_province(unit: Unit) -> Unit | None:
    """The former province's portal a unit belongs to: its nearest portal below the main portal
    (itself, for such a portal); None for the current province's units. From the cached index."""
    by_pk = _unit_index()["by_pk"]
    node = unit
    while node is not None and node.parent_id is not None:
        if node.type == UnitType.PORTAL:
            return node
        node = by_pk.get(node.parent_id)
    return None


def unit_directory() -> list[ProvinceGroup]:
    """Danh bạ: the shown component sites by former province (the current one first), each by kind
    in tree order, its ceased units apart. No query on a warm index, whatever the number of units."""
    groups: dict[int | None, ProvinceGroup] = {None: ProvinceGroup(portal=None)}
    for unit in active_component_sites():
        province = former_province(unit)
        key = province.pk if province is not None else None
        group = groups.setdefault(key, ProvinceGroup(portal=province))
        if unit is province:
            continue  # the former portal heads its group
        if unit.is_ceased:
            group.ceased.append((unit, unit_by_pk(unit.successor_id) if unit.successor_id else None))
        else:
            group.kinds.setdefault(unit.type, []).append(unit)
    return [g for g in groups.values() if g.kinds or g.ceased or g.portal is not None]


def open_units_by_province() -> list[tuple[Unit | None, list[Unit]]]:
    """The shown component sites that take new work (not ceased), by province as in the directory:
    (former province's portal or None for the current province, its units). For choosers of a unit
    to hand work to; from the cached index."""
    groups = []
    for group in unit_directory():
        units = [unit for _kind, units in group.by_kind for unit in units]
        if group.portal is not None and not group.portal.is_ceased:
            units.insert(0, group.portal)
        if units:
            groups.append((group.portal, units))
    return groups


def name_on(unit: Unit, day) -> str:
    """The unit's name valid on `day` (in the active language): the first former name still valid
    then, else its current name. `day` None: the current name."""
    if day is not None:
        for former in _former_names(unit):
            if former.valid_until >= day:
                return former.name
    return unit.name


def _former_names(unit: Unit) -> list:
    # Prefetched lists (prefetch_related("former_names")) are used as they are: no query per unit.
    return sorted(unit.former_names.all(), key=lambda n: n.valid_until)


def former_host_names(unit: Unit) -> list[str]:
    return [h.host for h in unit.former_hosts.all()]


def unit_by_former_host(host: str) -> Unit | None:
    """The unit a host name once served (its site redirects to the unit's current address)."""
    return _unit_index()["by_former_host"].get(host)
