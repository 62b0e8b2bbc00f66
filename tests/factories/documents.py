"""Factories of the document registry; every document and schedule belongs to a unit."""

from datetime import date, timedelta

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.enums import Category
from documents.models import (
    Attachment,
    Document,
    Field,
    IssuingBody,
    LeaderSchedule,
    ScheduleEntry,
    monday_of,
)
from documents.symbols import fold_number, parse
from portal.enums import Status

from .subsites import UnitFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "van-ban.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name_vi = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")


class IssuingBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingBody

    name_vi = "Ủy ban nhân dân tỉnh Trà Vinh"
    name_en = "Tra Vinh Provincial People's Committee"
    code = "UBND"


class DocumentFactory(factory.django.DjangoModelFactory):
    """A draft by default; `published=True` makes it public (posted_at follows published_at)."""

    class Meta:
        model = Document
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    number_symbol = factory.Sequence(lambda n: f"{n + 1}/QĐ-UBND")
    issuing_body = factory.SubFactory(IssuingBodyFactory)
    category = Category.DIRECTION
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    title_vi = factory.Sequence(lambda n: f"Quyết định về việc ban hành quy chế số {n}")
    signer = "Nguyễn Văn A, Phó Chủ tịch"
    status = Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        archived = factory.Trait(status=Status.ARCHIVED)

    @factory.post_generation
    def parsed(obj, create, extracted, **kwargs):
        parsed = parse(obj.number_symbol)
        obj.apply_number(parsed)
        obj.number_folded = fold_number(obj.number_symbol)
        obj.posted_at = obj.published_at if obj.status == Status.PUBLISHED else None
        obj.refresh_search_text()
        if create:
            obj.save()


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    document = factory.SubFactory(DocumentFactory)
    title = "Toàn văn"
    file = factory.LazyFunction(pdf_upload)
    content_type = "application/pdf"
    size = len(PDF)


class LeaderScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeaderSchedule

    unit = factory.SubFactory(UnitFactory)
    week_start = factory.LazyFunction(lambda: monday_of(timezone.localdate()))
    status = Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
            posted_at=factory.SelfAttribute("published_at"),
        )


class ScheduleEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScheduleEntry

    schedule = factory.SubFactory(LeaderScheduleFactory)
    date = factory.LazyAttribute(lambda o: o.schedule.week_start)
    leader = "Ông Nguyễn Văn B, Giám đốc"
    content_vi = "Họp giao ban đầu tuần"
    location = "Phòng họp số 1"


def a_monday(weeks_ago: int = 0) -> date:
    return monday_of(timezone.localdate()) - timedelta(weeks=weeks_ago)
