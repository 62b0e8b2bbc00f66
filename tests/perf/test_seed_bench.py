"""`seed_bench --scale merged` builds the merged province's data set (issue 23): 250 units, each a site a
citizen can open, and the rates that make ~450,000 items over ten years (the one-portal scale ~150,000)."""

from __future__ import annotations

import dataclasses
import io
import random
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from config.management.commands.seed_bench import BENCH_UNIT_KEY, SCALES, Command
from subsites.models import Section, Unit

pytestmark = pytest.mark.django_db


def test_the_scales_make_the_sizes_the_issue_names():
    assert SCALES["merged"].units == 250
    assert 140_000 <= SCALES["province"].items(units=41, years=10) <= 170_000
    assert 420_000 <= SCALES["merged"].items(units=250, years=10) <= 480_000


def _units(scale) -> list[Unit]:
    # The command's unit step alone: making 210 communes through the services takes minutes, four do not.
    command = Command(stdout=io.StringIO())
    command.scale, command.rng, command.started = scale, random.Random(1), time.monotonic()
    return command._units()


def test_communes_are_made_up_to_the_scale_each_with_its_site(client):
    scale = dataclasses.replace(SCALES["merged"], units=45)
    units = _units(scale)
    assert len(units) == Unit.objects.filter(active=True).count() == 45
    communes = Unit.objects.filter(key__startswith=BENCH_UNIT_KEY)
    assert communes.count() == 4
    for commune in communes:
        assert Section.objects.filter(unit=commune, kind="articles").exists()
        for language, words in (("vi", "Xã "), ("en", " Commune"), ("km", "ឃុំ ")):
            page = client.get(f"/don-vi/{commune.key}/{language}/")
            assert page.status_code == 200
            assert words in page.content.decode()
    # A later run (a larger scale, or the same) reuses them and numbers new ones after them.
    assert len(_units(scale)) == 45
    assert len(_units(dataclasses.replace(scale, units=46))) == 46
    assert Unit.objects.filter(key=f"{BENCH_UNIT_KEY}5").exists()


def test_years_below_one_are_refused():
    with pytest.raises(CommandError, match="--years: at least 1"):
        call_command("seed_bench", "--scale", "merged", "--years", "0", stdout=io.StringIO())
    assert not Unit.objects.exists()
