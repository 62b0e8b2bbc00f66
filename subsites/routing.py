"""Addresses of a unit's site.

A component site answers under `/don-vi/<key>/` on the main host (and on its own host when one is
configured). The middleware strips that prefix and makes it the script prefix, so every `reverse()`
made while serving a unit's page already points into that unit's site; `unit_reverse` does the same
for a unit other than the current one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.urls import get_script_prefix, reverse, set_script_prefix


def reached_as(request) -> str:
    """How the current site is reached (host and path prefix): kept markup holding addresses is kept
    apart for each."""
    return f"{request.get_host()}{get_script_prefix()}"


def unit_path_prefix(unit) -> str:
    if unit is None or unit.parent_id is None:
        return ""
    return f"/{settings.PORTAL_UNIT_PATH_PREFIX}/{unit.key}"


@contextmanager
def addresses_of(unit) -> Iterator[None]:
    """Within this block, `reverse()` gives addresses inside `unit`'s site."""
    previous = get_script_prefix()
    set_script_prefix(unit_path_prefix(unit) + "/")
    try:
        yield
    finally:
        set_script_prefix(previous)


def unit_reverse(unit, viewname: str, *args, **kwargs) -> str:
    if get_script_prefix() == unit_path_prefix(unit) + "/":  # the current unit's: most links on a page
        return reverse(viewname, args=args or None, kwargs=kwargs or None)
    with addresses_of(unit):
        return reverse(viewname, args=args or None, kwargs=kwargs or None)
