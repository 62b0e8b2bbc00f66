"""Factories of the administrative procedures; every procedure belongs to a unit."""

from datetime import timedelta

import factory
from django.utils import timezone

from portal.enums import Status
from procedures.enums import Level, OnlineLevel
from procedures.models import Field, Procedure

from .subsites import UnitFactory


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"linh-vuc-tthc-{n}")
    name_vi = factory.Sequence(lambda n: f"Lĩnh vực thủ tục {n}")
    name_en = factory.Sequence(lambda n: f"Field of procedures {n}")
    name_km = factory.Sequence(lambda n: f"វិស័យនីតិវិធី {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    """A draft by default; `published=True` makes it public."""

    class Meta:
        model = Procedure
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"1.{n:06d}")
    name_vi = factory.Sequence(lambda n: f"Cấp giấy phép xây dựng số {n}")
    field = factory.SubFactory(FieldFactory)
    level = Level.PROVINCIAL
    fees_vi = "150.000 đồng/giấy phép"
    processing_time_vi = "20 ngày làm việc"
    url = factory.LazyAttribute(
        lambda o: (
            f"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={o.code}"
        )
    )
    online_level = OnlineLevel.PARTIAL
    status = Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    @factory.post_generation
    def searchable(obj, create, extracted, **kwargs):
        obj.refresh_search_text()
        if create:
            obj.save()
