"""The demo seed goes through the services and can be run twice."""

import pytest

from news import demo
from news.models import Article, ArticleTranslationState
from subsites import demo as subsites_demo

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent():
    seeded = subsites_demo.seed()
    demo.seed(seeded)
    count = Article.objects.count()
    assert Article.objects.visible("vi").in_unit(seeded["main"]).count() == len(demo.MAIN_ARTICLES)
    assert Article.objects.visible("km").in_unit(seeded["main"]).count() >= 8
    assert ArticleTranslationState.objects.filter(language="en", live=True).exists()
    demo.seed(seeded)
    assert Article.objects.count() == count
