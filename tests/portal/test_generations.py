"""Generation counters: a change makes everything kept under the old generation unreachable."""

import pytest
from django.core.cache import cache

from portal.cache import bump, generation_keys, generations, remember

pytestmark = pytest.mark.django_db


def test_a_change_makes_the_kept_value_be_built_again(unit_a):
    builds = iter(["before", "after"])
    scopes = (("news", unit_a.pk),)
    assert remember("kept", scopes, lambda: next(builds)) == "before"
    assert remember("kept", scopes, lambda: next(builds)) == "before"
    bump("news", unit_a.pk)
    assert remember("kept", scopes, lambda: next(builds)) == "after"


def test_a_generation_lost_from_the_cache_never_revives_what_a_change_made_stale(unit_a):
    """Redis may evict a generation key (or it expires): started again, it must not read as the value
    an entry made stale by a later change was stored under."""
    builds = iter(["before", "after"])
    scopes = (("news", unit_a.pk),)
    assert remember("kept", scopes, lambda: next(builds)) == "before"
    bump("news", unit_a.pk)  # the change; nobody asks for the value before the key is lost
    cache.delete(generation_keys(*scopes)[0])
    assert remember("kept", scopes, lambda: next(builds)) == "after"


def test_a_generation_started_by_one_reader_is_the_one_every_reader_sees(unit_a):
    first = generations(("unit", unit_a.pk), "site")
    assert generations(("unit", unit_a.pk), "site") == first
    assert "0" not in first.split(".")
