"""Drafts, their text and comments; every draft belongs to a unit; traits for each phase."""

from datetime import timedelta

import factory
from django.utils import timezone

from consultations.enums import CommenterKind, DraftState, DraftType, Moderation
from consultations.models import Comment, Draft, DraftArticle
from consultations.splitting import split_text
from portal.enums import Status

from .subsites import UnitFactory

SAMPLE_TEXT = """QUYẾT ĐỊNH
Ban hành Quy định quản lý cổng thông tin điện tử tỉnh
Chương I
QUY ĐỊNH CHUNG
Điều 1. Phạm vi điều chỉnh
Quy định này quy định việc quản lý, vận hành cổng thông tin điện tử tỉnh.
Điều 2. Đối tượng áp dụng
1. Các sở, ban, ngành tỉnh.
2. Ủy ban nhân dân các huyện, thị xã, thành phố.
Chương II
QUY ĐỊNH CỤ THỂ
Điều 3. Cung cấp thông tin
Khoản 1. Cơ quan cung cấp thông tin đúng thời hạn.
Khoản 2. Thông tin phải chính xác.
Điều 4. Hiệu lực thi hành
Quyết định này có hiệu lực sau 10 ngày kể từ ngày ký.
"""


def _ago(**kwargs):
    return lambda: timezone.now() - timedelta(**kwargs)


def _ahead(**kwargs):
    return lambda: timezone.now() + timedelta(**kwargs)


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    title_vi = factory.Sequence(lambda n: f"Dự thảo Quyết định ban hành quy định số {n}")
    summary_vi = "Dự thảo quy định về quản lý cổng thông tin điện tử."
    draft_type = DraftType.DECISION
    drafting_agency = "Sở Tư pháp"
    receiving_address = "Số 1 đường 19/5, phường 1, thành phố Trà Vinh"
    receiving_email = "gopy@example.gov.vn"
    opens_at = factory.LazyFunction(_ago(days=1))
    closes_at = factory.LazyFunction(_ahead(days=30))
    state = DraftState.DRAFT
    status = Status.DRAFT

    class Params:
        scheduled = factory.Trait(
            state=DraftState.SCHEDULED,
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(_ago(days=2)),
            posted_at=factory.LazyFunction(_ago(days=2)),
        )
        upcoming = factory.Trait(
            scheduled=True,
            opens_at=factory.LazyFunction(_ahead(days=3)),
            closes_at=factory.LazyFunction(_ahead(days=40)),
        )
        closed = factory.Trait(
            scheduled=True,
            opens_at=factory.LazyFunction(_ago(days=40)),
            closes_at=factory.LazyFunction(_ago(days=1)),
        )
        concluded = factory.Trait(closed=True, state=DraftState.CONCLUDED)

    @factory.post_generation
    def search(obj, create, extracted, **kwargs):
        """The folded search column, as draft_save fills it."""
        if create:
            obj.refresh_search_text()
            obj.save(update_fields=["search_text"])

    @factory.post_generation
    def text(obj, create, extracted, **kwargs):
        """DraftFactory(text=True) splits SAMPLE_TEXT into the draft's articles."""
        if create and extracted:
            add_text(obj, SAMPLE_TEXT if extracted is True else extracted)


def add_text(draft: Draft, text: str = SAMPLE_TEXT) -> list[DraftArticle]:
    created: list[DraftArticle] = []
    for position, part in enumerate(split_text(text)):
        parent = created[part.parent] if part.parent is not None else None
        created.append(
            DraftArticle.objects.create(
                draft=draft,
                parent=parent,
                kind=part.kind,
                label=part.label,
                heading=part.heading,
                body=part.body,
                position=position,
            )
        )
    return created


def article(draft: Draft, label: str) -> DraftArticle:
    return draft.articles.get(label=label)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    draft = factory.SubFactory(DraftFactory, scheduled=True)
    name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    kind = CommenterKind.INDIVIDUAL
    email = factory.Sequence(lambda n: f"nguoi.gop.y{n}@mail.example")
    phone = factory.Sequence(lambda n: f"0912 345 {n:03d}")
    text = factory.Sequence(lambda n: f"Đề nghị làm rõ nội dung số {n}.")

    class Params:
        confirmed = factory.Trait(confirmed_at=factory.LazyFunction(timezone.now))
        published = factory.Trait(confirmed=True, moderation=Moderation.PUBLISHED)
        spam = factory.Trait(confirmed=True, moderation=Moderation.SPAM)
        withdrawn = factory.Trait(confirmed=True, withdrawn_at=factory.LazyFunction(timezone.now))
