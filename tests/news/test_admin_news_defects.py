"""What an editor reads in the article admin: scheduled state, photo order and cover, revision history."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse

from news import services
from news.models import Article

from ..factories.news import ArticleFactory, jpeg_upload
from .conftest import write_article
from .test_admin import _form

pytestmark = pytest.mark.django_db
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _row(html: str, title: str) -> str:
    return next(r for r in html.split("<tr") if title in r)


def test_a_scheduled_article_is_listed_as_scheduled_with_its_local_time(english, approver_a, unit_a):
    at = datetime(2099, 3, 1, 7, 30, tzinfo=LOCAL)  # 00:30 UTC
    ArticleFactory(unit=unit_a, published=True, title_vi="Bài hẹn giờ", published_at=at)
    ArticleFactory(unit=unit_a, published=True, title_vi="Bài đã đăng")
    english.force_login(approver_a)
    html = english.get(reverse("admin:news_article_changelist")).text
    scheduled = _row(html, "Bài hẹn giờ")
    assert "Scheduled for 01/03/2099 07:30" in scheduled and "Published" not in scheduled
    assert "Published" in _row(html, "Bài đã đăng")
    article = Article.objects.get(title_vi="Bài hẹn giờ")
    form = english.get(reverse("admin:news_article_change", args=[article.pk])).text
    assert "Scheduled for 01/03/2099 07:30" in form


def test_photos_keep_the_order_entered_and_the_first_is_the_cover(client, editor_a, unit_a):
    client.force_login(editor_a)
    data = _form(unit_a, [jpeg_upload("dau.jpg"), jpeg_upload("sau.jpg")])
    data.update({"photos-0-order": "0", "photos-0-caption_vi": "Ảnh đầu"})
    data.update({"photos-1-order": "1", "photos-1-caption_vi": "Ảnh sau"})
    assert client.post(reverse("admin:news_article_add"), data).status_code == 302
    article = Article.objects.get(unit=unit_a)
    assert [p.caption_vi for p in article.photos.all()] == ["Ảnh đầu", "Ảnh sau"]
    assert [p.order for p in article.photos.all()] == [0, 1]
    assert article.cover_photo().caption_vi == "Ảnh đầu"
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).text
    assert html.index("Ảnh đầu") < html.index("Ảnh sau")


def test_a_photo_added_later_goes_after_the_others(client, editor_a, unit_a):
    article = write_article(unit_a, editor_a, photos=2)
    client.force_login(editor_a)
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).text
    last = max(p.order for p in article.photos.all())
    # The empty rows for new photos propose places after the gallery, not 0 (which would make it the cover).
    assert re.search(rf'name="photos-2-order"[^>]*value="{last + 10}"', html) or re.search(
        rf'value="{last + 10}"[^>]*name="photos-2-order"', html
    )


def test_the_cover_choice_shows_captions_and_thumbnails_not_file_paths(client, editor_a, unit_a):
    article = write_article(unit_a, editor_a, photos=0)
    services.photo_add(
        article=article, upload=jpeg_upload("a.jpg"), acting_user=editor_a, caption="Lễ khai mạc"
    )
    services.photo_add(article=article, upload=jpeg_upload("b.jpg"), acting_user=editor_a)
    client.force_login(editor_a)
    html = client.get(reverse("admin:news_article_change", args=[article.pk])).text
    field = html.split('id="id_cover"', 1)[1].split('name="featured"', 1)[0]
    assert "Lễ khai mạc" in field
    # Back to the default is a choice too, checked while no cover is chosen.
    assert re.search(r'<input type="radio" name="cover" value=""[^>]*checked', field)
    photos = list(article.photos.all())
    assert "news/" not in re.sub(r'src="[^"]*"', "", field)  # no file path as a label
    assert photos[1].image.name.rsplit("/", 1)[1] in field  # no caption: the file's name
    for photo in photos:
        assert f'src="{photo.image.url}"' in field


def test_revisions_show_named_actions_and_what_changed(english, editor_a, approver_a, unit_a):
    article = write_article(unit_a, editor_a, title="Tiêu đề cũ", photos=0)
    services.article_update(
        article=article, acting_user=editor_a, title_vi="Tiêu đề <mới>", body_vi="<p>Nội dung đã sửa.</p>"
    )
    english.force_login(editor_a)
    html = english.get(reverse("admin:news_article_revisions", args=[article.pk])).text
    assert ">create<" not in html and ">update<" not in html
    assert "Created" in html and "Changed" in html
    # The change from the first version to the second, word by word, escaped.
    assert "<del>cũ</del><ins>&lt;mới&gt;</ins>" in html
    assert re.search(r"Nội dung<ins>\s*đã sửa\s*</ins>\.", html)
    assert "<mới>" not in html
