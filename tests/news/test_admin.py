"""The article admin: scoped to the editor's units, photos checked with clear messages, steps via services."""

import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from news.enums import Status
from news.models import Article, ArticleTranslationState, Photo
from subsites.enums import Role

from ..factories.news import ArticleFactory, jpeg_upload
from ..factories.subsites import member
from .conftest import write_article

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _form(unit, photos=(), **extra):
    data = {
        "unit": unit.pk,
        "title_vi": "Bài viết từ trang quản trị",
        "summary_vi": "Tóm tắt",
        "body_vi": "<p>Nội dung <script>alert(1)</script></p>",
        "author": "Phóng viên",
        "source": "",
        "photos-TOTAL_FORMS": str(len(photos)),
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
    }
    for i, upload in enumerate(photos):
        data.update(
            {f"photos-{i}-image": upload, f"photos-{i}-alt_text_vi": f"Ảnh {i}", f"photos-{i}-order": i}
        )
    data.update(extra)
    return data


def _png_bytes(size, mode="1") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def test_editor_adds_an_article_with_two_photos(client, editor_a, unit_a):
    client.force_login(editor_a)
    response = client.post(
        reverse("admin:news_article_add"), _form(unit_a, [jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(unit=unit_a)
    assert article.status == Status.DRAFT and "<script" not in article.body_vi
    assert article.photos.count() == 2 and article.revisions.count() == 1
    assert article.version_author == editor_a


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("anh.jpg", PDF, "not what the extension claims"),
        ("rong.jpg", b"", "empty"),
        ("bom.png", _png_bytes((10000, 10000)), "megapixels"),
        ("tai-lieu.pdf", PDF, "not accepted"),
    ],
    ids=["renamed-pdf", "zero-bytes", "100-megapixels", "pdf"],
)
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
def test_bad_images_get_a_clear_message_and_nothing_is_saved(client, editor_a, unit_a, name, content, words):
    client.force_login(editor_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("admin:news_article_add"), _form(unit_a, [upload]))
    assert response.status_code == 200
    errors = str(response.context["inline_admin_formsets"][0].formset.errors)
    assert name in errors and words in errors
    assert not Article.objects.exists() and not Photo.objects.exists()


def test_cmyk_jpeg_is_accepted_and_served_as_rgb(client, editor_a, unit_a):
    client.force_login(editor_a)
    cmyk = jpeg_upload("cmyk.jpg", mode="CMYK")
    response = client.post(reverse("admin:news_article_add"), _form(unit_a, [cmyk]))
    assert response.status_code == 302
    with Image.open(Photo.objects.get().image.path) as stored:
        assert stored.mode == "RGB"


def test_exif_orientation_applied_and_gps_stripped(unit_a, editor_a):
    from news import services

    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the camera was held upright
    exif[0x8825] = {1: "N", 2: (10.0, 20.0, 30.0)}  # GPS
    exif[0x010F] = "Camera maker"
    article = write_article(unit_a, editor_a, photos=0)
    photo = services.photo_add(
        article=article, upload=jpeg_upload("gps.jpg", size=(80, 40), exif=exif), acting_user=editor_a
    )
    assert (photo.width, photo.height) == (40, 80)
    with Image.open(photo.image.path) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info


def test_a_clean_photo_is_kept_byte_for_byte(unit_a, editor_a):
    """No metadata to strip: the stored file is the uploaded one, so an exported photo re-imports the same."""
    from news import services

    upload = jpeg_upload("clean.jpg", size=(80, 40))
    original = upload.read()
    upload.seek(0)
    article = write_article(unit_a, editor_a, photos=0)
    photo = services.photo_add(article=article, upload=upload, acting_user=editor_a)
    with open(photo.image.path, "rb") as stored:
        assert stored.read() == original


def test_editor_of_unit_a_cannot_touch_unit_b(client, editor_a, unit_a, unit_b):
    writer_b = member(unit_b, Role.EDITOR)
    article_b = write_article(unit_b, writer_b, title="Bài của Sở Y tế", photos=0)
    client.force_login(editor_a)
    listing = client.get(reverse("admin:news_article_changelist"))
    assert "Bài của Sở Y tế" not in listing.text
    change = reverse("admin:news_article_change", args=[article_b.pk])
    assert client.get(change).status_code in (302, 404)
    client.post(change, _form(unit_b, title_vi="Bị sửa"))
    client.post(reverse("admin:news_article_workflow", args=[article_b.pk]), {"action": "submit"})
    client.post(reverse("admin:news_article_delete", args=[article_b.pk]), {"post": "yes"})
    article_b.refresh_from_db()
    assert (article_b.title_vi, article_b.status) == ("Bài của Sở Y tế", Status.DRAFT)
    response = client.post(reverse("admin:news_article_add"), _form(unit_b, title_vi="Giả mạo"))
    assert response.status_code == 200 and "unit" in response.context["adminform"].form.errors
    assert not Article.objects.filter(title_vi="Giả mạo").exists()


def test_workflow_buttons_call_the_services(client, editor_a, approver_a, unit_a):
    article = write_article(unit_a, editor_a)
    workflow = reverse("admin:news_article_workflow", args=[article.pk])
    client.force_login(editor_a)
    client.post(workflow, {"action": "publish"})  # an editor may not publish: an error message, no 500
    client.post(workflow, {"action": "submit"})
    client.force_login(approver_a)
    page = client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert 'value="publish"' in page.text
    response = client.post(
        workflow, {"action": "publish", "publish_date": "2099-01-01", "publish_time": "07:30"}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.published_at.year == 2099
    response = client.post(workflow, {"action": "publish", "publish_date": "not a date"}, follow=True)
    assert response.status_code == 200


def test_translation_queue_and_translate_page(client, translator_a_km, approver_a, unit_a, unit_b, editor_a):
    article = ArticleFactory(unit=unit_a, published=True, title_vi="Bài cần dịch")
    ArticleFactory(unit=unit_b, published=True, title_vi="Bài của đơn vị khác")
    client.force_login(translator_a_km)
    queue = client.get(reverse("admin:news_translation_queue"), {"language": "km"})
    assert "Bài cần dịch" in queue.text and "Bài của đơn vị khác" not in queue.text
    url = reverse("admin:news_article_translate", args=[article.pk, "km"])
    page = client.get(url)
    assert page.status_code == 200 and "Bài cần dịch" in page.text  # the source beside the fields
    assert client.get(reverse("admin:news_article_translate", args=[article.pk, "en"])).status_code == 403
    response = client.post(url, {"action": "submit", "title": "", "summary": "", "body": ""})
    assert response.status_code == 200 and response.context["form"].errors
    client.post(url, {"action": "submit", "title": "អត្ថបទ", "summary": "", "body": "<p>ខ្លឹមសារ</p>"})
    translation = ArticleTranslationState.objects.get(article=article, language="km")
    assert translation.state == "pending"
    client.force_login(approver_a)
    client.post(url, {"action": "publish"})
    translation.refresh_from_db()
    assert translation.live
    client.force_login(translator_a_km)
    queue = client.get(reverse("admin:news_translation_queue"), {"language": "km"})
    assert "Bài cần dịch" not in queue.text


def test_coverage_matrix_is_for_the_board_only(client, board, editor_a, unit_a):
    ArticleFactory(unit=unit_a, published=True)
    client.force_login(editor_a)
    assert client.get(reverse("admin:news_coverage")).status_code == 403
    client.force_login(board)
    response = client.get(reverse("admin:news_coverage"))
    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r["unit"] == unit_a)
    assert row["total"] == 1 and [c["share"] for c in row["cells"]] == [0, 0]
    bad = client.get(reverse("admin:news_coverage"), {"start": "2026-06-30", "end": "2026-01-01"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_revisions_page_restores_an_earlier_version(client, editor_a, unit_a):
    from news import services

    article = write_article(unit_a, editor_a, title="Tiêu đề cũ", photos=0)
    services.article_update(article=article, acting_user=editor_a, title_vi="Tiêu đề mới")
    client.force_login(editor_a)
    url = reverse("admin:news_article_revisions", args=[article.pk])
    assert "Tiêu đề cũ" in client.get(url).text
    client.post(url, {"revision": article.revisions.get(action="create").pk})
    article.refresh_from_db()
    assert article.title_vi == "Tiêu đề cũ"


def _editor_nonce(response) -> str:
    """The nonce of the editor's import map, which the page's CSP must name."""
    match = re.search(r'<script type="importmap" nonce="([^"]+)">', response.text)
    assert match, "no import map with a nonce"
    assert f"'nonce-{match.group(1)}'" in response["Content-Security-Policy"]
    return match.group(1)


def test_bodies_are_written_in_the_rich_text_editor_and_sanitised_on_save(
    client, editor_a, translator_a_km, approver_a, unit_a
):
    client.force_login(editor_a)
    page = client.get(reverse("admin:news_article_add"))
    assert 'name="body_vi"' in page.text and "data-django-prose-editor-configurable" in page.text
    _editor_nonce(page)
    typed = '<h2>Kết quả</h2><p>Tại <strong>Ao Bà Om</strong><img src=x onerror="alert(1)"></p>'
    response = client.post(reverse("admin:news_article_add"), _form(unit_a, body_vi=typed))
    assert response.status_code == 302
    article = Article.objects.get(unit=unit_a)
    assert article.body_vi == '<h2>Kết quả</h2><p>Tại <strong>Ao Bà Om</strong><img src="x"></p>'

    client.force_login(translator_a_km)
    url = reverse("admin:news_article_translate", args=[article.pk, "km"])
    page = client.get(url)
    assert "data-django-prose-editor-configurable" in page.text
    assert "<h2>Kết quả</h2>" in page.text  # the Vietnamese source beside the editor, formatted
    _editor_nonce(page)
    client.post(url, {"action": "save", "title": "លទ្ធផល", "summary": "", "body": "<p><em>ខ្មែរ</em></p>"})
    assert ArticleTranslationState.objects.get(article=article, language="km").body == "<p><em>ខ្មែរ</em></p>"
    client.post(url, {"action": "save", "title": "លទ្ធផល", "summary": "", "body": "<p></p>"})
    assert ArticleTranslationState.objects.get(article=article, language="km").body == ""
