"""`make bench-alerts`: match 10,000 subscriptions against a new document and print the time.

Writes a throw-away SQLite database (or uses an EMPTY one named by DATABASE_URL), 10,000 confirmed
subscribers spread over up to 5,000 distinct finder filters of 20 units (types, fields, words, years), and
one published document; then times what a publication costs the worker: reading the distinct filters,
testing each once in Python, and writing the deliveries owed. Target: well under a second.

    python bench/alerts.py [--subscriptions 10000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0


def _setup(folder: str) -> None:
    sys.path.insert(0, str(BASE))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/alerts-bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-alerts-only")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _fill(count: int):
    from django.utils import timezone

    from alerts.matching import canonical_key
    from alerts.models import Filter, Subscriber, Subscription
    from documents.enums import Category, DocType
    from documents.models import Document, Field, IssuingBody
    from portal.enums import Status
    from subsites.enums import UnitType
    from subsites.models import Unit

    rng = random.Random(2026)
    root = Unit.objects.create(key="tinh", name="Tỉnh", type=UnitType.PORTAL)
    units = [
        Unit.objects.create(key=f"u{n}", name=f"Đơn vị {n}", type=UnitType.DEPARTMENT, parent=root)
        for n in range(20)
    ]
    fields = [Field.objects.create(name=f"Lĩnh vực {n}", slug=f"lv-{n}") for n in range(15)]
    body = IssuingBody.objects.create(name="Ủy ban nhân dân tỉnh", code="UBND")
    words = ["quy chế", "ngân sách", "đất đai", "giáo dục", "y tế", "xây dựng", "kế hoạch", "thông báo"]
    types = [DocType.QD, DocType.KH, DocType.TB]
    distinct = []
    for _n in range(count // 2):
        params = {"doc_type": str(rng.choice(types))}
        if rng.random() < 0.6:
            params["field"] = str(rng.choice(fields).pk)
        if rng.random() < 0.3:
            params["q"] = rng.choice(words)
        if rng.random() < 0.2:
            params["year"] = str(rng.choice([2024, 2025, 2026]))
        unit = rng.choice(units)
        key = canonical_key("documents", unit.pk, params)
        distinct.append(Filter(kind="documents", unit=unit, params=params, key=key))
    Filter.objects.bulk_create(distinct, ignore_conflicts=True)
    filters = list(Filter.objects.all())
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"nguoi-{n}@mail.example", language=rng.choice(["vi", "en", "km"]))
            for n in range(count)
        ]
    )
    now = timezone.now()
    Subscription.objects.bulk_create(
        [
            Subscription(subscriber=s, filter=filters[n % len(filters)], consent_text="x", confirmed_at=now)
            for n, s in enumerate(subscribers)
        ]
    )
    document = Document(
        unit=units[0],
        number_symbol="12/QĐ-UBND",
        category=Category.DIRECTION,
        field=fields[0],
        issuing_body=body,
        issued_on=timezone.localdate(),
        title_vi="Quyết định ban hành quy chế quản lý ngân sách",
        status=Status.PUBLISHED,
        published_at=now,
    )
    document.full_clean()
    document.refresh_search_text()
    document.save()
    return document, len(filters)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup(folder)
        from alerts import matching, services
        from alerts.models import Delivery, Filter
        from portal.registry import ALERT_SOURCES

        document, distinct = _fill(args.subscriptions)
        item = ALERT_SOURCES["documents"].item(document.pk)
        rows = list(Filter.objects.values_list("pk", "unit_id", "params"))
        started = time.perf_counter()
        matched = matching.matching_filters(rows, item)
        in_python = time.perf_counter() - started
        started = time.perf_counter()
        owed = services.match_publication(kind="documents", pk=document.pk)
        whole = time.perf_counter() - started
        assert owed == Delivery.objects.count()
        print(f"{args.subscriptions} subscriptions, {distinct} distinct filters, {len(matched)} matched")
        print(f"matching in Python: {in_python * 1000:.1f} ms")
        print(f"whole publication (read filters, match, write {owed} deliveries): {whole * 1000:.1f} ms")
        ok = whole < TARGET_SECONDS
        print("OK" if ok else f"SLOW: over {TARGET_SECONDS} s")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
