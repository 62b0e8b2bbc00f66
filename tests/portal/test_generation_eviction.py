"""A cached page made stale by a change never comes back when Redis loses a generation key.

Redis may evict a key or lose it with a restart. A generation started again at a fixed value (0, 1)
would equal the one a stale page was stored under; started at the clock's microseconds, it equals
none that was ever used.
"""

import pytest
from django.core.cache import cache

from portal.cache import generation_keys
from portal.services import SYSTEM
from subsites import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

PAGE = "/don-vi/sotp/vi/"


def _cached(client, unit) -> None:
    """The page stored under generations just started (as after a Redis restart): a restart with a
    fixed first value would give the very same ones again."""
    _evict(unit)
    client.get(PAGE)
    assert client.get(PAGE)["X-Page-Cache"] == "hit"


def _rename(unit, name: str) -> None:
    unit.name_vi = name
    services.unit_save(unit=unit, acting_user=SYSTEM)


def _evict(unit) -> None:
    """Every generation a unit's page names: its unit's, the site's, the content's (a unit's change
    moves it too; pages of search and aggregations name it)."""
    cache.delete_many(generation_keys(("unit", unit.pk), "site", "content"))


def test_a_change_then_the_generation_lost_serves_the_new_page(client, unit_a):
    _cached(client, unit_a)
    _rename(unit_a, "Sở Tư pháp tỉnh Trà Vinh")
    _evict(unit_a)

    response = client.get(PAGE)
    assert "X-Page-Cache" not in response
    assert "Sở Tư pháp tỉnh Trà Vinh" in response.text


def test_the_generation_lost_then_a_change_serves_the_new_page(client, unit_a):
    _cached(client, unit_a)
    _evict(unit_a)
    _rename(unit_a, "Sở Tư pháp tỉnh Trà Vinh")

    response = client.get(PAGE)
    assert "X-Page-Cache" not in response
    assert "Sở Tư pháp tỉnh Trà Vinh" in response.text


def test_a_generation_lost_twice_never_repeats_an_earlier_value(client, unit_a):
    keys = generation_keys(("unit", unit_a.pk))
    seen = set()
    for _ in range(3):
        client.get(PAGE)
        value = cache.get(keys[0])
        assert value not in seen
        seen.add(value)
        _evict(unit_a)
