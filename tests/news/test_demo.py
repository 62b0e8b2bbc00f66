"""The demo seed goes through the services and can be run twice."""

import pytest

from news import demo
from news.models import Article, ArticleTranslationState
from subsites import demo as subsites_demo
from subsites.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent():
    seeded = subsites_demo.seed()
    demo.seed(seeded)
    count = Article.objects.count()
    expected = len(demo.MAIN_ARTICLES) + sum(len(articles) for articles in demo.SECTION_ARTICLES.values())
    assert Article.objects.visible("vi").in_unit(seeded["main"]).count() == expected
    assert Article.objects.visible("km").in_unit(seeded["main"]).count() >= 8
    assert ArticleTranslationState.objects.filter(language="en", live=True).exists()
    demo.seed(seeded)
    assert Article.objects.count() == count


def test_the_public_english_and_khmer_sites_list_the_units_in_their_language(client):
    import re

    from django.utils.html import escape

    units = list(subsites_demo.seed()["units"].values())
    assert len(units) == 40
    assert Unit.objects.get(key="stp").name_km == "មន្ទីរយុត្តិធម៌"
    assert all(re.search("[\u1780-\u17ff]", u.name_km) for u in units)
    for language in ("en", "km"):
        html = client.get(f"/{language}/cac-trang-thanh-phan/").content.decode()
        missing = [u.name_vi for u in units if f">{escape(getattr(u, f'name_{language}'))}<" not in html]
        assert not missing, f"{len(missing)} units without their {language} name: {missing[:5]}"
        vietnamese = [u.name_vi for u in units if f">{escape(u.name_vi)}<" in html]
        assert not vietnamese, f"Vietnamese names on the {language} site: {vietnamese[:5]}"
