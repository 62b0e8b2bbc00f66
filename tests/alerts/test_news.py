"""Alerts on a unit's news or one of its sections: a published article reaches who follows its section
(or a section above it) or the unit's whole news, once; the news list links to the subscription."""

import pytest
from django.core import mail

from news import services as news
from news.models import Article
from subsites.enums import SectionKind

from ..factories.alerts import SubscriptionFactory
from ..factories.news import jpeg_upload
from ..factories.subsites import SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(unit_a, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://cong.example"
    parent = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc", title_vi="Tin tức")
    child = SectionFactory(
        unit=unit_a, kind=SectionKind.ARTICLES, slug="tu-phap", title_vi="Tư pháp", parent=parent
    )
    other = SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="y-te", title_vi="Y tế")
    return parent, child, other


def _publish(unit, editor, approver, sections):
    texts = {"title_vi": "Hội nghị tư pháp", "summary_vi": "Tóm tắt.", "body_vi": "<p>Nội dung.</p>"}
    article = Article(unit=unit, **texts)
    news.article_create(article=article, acting_user=editor, sections=sections)
    news.photo_add(article=article, upload=jpeg_upload("anh.jpg"), acting_user=editor, alt_text="Ảnh")
    news.article_submit(article=article, acting_user=editor)
    return news.article_publish(article=article, acting_user=approver)


def test_an_article_reaches_its_sections_and_the_units_news_once(
    unit_a, unit_b, editor_a, approver_a, sections, committed
):
    parent, child, other = sections
    follows_parent = SubscriptionFactory(
        filter__kind="news", filter__unit=unit_a, filter__params={"section": str(parent.pk)}, confirmed=True
    )
    # The same person also follows the whole news: still one e-mail.
    SubscriptionFactory(
        subscriber=follows_parent.subscriber, filter__kind="news", filter__unit=unit_a, confirmed=True
    )
    SubscriptionFactory(
        filter__kind="news", filter__unit=unit_a, filter__params={"section": str(other.pk)}, confirmed=True
    )
    SubscriptionFactory(filter__kind="news", filter__unit=unit_b, confirmed=True)
    with committed():
        article = _publish(unit_a, editor_a, approver_a, [child])
    (alert,) = mail.outbox
    assert alert.to == [follows_parent.subscriber.email]
    assert alert.subject == "Mới: Hội nghị tư pháp"
    assert f"https://cong.example{article.get_absolute_url()}" in alert.body
    assert "Tin tức – " in alert.body and "Chuyên mục: Tin tức" in alert.body


def test_the_news_list_and_a_section_offer_alerts(client, unit_a, sections):
    parent, _child, _other = sections
    page = client.get(f"/don-vi/{unit_a.key}/vi/tin-tuc/").content.decode()
    assert f'href="/don-vi/{unit_a.key}/vi/thong-bao/?kind=news"' in page
    address = f"/don-vi/{unit_a.key}/en/thong-bao/?kind=news&section={parent.pk}"
    subscribe = client.get(address).content.decode()
    assert "News – " in subscribe and "Section: " in subscribe


@pytest.mark.parametrize("section", ["abc", "99999999", "9" * 10_000])
def test_a_bad_section_is_named(client, unit_a, sections, section):
    response = client.get(f"/don-vi/{unit_a.key}/vi/thong-bao/?kind=news&section={section}")
    assert response.status_code == 400
    assert "Chuyên mục: không có chuyên mục tin tức này." in response.content.decode()
