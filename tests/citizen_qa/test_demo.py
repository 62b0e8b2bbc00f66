"""The demo content goes through the services and can be loaded twice without duplicates."""

import pytest

from citizen_qa import demo
from citizen_qa.enums import QuestionState as S
from citizen_qa.models import Field, Question
from subsites import demo as subsites_demo

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_reaches_each_state():
    seeded = subsites_demo.seed()
    demo.seed(seeded)
    demo.seed(seeded)
    assert Question.objects.count() == len(demo.QUESTIONS)
    assert Field.objects.count() == len(demo.FIELDS)
    states = dict(Question.objects.values_list("key", "state"))
    assert states == {key: target for key, _u, _f, _t, _b, _n, target, _a in demo.QUESTIONS}
    assert Question.objects.visible().count() == 2
    assert all(q.events.count() >= 2 for q in Question.objects.exclude(state=S.UNCONFIRMED))
