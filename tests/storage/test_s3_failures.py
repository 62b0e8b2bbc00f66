"""The S3 server refusing connections or accepting them and never answering (short timeouts, as the
botocore config sets them): public pages still answer, an upload fails with a clear message and changes
nothing, a private download fails without a 500."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from citizen_qa.models import Question
from news.models import Article, Photo
from subsites.enums import SectionKind
from tests.citizen_qa.test_views import _form
from tests.factories.citizen_qa import FieldFactory, RoutingRuleFactory
from tests.factories.documents import PDF, AttachmentFactory, DocumentFactory
from tests.factories.news import ArticleFactory, PhotoFactory, jpeg_upload
from tests.factories.subsites import SectionFactory
from tests.news.test_admin import _form as article_form

from .conftest import point_storages_at

pytestmark = [pytest.mark.django_db, pytest.mark.servers]

# The admin answers in Vietnamese, the default language.
UNAVAILABLE = "Kho lưu tệp không trả lời: chưa có gì được lưu. Vui lòng thử lại sau ít phút."


@pytest.fixture(params=["refusing", "hanging"])
def broken_endpoint(request):
    return request.getfixturevalue(f"{request.param}_endpoint")


def _break(settings, endpoint: str) -> None:
    """The same settings, but the S3 server is now down (or stalled): a second per call at most."""
    point_storages_at(settings, endpoint, timeout=0.5, attempts=1)


@pytest.fixture
def article_with_photo(s3, unit_a):
    SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc", title_vi="Tin tức")
    article = ArticleFactory(unit=unit_a, published=True, title_vi="Bão số 5 đổ bộ")
    photo = PhotoFactory(article=article)
    assert s3.names(s3.public) == [photo.image.name]
    return article


def test_public_article_page_answers_without_the_photo(client, settings, article_with_photo, broken_endpoint):
    _break(settings, broken_endpoint)
    response = client.get(article_with_photo.get_absolute_url())
    assert response.status_code == 200
    assert "Bão số 5 đổ bộ" in response.content.decode()
    assert "<picture" not in response.content.decode()  # no broken image: the photo is left out


def test_a_stalled_store_is_waited_for_once_per_page_not_once_per_photo(
    client, settings, article_with_photo, hanging_endpoint
):
    PhotoFactory.create_batch(3, article=article_with_photo)
    _break(settings, hanging_endpoint)
    response = client.get(article_with_photo.get_absolute_url())
    assert response.status_code == 200
    assert "<picture" not in response.content.decode()
    # One photo's attempt (sorl looks for the rendition, then reads the original): the three others and
    # the sharing image were left out without waiting.
    assert len(hanging_endpoint.accepted) <= 2


def test_public_media_address_answers_503(client, settings, article_with_photo, broken_endpoint):
    name = Photo.objects.get().image.name
    _break(settings, broken_endpoint)
    response = client.get(f"/media/{name}")
    assert response.status_code == 503
    assert response["Retry-After"]


def test_upload_fails_with_a_clear_message_and_saves_nothing(
    client, settings, s3, unit_a, editor_a, broken_endpoint
):
    _break(settings, broken_endpoint)
    client.force_login(editor_a)
    url = reverse("admin:news_article_add")
    response = client.post(url, article_form(unit_a, [jpeg_upload("anh.jpg")]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(url, 302)]
    assert UNAVAILABLE in [str(m) for m in response.context["messages"]]
    assert not Article.objects.exists()
    assert not Photo.objects.exists()
    assert s3.names(s3.public) == []


def test_private_download_fails_without_a_500(client, settings, s3, unit_a, broken_endpoint):
    attachment = AttachmentFactory(document=DocumentFactory(unit=unit_a, published=True))
    _break(settings, broken_endpoint)
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 503


def test_question_with_a_file_is_refused_with_a_message_and_nothing_kept(
    client, settings, s3, unit_a, broken_endpoint
):
    field = FieldFactory(slug="dat-dai", name_vi="Đất đai")
    RoutingRuleFactory(field=field, unit=unit_a)
    _break(settings, broken_endpoint)
    upload = io.BytesIO(PDF)
    upload.name = "so-do.pdf"
    response = client.post("/vi/hoi-dap/dat-cau-hoi/", {**_form(field), "attachments": upload})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Chưa lưu được tệp đính kèm của bạn: chưa có gì được gửi. Vui lòng thử lại sau."
    ]
    assert not Question.objects.exists()
