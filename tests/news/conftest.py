"""Fixtures of the news tests: photos are written to a temporary media folder."""

import pytest
from django.utils import timezone

from news import services
from news.models import Article
from subsites.enums import SectionKind

from ..factories.news import jpeg_upload
from ..factories.subsites import SectionFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Fast hashing: the role fixtures create several users per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def news_section_a(unit_a):
    return SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc", title_vi="Tin tức")


def write_article(unit, user, title="Hội nghị tổng kết công tác tư pháp năm 2025", photos=1, **fields):
    article = Article(unit=unit, title_vi=title, summary_vi="Tóm tắt.", body_vi="<p>Nội dung.</p>", **fields)
    services.article_create(article=article, acting_user=user)
    for n in range(photos):
        services.photo_add(
            article=article, upload=jpeg_upload(f"anh{n}.jpg"), acting_user=user, alt_text=f"Ảnh {n}"
        )
    return article


def publish(article, editor, approver, at=None):
    services.article_submit(article=article, acting_user=editor)
    return services.article_publish(article=article, acting_user=approver, at=at)


@pytest.fixture
def published_article(unit_a, editor_a, approver_a):
    article = write_article(unit_a, editor_a)
    publish(article, editor_a, approver_a)
    article.refresh_from_db()
    assert article.published_at <= timezone.now()
    return article
