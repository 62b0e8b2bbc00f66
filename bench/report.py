"""`make bench-report`: time the semi-annual report's JSON figures and its DOCX over the ten-year data set.

Reads the database named by DATABASE_URL (the bench data set written by `manage.py seed_bench --years 10`);
when it holds too little content, says so and exits 1. Targets on ~150,000 items and 40 units: JSON under
10 s, DOCX (figures included) under 20 s.

    DATABASE_URL=postgres://... python bench/report.py [--start YYYY-MM-DD --end YYYY-MM-DD]
    DATABASE_URL=postgres://... python bench/report.py --synthetic   # fill an EMPTY database first

`--synthetic` writes a quick synthetic data set with bulk_create (no services, no files): it exists to
check that the report's SQL scales, not to stand for real content.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
MIN_ITEMS = 100_000
MIN_UNITS = 30
JSON_TARGET, DOCX_TARGET = 10.0, 20.0


def _setup() -> None:
    sys.path.insert(0, str(BASE))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-report-only")
    import django

    django.setup()


def _counts() -> tuple[int, int, date | None, date | None]:
    from django.db.models import Max, Min
    from django.utils import timezone

    from consultations.models import Draft
    from documents.models import Document, LeaderSchedule
    from news.models import Article
    from subsites.models import Unit

    items, first, last = 0, [], []
    for model, moment in (
        (Article, "published_at"),
        (Document, "posted_at"),
        (LeaderSchedule, "posted_at"),
        (Draft, "posted_at"),
    ):
        span = model.objects.filter(**{f"{moment}__isnull": False}).aggregate(lo=Min(moment), hi=Max(moment))
        items += model.objects.count()
        first += [span["lo"]] if span["lo"] else []
        last += [span["hi"]] if span["hi"] else []
    units = Unit.objects.component_sites().count()
    start = timezone.localdate(min(first)) if first else None
    end = min(timezone.localdate(max(last)), timezone.localdate()) if last else None
    return items, units, start, end


def _timed(label: str, target: float, work):
    began = time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - began
    verdict = "ok" if elapsed < target else f"SLOWER than the {target:.0f} s target"
    print(f"{label:<6} {elapsed:6.2f} s  ({verdict})")
    return result, elapsed


def run(start: date | None, end: date | None) -> int:
    from reports.content import ReportMeta, build_document
    from reports.figures import build_figures
    from reports.render_docx import render_docx

    items, units, first, last = _counts()
    if items < MIN_ITEMS or units < MIN_UNITS:
        print(
            f"The bench data set is missing: the database has {items} items and {units} component sites "
            f"(needs ≥ {MIN_ITEMS} and ≥ {MIN_UNITS}). Run `manage.py seed_bench --years 10` on this "
            "DATABASE_URL first (or `python bench/report.py --synthetic` on an empty database).",
            file=sys.stderr,
        )
        return 1
    start, end = start or first, end or last
    print(f"{items} items, {units} component sites; period {start} – {end} ({(end - start).days + 1} days)")
    figures, json_time = _timed("JSON", JSON_TARGET, lambda: json.dumps(build_figures(start, end)))

    def docx() -> bytes:
        return render_docx(build_document(build_figures(start, end), ReportMeta.defaults(start, end)))

    content, docx_time = _timed("DOCX", DOCX_TARGET, docx)
    print(f"JSON {len(figures)} bytes, DOCX {len(content)} bytes")
    return 0 if json_time < JSON_TARGET and docx_time < DOCX_TARGET else 2


def synthetic(years: int = 10, units: int = 40) -> None:
    """About 150,000 items over `years` years in `units` component sites, written with bulk_create."""
    import random

    from django.db import transaction
    from django.utils import timezone

    from citizen_qa.models import Question
    from consultations.models import Draft
    from documents.models import Document, IssuingBody, LeaderSchedule, monday_of
    from news.models import Article, ArticleTranslationState, Photo
    from subsites.models import Unit

    if Article.objects.exists() or Unit.objects.exists():
        raise SystemExit("--synthetic fills an empty database only: this one already has content.")
    rng = random.Random(42)
    end = timezone.now() - timedelta(days=1)
    start = end - timedelta(days=365 * years)
    span = int((end - start).total_seconds())

    def moment() -> datetime:
        return start + timedelta(seconds=rng.randrange(span))

    with transaction.atomic():
        main = Unit.objects.create(key="tinh", name="Cổng TTĐT tỉnh", name_vi="Cổng TTĐT tỉnh", type="portal")
        sites = [
            Unit.objects.create(
                key=f"dv{n:02d}", name_vi=f"Sở thứ {n}", name=f"Sở thứ {n}", type="department", parent=main
            )
            for n in range(units)
        ]
        everyone = [main, *sites]
        body = IssuingBody.objects.create(name="UBND tỉnh", name_vi="UBND tỉnh", code="UBND")
        articles = [
            Article(
                unit=rng.choice(everyone),
                title=f"Tin {n}",
                title_vi=f"Tin {n}",
                slug=f"tin-{n}",
                status="published",
                published_at=moment(),
            )
            for n in range(90_000)
        ]
        Article.objects.bulk_create(articles, batch_size=5000)
        main_articles = [a for a in articles if a.unit_id == main.pk]
        Photo.objects.bulk_create(
            [
                Photo(article=a, image=f"news/x/{a.pk}-{k}.jpg", width=64, height=48)
                for a in main_articles
                for k in range(2)
            ],
            batch_size=5000,
        )
        ArticleTranslationState.objects.bulk_create(
            [
                ArticleTranslationState(
                    article=a,
                    language="km",
                    state="published",
                    live=True,
                    published_at=a.published_at + timedelta(days=2),
                )
                for a in main_articles[::3]
            ],
            batch_size=5000,
        )
        categories = [
            "direction",
            "legal",
            "admin_procedure",
            "procurement",
            "plan",
            "notice",
            "other",
            "soe_report",
            "budget",
        ]
        documents = []
        for n in range(45_000):
            posted, category = moment(), rng.choice(categories)
            documents.append(
                Document(
                    unit=rng.choice(everyone),
                    number_symbol=f"{n + 1}/QĐ-UBND",
                    number=n + 1,
                    symbol="QĐ-UBND",
                    year=posted.year,
                    issuing_body=body,
                    category=category,
                    issued_on=posted.date() - timedelta(days=rng.randrange(15)),
                    title=f"Văn bản {n}",
                    title_vi=f"Văn bản {n}",
                    status="published",
                    published_at=posted,
                    posted_at=posted,
                    posting_delay_days=rng.randrange(15),
                    fiscal_year=posted.year if category == "budget" else None,
                    budget_kind=rng.choice(["estimate", "execution"]) if category == "budget" else "",
                    enterprise="Công ty" if category == "soe_report" else "",
                )
            )
        Document.objects.bulk_create(documents, batch_size=5000)
        schedules = []
        for unit in everyone[:10]:
            week = monday_of(start.date())
            while week < end.date():
                posted = timezone.make_aware(datetime.combine(week - timedelta(days=3), datetime.min.time()))
                schedules.append(
                    LeaderSchedule(
                        unit=unit, week_start=week, status="published", published_at=posted, posted_at=posted
                    )
                )
                week += timedelta(weeks=1)
        LeaderSchedule.objects.bulk_create(schedules, batch_size=5000)
        drafts = []
        for n in range(2000):
            posted = moment()
            drafts.append(
                Draft(
                    unit=rng.choice(everyone),
                    title=f"Dự thảo {n}",
                    title_vi=f"Dự thảo {n}",
                    draft_type="decision",
                    drafting_agency="Sở Tư pháp",
                    state="concluded",
                    status="published",
                    published_at=posted,
                    posted_at=posted,
                    opens_at=posted,
                    closes_at=posted + timedelta(days=30),
                )
            )
        Draft.objects.bulk_create(drafts, batch_size=5000)
        questions = []
        for n in range(8000):
            asked = moment()
            questions.append(
                Question(
                    unit=main,
                    forwarded_to=rng.choice(sites),
                    title=f"Câu hỏi {n}",
                    body="Xin hỏi",
                    asker_name="Nguyễn Văn A",
                    asker_email="a@example.com",
                    state="published",
                    submitted_at=asked,
                    forwarded_at=asked,
                    answered_at=asked + timedelta(days=5),
                    published_at=asked + timedelta(days=6),
                )
            )
        Question.objects.bulk_create(questions, batch_size=5000)
    total = len(articles) + len(documents) + len(schedules) + len(drafts)
    print(f"Synthetic data set: {total} items, {len(questions)} questions, {units} component sites.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--start", type=date.fromisoformat, help="First local date (default: the first item's)"
    )
    parser.add_argument("--end", type=date.fromisoformat, help="Last local date (default: the last item's)")
    parser.add_argument("--synthetic", action="store_true", help="Fill an empty database first (see above).")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("Set DATABASE_URL to the database holding the bench data set.", file=sys.stderr)
        return 1
    _setup()
    if args.synthetic:
        synthetic()
    return run(args.start, args.end)


if __name__ == "__main__":
    sys.exit(main())
