"""The benchmark data set: ten years of a province's portal (DESIGN.md "Scale to design for").

~90,000 articles with ~200,000 photos, ~45,000 documents, ~10,000 leaders' weekly schedules, ~2,000
drafts for comment across the main portal and its 40 component sites, and ~130 million page views as
one DailyVisits row per unit and local day. Rows are written with bulk inserts in batches (the
services' per-row audit, revision and e-mail work would take hours and measures nothing a visitor
waits for); search columns are folded with the same portal.text.fold the services use. Photos are
hard links to a handful of tiny JPEG files, so 200,000 files cost seconds and almost no disk.

`--scale merged` is the province since 2025: three former main portals' output on the main portal and
250 units (communes made up to reach it, keys `xa-bench-N`), ~450,000 items (`SCALES`).

Every row it creates is marked as created by the user `seed_bench`: a second run refuses unless
--reset, which deletes exactly those rows (and the page views of the period) first. The made-up
communes stay: they are structure, like the demo's units, and a later run reuses them.
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation
from PIL import Image

from citizen_qa.enums import QuestionState, Visibility
from citizen_qa.models import Answer, Question
from consultations.enums import DraftState, DraftType
from consultations.models import Draft
from documents import symbols
from documents.models import Document, Field, IssuingBody, LeaderSchedule, ScheduleEntry, monday_of
from news.enums import TranslationState
from news.models import Article, ArticleTranslationState, Photo
from portal.cache import bump
from portal.enums import Status
from portal.text import fold, fold_many
from reports.models import DailyVisits
from subsites import demo
from subsites.enums import UnitType
from subsites.models import Section, Unit

BENCH_USER = "seed_bench"
BATCH = 2000
PHOTOS_PER_ARTICLE = (1, 2, 2, 3, 3)  # 2.2 on average: ~200,000 photos for ~90,000 articles
SHARE_EN, SHARE_KM = 0.30, 0.12
QUESTION_KEY = "bench-q-"
BENCH_UNIT_KEY = "xa-bench-"


@dataclass(frozen=True)
class Scale:
    """How much a portal publishes a year; a unit's rate varies 0.2–1.8 around its figure."""

    units: int  # active units at least (the main portal included); the demo's, then communes made up
    main_articles: int
    unit_articles: int
    main_documents: int
    unit_documents: int
    schedule_units: int
    drafts_per_unit: int
    questions_per_unit: int
    page_views: int  # over the ten years

    def items(self, units: int, years: int) -> int:
        """The expected number of articles, documents, weekly schedules, drafts and questions."""
        others = units - 1
        per_year = (
            self.main_articles
            + others * self.unit_articles
            + self.main_documents
            + others * self.unit_documents
            + min(self.schedule_units, units) * 52
            + units * (self.drafts_per_unit + self.questions_per_unit)
        )
        return per_year * years


SCALES = {
    # One province's portal (DESIGN.md, per half-year: the main portal ~450 articles and ~300 documents,
    # the units ~7,600 items): ~150,000 items over ten years.
    "province": Scale(
        units=0,
        main_articles=900,
        unit_articles=200,
        main_documents=600,
        unit_documents=100,
        schedule_units=20,
        drafts_per_unit=5,
        questions_per_unit=25,
        page_views=130_000_000,
    ),
    # Three provinces merged (2025): three former main portals' output on the main portal, 250 units (the
    # departments and the new communes), each commune publishing less than a department did: ~450,000.
    "merged": Scale(
        units=250,
        main_articles=2_700,
        unit_articles=90,
        main_documents=1_800,
        unit_documents=50,
        schedule_units=60,
        drafts_per_unit=2,
        questions_per_unit=10,
        page_views=390_000_000,
    ),
}

SENTENCES = [
    "Ủy ban nhân dân tỉnh Trà Vinh tổ chức hội nghị triển khai nhiệm vụ chuyển đổi số năm nay.",
    "Sở Thông tin và Truyền thông hướng dẫn các đơn vị cập nhật thông tin trên cổng thông tin điện tử.",
    "Đẩy mạnh cải cách hành chính, nâng cao chỉ số hài lòng của người dân và doanh nghiệp.",
    "Huyện Cầu Ngang ra quân xây dựng nông thôn mới nâng cao, chăm lo đời sống đồng bào Khmer.",
    "Ngành giáo dục chuẩn bị chu đáo cho kỳ thi tốt nghiệp trung học phổ thông.",
    "Trung tâm Kiểm soát bệnh tật khuyến cáo phòng chống sốt xuất huyết trong mùa mưa.",
    "Tỉnh đón nhận bằng khen về thành tích xuất sắc trong phong trào thi đua yêu nước.",
    "Lễ hội Ok Om Bok của đồng bào Khmer được tổ chức trang trọng tại Ao Bà Om.",
    "Hội nghị xúc tiến đầu tư thu hút nhiều doanh nghiệp trong lĩnh vực năng lượng tái tạo.",
    "Sở Nông nghiệp và Phát triển nông thôn cảnh báo xâm nhập mặn ảnh hưởng đến vụ lúa đông xuân.",
    "Công an tỉnh triển khai cấp căn cước công dân gắn chip cho người dân vùng sâu vùng xa.",
    "Bệnh viện Đa khoa tỉnh đưa vào sử dụng hệ thống bệnh án điện tử.",
    "Thành phố Trà Vinh chỉnh trang đô thị, nâng cấp hệ thống chiếu sáng công cộng.",
    "Cảnh báo áp thấp nhiệt đới gây mưa lớn, người dân cần chủ động phòng tránh.",
    "Kết quả tuyển sinh lớp mười được công bố trên cổng thông tin của ngành giáo dục.",
    "Hội Nông dân tỉnh tập huấn kỹ thuật nuôi tôm công nghệ cao cho hội viên.",
    "Tỉnh đoàn phát động chiến dịch thanh niên tình nguyện hè với nhiều công trình thiết thực.",
    "Ban Chỉ đạo phòng, chống thiên tai kiểm tra công tác chuẩn bị ứng phó mùa mưa bão.",
    "Cục Thống kê công bố tình hình kinh tế xã hội sáu tháng đầu năm.",
    "Sở Tư pháp tổ chức phổ biến giáo dục pháp luật cho người dân ở các xã ven biển.",
]
SUMMARY_WORDS = [
    "chuyển đổi số",
    "cải cách hành chính",
    "nông thôn mới",
    "đồng bào Khmer",
    "phòng chống thiên tai",
    "giáo dục",
    "y tế",
    "đầu tư",
    "an sinh xã hội",
    "du lịch",
]
COMMUNE_NAMES = ["Long Hữu", "Hòa Minh", "Tân Hòa", "Phước Hưng", "Ngũ Lạc", "Đôn Châu", "Hiếu Tử", "Tập Sơn"]
KHMER = "ព័ត៌មានខេត្តត្រាវិញ អំពីការអភិវឌ្ឍន៍សេដ្ឋកិច្ច និងសង្គម"
DOC_TYPES = [("QĐ", 40), ("KH", 15), ("TB", 15), ("CV", 20), ("CT", 5), ("BC", 5)]
DOC_CATEGORIES = [("direction", 45), ("notice", 20), ("plan", 15), ("legal", 10), ("procurement", 10)]


class Command(BaseCommand):
    help = "Create the benchmark data set (ten years of one portal, or with --scale merged of three)."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--reset", action="store_true", help="Delete an earlier bench data set first.")
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing (and succeed) when the data set exists."
        )
        parser.add_argument("--seed", type=int, default=20260101, help="Random seed (same data each run).")
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="province",
            help="province: one portal (~150,000 items); merged: three provinces' (~450,000, 250 units).",
        )

    def handle(self, *args, years: int, reset: bool, seed: int, if_missing: bool, scale: str, **options):
        if years < 1:
            raise CommandError(f"--years: at least 1 (got {years}).")
        self.rng = random.Random(seed)
        self.scale = SCALES[scale]
        self.started = time.monotonic()
        User = get_user_model()
        user, _created = User.objects.get_or_create(username=BENCH_USER, defaults={"is_active": False})
        if reset:
            self._reset(user, years)
        self.user = user
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.since = self.now - timedelta(days=365 * years)
        parts = [p for p in self._parts() if reset or not p[1]()]
        if not parts and if_missing:
            self.stdout.write("The bench data set exists already.")
            return
        if not parts:
            raise CommandError("The bench data set exists already: run with --reset to build it again.")
        with translation.override(settings.LANGUAGE_CODE):
            units = self._units()
            for build, _exists in parts:
                build(units, years)

        for unit in units:
            bump("unit", unit.pk)
        bump("site")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # fresh statistics, or the planner guesses on 150,000 rows
                cursor.execute("ANALYZE")
        self._say("bench data set ready")

    # --- bookkeeping ---
    def _say(self, message: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}", ending="\n")
        self.stdout.flush()

    def _parts(self) -> list[tuple]:
        """(build, exists) for every part: a run adds the parts missing (an app added since, say)."""

        mine = {"created_by": self.user}
        parts = [
            (self._articles, Article.objects.filter(**mine).exists),
            (self._documents, Document.objects.filter(**mine).exists),
            (self._schedules, LeaderSchedule.objects.filter(**mine).exists),
            (self._visits, DailyVisits.objects.filter(date=self.today - timedelta(days=1)).exists),
        ]
        if apps.is_installed("consultations"):
            parts.append(
                (self._drafts, apps.get_model("consultations", "Draft").objects.filter(**mine).exists)
            )
        if apps.is_installed("citizen_qa"):
            questions = apps.get_model("citizen_qa", "Question").objects.filter(key__startswith=QUESTION_KEY)
            parts.append((self._questions, questions.exists))
        return parts

    def _reset(self, user, years: int) -> None:

        with transaction.atomic():
            for model in (Article, Document, LeaderSchedule, *self._optional_models()):
                model.objects.filter(created_by=user).delete()
            if apps.is_installed("citizen_qa"):
                questions = apps.get_model("citizen_qa", "Question").objects
                questions.filter(key__startswith=QUESTION_KEY).delete()
            first = timezone.localdate() - timedelta(days=365 * years + 1)
            DailyVisits.objects.filter(date__gte=first, date__lt=timezone.localdate()).delete()
        self._say("earlier bench data set deleted")

    def _optional_models(self) -> list:
        return [apps.get_model("consultations", "Draft")] if apps.is_installed("consultations") else []

    def _units(self) -> list:

        if not Unit.objects.exists():
            with transaction.atomic():
                demo.seed()
            self._say("units seeded (subsites.demo.seed)")
        self._communes()
        units = list(Unit.objects.filter(active=True).order_by("tree_id", "lft"))
        if len(units) < 2:
            raise CommandError(
                "No component sites: run `manage.py seed_demo` (or subsites.demo.seed()) first."
            )
        return units

    def _communes(self) -> None:
        """Made-up communes under the main portal until the scale's number of active units is reached."""
        active = Unit.objects.filter(active=True)
        missing = self.scale.units - active.count()
        if missing <= 0:
            return
        main = active.filter(parent__isnull=True).order_by("tree_id").first()
        made = Unit.objects.filter(key__startswith=BENCH_UNIT_KEY).count()
        with transaction.atomic():
            for number in range(made + 1, made + missing + 1):
                name = f"{self.rng.choice(COMMUNE_NAMES)} {number}"
                names = {"vi": f"Xã {name}", "en": f"{name} Commune", "km": f"ឃុំ {name}"}
                demo.component_site(f"{BENCH_UNIT_KEY}{number}", names, UnitType.DISTRICT, main, number)
        self._say(f"{missing} communes made up")

    def _moment(self, start: datetime, end: datetime) -> datetime:
        return start + timedelta(seconds=self.rng.randrange(int((end - start).total_seconds())))

    def _body(self, n: int) -> str:
        return "".join(f"<p>{s}</p>" for s in self.rng.sample(SENTENCES, n))

    def _status(self) -> str:
        roll = self.rng.random()
        return Status.PUBLISHED if roll < 0.96 else Status.DRAFT if roll < 0.98 else Status.PENDING

    def _per_unit(self, units, main_per_year: int, unit_per_year: int, years: int) -> list[tuple]:
        """(unit, count): units differ a lot in how much they post (the report's "some do not update")."""
        counts = []
        for unit in units:
            per_year = main_per_year if unit.parent_id is None else unit_per_year * self.rng.uniform(0.2, 1.8)
            counts.append((unit, int(per_year * years)))
        return counts

    # --- articles, photos, translations ---
    def _articles(self, units, years: int) -> None:

        sections = dict(
            Section.objects.filter(kind="articles", unit__in=units)
            .order_by("pk")
            .values_list("unit_id", "pk")
        )
        images = self._image_sources()
        photo_seq = 0
        total = 0
        for unit, count in self._per_unit(units, self.scale.main_articles, self.scale.unit_articles, years):
            rows = []
            for i in range(count):
                sentences = self._body(self.rng.randint(4, 8))
                title = f"{self.rng.choice(SENTENCES)[:-1]} ({unit.key} {i + 1})"
                summary = f"Tin về {self.rng.choice(SUMMARY_WORDS)} tại {unit.name}."
                status = self._status()
                published_at = self._moment(self.since, self.now) if status == Status.PUBLISHED else None
                article = Article(
                    unit=unit,
                    status=status,
                    published_at=published_at,
                    title_vi=title,
                    summary_vi=summary,
                    body_vi=sentences,
                    slug=f"bai-{unit.key}-{i + 1}",
                    author="Ban Biên tập",
                    featured=self.rng.random() < 0.02,
                    promoted_to_main=unit.parent_id is not None and self.rng.random() < 0.05,
                    created_by=self.user,
                    updated_by=self.user,
                )
                roll = self.rng.random()
                article.bench_languages = (
                    ["en", "km"] if roll < SHARE_KM else ["en"] if roll < SHARE_EN else []
                )
                for code in article.bench_languages:
                    setattr(
                        article, f"title_{code}", f"{title} [{code}]" if code == "en" else f"{KHMER} {i + 1}"
                    )
                    setattr(article, f"summary_{code}", summary if code == "en" else KHMER)
                    setattr(article, f"body_{code}", sentences if code == "en" else f"<p>{KHMER}</p>")
                article.search_text = fold_many(*article.search_parts())
                rows.append(article)
            for start in range(0, len(rows), BATCH):
                batch = Article.objects.bulk_create(rows[start : start + BATCH])
                photos, states, links = [], [], []
                through = Article.sections.through
                for article in batch:
                    for n in range(self.rng.choice(PHOTOS_PER_ARTICLE)):
                        photo_seq += 1
                        name = self._store(
                            f"news/bench/{photo_seq // 1000:03d}/p{photo_seq}.jpg",
                            images[photo_seq % len(images)],
                        )
                        photos.append(
                            Photo(
                                article=article,
                                image=name,
                                width=64,
                                height=48,
                                caption_vi=f"Ảnh {n + 1}",
                                alt_text_vi=f"Ảnh minh họa {n + 1} của bài {article.title_vi[:60]}",
                                order=n,
                            )
                        )
                    for code in article.bench_languages:
                        states.append(
                            ArticleTranslationState(
                                article=article,
                                language=code,
                                state=TranslationState.PUBLISHED,
                                live=article.status == Status.PUBLISHED,
                                published_at=article.published_at,
                                last_published_at=article.published_at,
                                source_version=1,
                            )
                        )
                    if unit.pk in sections:
                        links.append(through(article_id=article.pk, section_id=sections[unit.pk]))
                Photo.objects.bulk_create(photos, batch_size=BATCH)
                ArticleTranslationState.objects.bulk_create(states, batch_size=BATCH)
                through.objects.bulk_create(links, batch_size=BATCH)
            total += count
        self._say(f"{total} articles, {photo_seq} photos")

    def _image_sources(self) -> list[bytes]:

        sources = []
        for colour in [(0, 84, 147), (200, 16, 46), (0, 122, 61), (240, 171, 0), (90, 90, 90)]:
            buffer = io.BytesIO()
            Image.new("RGB", (64, 48), colour).save(buffer, "JPEG", quality=70)
            sources.append(buffer.getvalue())
        return sources

    @staticmethod
    def _store(name: str, data: bytes) -> str:
        """Through the storage (a folder or a bucket); a file left by an earlier seeding is kept."""
        if default_storage.exists(name):
            return name
        return default_storage.save(name, ContentFile(data))

    # --- documents and schedules ---
    def _weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights)[0]

    def _documents(self, units, years: int) -> None:

        bodies = [
            IssuingBody.objects.get_or_create(code=code, defaults={"name_vi": name, "name": name})[0]
            for code, name in [
                ("UBND", "Ủy ban nhân dân tỉnh Trà Vinh"),
                ("STTTT", "Sở Thông tin và Truyền thông"),
                ("STC", "Sở Tài chính"),
                ("SGDĐT", "Sở Giáo dục và Đào tạo"),
            ]
        ]
        fields = [
            Field.objects.get_or_create(slug=slug, defaults={"name_vi": name, "name": name})[0]
            for slug, name in [
                ("giao-duc", "Giáo dục"),
                ("y-te", "Y tế"),
                ("dat-dai", "Đất đai"),
                ("tai-chinh", "Tài chính"),
                ("cntt", "Công nghệ thông tin"),
            ]
        ]
        total = 0
        for unit, count in self._per_unit(units, self.scale.main_documents, self.scale.unit_documents, years):
            numbers: dict[tuple, int] = {}
            rows = []
            for _i in range(count):
                posted = self._moment(self.since, self.now)
                issued = timezone.localdate(posted) - timedelta(days=self.rng.randint(0, 3))
                body = self.rng.choice(bodies)
                doc_type = self._weighted(DOC_TYPES)
                key = (body.pk, issued.year)
                numbers[key] = numbers.get(key, 0) + 1
                text = (
                    f"{numbers[key]}/{doc_type}-{body.code}"
                    if doc_type != "CV"
                    else f"{numbers[key]}/{body.code}-VP"
                )
                parsed = symbols.parse(text)
                status = self._status()
                title = f"Về việc {self.rng.choice(SENTENCES)[0].lower()}{self.rng.choice(SENTENCES)[1:-1]}"
                document = Document(
                    unit=unit,
                    status=status,
                    published_at=posted if status == Status.PUBLISHED else None,
                    posted_at=posted if status == Status.PUBLISHED else None,
                    number_symbol=text,
                    category=self._weighted(DOC_CATEGORIES),
                    field=self.rng.choice(fields),
                    issuing_body=body,
                    signer="Nguyễn Văn A, Phó Chủ tịch",
                    issued_on=issued,
                    effective_on=issued,
                    expires_on=issued + timedelta(days=365 * 5) if self.rng.random() < 0.2 else None,
                    title_vi=title,
                    created_by=self.user,
                    updated_by=self.user,
                )
                document.apply_number(parsed)
                document.year = issued.year
                document.search_text = fold_many(text, title, body.name_vi, document.signer)
                rows.append(document)
            Document.objects.bulk_create(rows, batch_size=BATCH)
            total += count
        self._say(f"{total} documents")

    def _schedules(self, units, years: int) -> None:

        first = monday_of(timezone.localdate(self.since))
        weeks = [first + timedelta(weeks=w) for w in range(years * 52 + 2)]
        total = 0
        for unit in units[: self.scale.schedule_units]:
            schedules = []
            for monday in weeks:
                moment = timezone.make_aware(
                    datetime.combine(monday - timedelta(days=3), datetime.min.time())
                )
                schedule = LeaderSchedule(
                    unit=unit,
                    status=Status.PUBLISHED,
                    published_at=moment,
                    posted_at=moment,
                    week_start=monday,
                    created_by=self.user,
                    updated_by=self.user,
                )
                schedule.search_text = fold(f"Tuần {monday:%d/%m} – {monday + timedelta(days=6):%d/%m/%Y}")
                schedules.append(schedule)
            schedules = LeaderSchedule.objects.bulk_create(schedules, batch_size=BATCH)
            entries = [
                ScheduleEntry(
                    schedule=s,
                    date=s.week_start + timedelta(days=d),
                    leader="Chủ tịch UBND tỉnh",
                    content_vi=self.rng.choice(SENTENCES),
                    location="Hội trường UBND tỉnh",
                )
                for s in schedules
                for d in range(5)
            ]
            ScheduleEntry.objects.bulk_create(entries, batch_size=BATCH)
            total += len(schedules)
        self._say(f"{total} weekly schedules")

    # --- consultations (and questions, once that app is there) ---
    def _drafts(self, units, years: int) -> None:
        if not apps.is_installed("consultations"):
            return

        rows = []
        for unit in units:
            for i in range(self.scale.drafts_per_unit * years):
                opens = self._moment(self.since, self.now + timedelta(days=20))
                title = f"Dự thảo quyết định {self.rng.choice(SUMMARY_WORDS)} ({unit.key} {i + 1})"
                draft = Draft(
                    unit=unit,
                    status=Status.PUBLISHED,
                    state=DraftState.SCHEDULED,
                    published_at=min(opens, self.now),
                    posted_at=min(opens, self.now),
                    opens_at=opens,
                    closes_at=opens + timedelta(days=30),
                    original_closes_at=opens + timedelta(days=30),
                    title_vi=title,
                    summary_vi=self.rng.choice(SENTENCES),
                    draft_type=DraftType.DECISION,
                    drafting_agency=unit.name,
                    opening_notified_at=opens,
                    closing_notified_at=opens + timedelta(days=30),
                    overdue_reminded_at=opens + timedelta(days=60),
                    created_by=self.user,
                    updated_by=self.user,
                )
                draft.search_text = fold_many(*draft.search_parts())
                rows.append(draft)
        Draft.objects.bulk_create(rows, batch_size=BATCH)
        self._say(f"{len(rows)} drafts for comment")

    def _questions(self, units, years: int) -> None:

        rows = []
        for unit in units:
            for i in range(self.scale.questions_per_unit * years):
                asked = self._moment(self.since, self.now - timedelta(days=20))
                answered = asked + timedelta(days=self.rng.randint(2, 15))
                topic = self.rng.choice(SUMMARY_WORDS)
                question = Question(
                    key=f"{QUESTION_KEY}{unit.key}-{i + 1}",
                    unit=unit,
                    forwarded_to=unit,
                    title=f"Hỏi về {topic} ({unit.key} {i + 1})",
                    body=f"Xin hỏi thủ tục liên quan đến {topic} được giải quyết thế nào?",
                    asker_name="Nguyễn Văn An",
                    asker_email=f"nguoihoi{i}@example.com",
                    state=QuestionState.PUBLISHED,
                    visibility=Visibility.PUBLIC,
                    submitted_at=asked,
                    confirmed_at=asked,
                    forwarded_at=asked,
                    answered_at=answered,
                    published_at=answered,
                    due_date=timezone.localdate(asked) + timedelta(days=14),
                )
                question.answer_text = f"<p>Trả lời: {self.rng.choice(SENTENCES)}</p>"
                question.search_text = fold_many(question.title, question.body, question.answer_text)
                rows.append(question)
        Question.objects.bulk_create(rows, batch_size=BATCH)
        answers = [Answer(question=q, body_vi=q.answer_text, answered_by_vi=q.unit.name) for q in rows]
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        self._say(f"{len(rows)} questions with their answers")

    # --- page views ---
    def _visits(self, units, years: int) -> None:

        days = [self.today - timedelta(days=d) for d in range(1, 365 * years + 1)]
        weights = {u.pk: (40.0 if u.parent_id is None else self.rng.uniform(0.3, 2.5)) for u in units}
        # Weekdays count 1.1, weekend days 0.6: 0.957 on average.
        per_unit_day = self.scale.page_views / (sum(weights.values()) * len(days) * 0.957)
        existing = set(DailyVisits.objects.filter(date__gte=days[-1]).values_list("unit_id", "date"))
        rows = []
        total = 0
        for unit in units:
            base = weights[unit.pk] * per_unit_day
            for day in days:
                if (unit.pk, day) in existing:
                    continue
                weekday = 0.6 if day.weekday() >= 5 else 1.1
                count = max(0, int(self.rng.gauss(base * weekday, base * 0.15)))
                rows.append(DailyVisits(unit=unit, date=day, count=count))
                total += count
        DailyVisits.objects.bulk_create(rows, batch_size=5000)

        cache.delete("visits:total")
        self._say(f"{len(rows)} daily page-view rows, {total:,} page views")
