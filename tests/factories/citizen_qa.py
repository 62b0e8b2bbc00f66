"""Factories for the Q&A app: every question belongs to a unit; traits put it in a state directly.

Traits build rows for read tests (lists, search, statistics); workflow tests go through the services.
"""

import factory
from django.utils import timezone

from citizen_qa.enums import DisplayMode, QuestionState, Visibility
from citizen_qa.models import Answer, Field, Question, RoutingRule

from .subsites import UnitFactory


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"linh-vuc-{n}")
    name_vi = factory.Sequence(lambda n: f"Lĩnh vực {n}")
    name_en = factory.Sequence(lambda n: f"Field {n}")


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutingRule

    field = factory.SubFactory(FieldFactory)
    unit = factory.SubFactory(UnitFactory)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    field = factory.SubFactory(FieldFactory)
    title = factory.Sequence(lambda n: f"Thủ tục cấp giấy phép số {n}")
    body = "Xin hỏi thủ tục và thời gian giải quyết như thế nào?"
    asker_name = "Nguyễn Văn An"
    asker_email = factory.Sequence(lambda n: f"nguoihoi{n}@example.com")
    asker_phone = "0912345678"
    asker_address = "Số 12 đường Lê Lợi, phường 3, thành phố Trà Vinh"
    display_mode = DisplayMode.INITIALS
    state = QuestionState.SCREENING
    visibility = Visibility.PUBLIC

    class Params:
        assigned = factory.Trait(
            state=QuestionState.ASSIGNED,
            forwarded_to=factory.SubFactory(UnitFactory),
            forwarded_at=factory.LazyFunction(timezone.now),
        )
        published = factory.Trait(
            state=QuestionState.PUBLISHED,
            forwarded_to=factory.SubFactory(UnitFactory),
            forwarded_at=factory.LazyFunction(timezone.now),
            answered_at=factory.LazyFunction(timezone.now),
            published_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def answer(obj, create, extracted, **kwargs):
        if create and (extracted or obj.state in {QuestionState.PUBLISHED, QuestionState.ANSWERED}):
            Answer.objects.create(
                question=obj,
                body_vi=extracted or "<p>Trả lời: hồ sơ gồm đơn đề nghị và bản sao giấy tờ liên quan.</p>",
                answered_by_vi="Sở Tư pháp",
            )
            obj.refresh_search_text()
            obj.save(update_fields=["search_text"])
