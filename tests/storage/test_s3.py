"""Every file of the portal in S3-protocol buckets: photos and their renditions, attachments, citizens'
files, reports, the article PDF and the exchange folder, read and written through the storage API.

The S3 server is moto in server mode on loopback (tests/storage/conftest.py); the `s3` fixture fails a
test that leaves any file on the local disk."""

from __future__ import annotations

import io
import re
import urllib.error
import urllib.request
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from citizen_qa import services as qa_services
from documents.models import Attachment
from exchange.exporter import export_folder
from exchange.importer import import_folder
from news.models import Article, Photo
from reports import services as report_services
from subsites.enums import Role, SectionKind
from tests.exchange.conftest import SAMPLE_FILES, sample_lines, write_folder
from tests.exchange.test_roundtrip import _empty_the_database, _files
from tests.factories.citizen_qa import FieldFactory, RoutingRuleFactory
from tests.factories.documents import PDF, AttachmentFactory, DocumentFactory
from tests.factories.news import jpeg_upload
from tests.factories.subsites import SectionFactory, member
from tests.news.conftest import publish
from tests.news.test_admin import _form as article_form

pytestmark = [pytest.mark.django_db, pytest.mark.servers]

JPEG, WEBP = b"\xff\xd8\xff", b"RIFF"


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test's own loopback server
        return response.read()


def _image_addresses(html: str) -> list[str]:
    found = re.findall(r'(?:src|srcset)="([^"]+)"', html)
    return [unescape(part.strip().split(" ")[0]) for value in found for part in value.split(",")]


@pytest.fixture
def news_section(unit_a):
    return SectionFactory(unit=unit_a, kind=SectionKind.ARTICLES, slug="tin-tuc", title_vi="Tin tức")


@pytest.fixture
def uploaded_article(client, s3, news_section, unit_a, editor_a, approver_a):
    """An editor adds an article with a photo through the admin; it is published."""
    client.force_login(editor_a)
    response = client.post(reverse("admin:news_article_add"), article_form(unit_a, [jpeg_upload("anh.jpg")]))
    assert response.status_code == 302
    article = Article.objects.get(unit=unit_a)
    publish(article, editor_a, approver_a)
    client.logout()
    article.refresh_from_db()
    return article


def test_uploaded_photo_and_its_renditions_are_served_from_the_public_bucket(client, s3, uploaded_article):
    photo = Photo.objects.get(article=uploaded_article)
    assert s3.names(s3.public) == [photo.image.name]

    page = client.get(uploaded_article.get_absolute_url())
    assert page.status_code == 200
    addresses = [a for a in _image_addresses(page.content.decode()) if "/cache/" in a]
    assert addresses, "the page shows the photo's renditions"
    bucket = f"{s3.endpoint}/{s3.public}/"
    assert all(a.startswith(bucket) for a in addresses), addresses
    fetched = [_fetch(a)[:4] for a in addresses]
    assert any(f.startswith(JPEG) for f in fetched) and WEBP in fetched
    assert len(s3.names(s3.public)) > 1  # the renditions were written to the bucket, beside the original


def test_the_public_media_address_reads_the_bucket(client, s3, uploaded_article):
    photo = Photo.objects.get(article=uploaded_article)
    response = client.get(f"/media/{photo.image.name}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(JPEG)
    assert client.get("/media/news/no-such-photo.jpg").status_code == 404


def test_article_pdf_embeds_the_photo_read_from_the_bucket(client, s3, uploaded_article):
    response = client.get(uploaded_article.get_absolute_url() + "pdf/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert b"/Subtype /Image" in response.content


def test_attachment_of_an_unpublished_document_is_private(client, s3, unit_a, editor_a):
    document = DocumentFactory(unit=unit_a)  # a draft
    attachment = AttachmentFactory(document=document)
    assert s3.names(s3.private) == [attachment.file.name]
    assert s3.names(s3.public) == []

    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get(f"/media/{attachment.file.name}").status_code == 404

    client.force_login(editor_a)
    form = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert form.status_code == 200
    links = [unescape(u) for u in re.findall(r'href="([^"]+)"', form.content.decode()) if s3.private in u]
    assert len(links) == 1 and "X-Amz-Expires=300" in links[0], links  # presigned, valid for minutes
    assert _fetch(links[0]) == PDF
    with pytest.raises(urllib.error.HTTPError, match="403"):  # the bucket itself is not readable
        _fetch(links[0].split("?")[0])


def test_attachment_of_a_published_document_is_streamed_after_the_check(client, s3, unit_a):
    attachment = AttachmentFactory(document=DocumentFactory(unit=unit_a, published=True))
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert Attachment.objects.get(pk=attachment.pk).download_count == 1


def test_question_attachment_kept_in_the_private_bucket_and_shown_to_the_handling_unit(
    client, s3, unit_a, unit_b, editor_a
):
    editor_b = member(unit_b, Role.EDITOR, username="editor_b")
    field = FieldFactory(slug="dat-dai", name_vi="Đất đai")
    RoutingRuleFactory(field=field, unit=unit_a)
    upload = io.BytesIO(PDF)
    upload.name = "so-do.pdf"
    question = qa_services.question_submit(
        unit=unit_a,
        field=field,
        title="Thủ tục chuyển mục đích sử dụng đất",
        body="Cần hồ sơ gì?",
        asker=qa_services.AskerData(name="Trần Thị Bình", email="binh@example.com", phone="", address=""),
        display_mode="initials",
        allow_publication=True,
        language="vi",
        confirm_url="http://testserver/vi/hoi-dap/xac-nhan/{token}/",
        attachments=[upload],
    )
    attachment = question.attachments.get()
    assert s3.names(s3.private) == [attachment.file.name]
    url = reverse("admin:citizen_qa_question_attachment", args=[question.pk, attachment.pk])

    client.force_login(editor_b)  # another unit's editor
    assert client.get(url).status_code in (403, 404)
    client.force_login(editor_a)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_generated_report_is_downloaded_by_the_board_from_the_private_bucket(
    client, s3, settings, main_portal, board, editor_a, django_capture_on_commit_callbacks
):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "tests.reports.fakes.FakeSources"
    report = report_services.report_create(
        period_start=date(2022, 1, 1),
        period_end=date(2022, 6, 30),
        signer_name="Nguyễn Thanh Tâm",
        acting_user=board,
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.report_generate(report=report, acting_user=board)
    report.refresh_from_db()
    assert sorted(s3.names(s3.private)) == sorted(
        [report.docx_file.name, report.pdf_file.name, report.xlsx_file.name]
    )

    url = reverse("admin:reports_report_download", args=[report.pk, "pdf"])
    client.force_login(editor_a)
    assert client.get(url).status_code == 403
    client.force_login(board)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_exchange_export_and_import_round_trip_with_files_in_buckets(s3, tmp_path):
    import_folder(write_folder(tmp_path / "in", sample_lines(), SAMPLE_FILES))
    photos, private = s3.names(s3.public), s3.names(s3.private)
    assert photos and private  # photos in the public bucket, attachments and draft files in the private one
    export_folder(tmp_path / "first")

    _empty_the_database()
    import_folder(tmp_path / "first")
    export_folder(tmp_path / "second")
    assert _files(tmp_path / "first") == _files(tmp_path / "second")
    assert any(name.endswith(".pdf") for name in _files(tmp_path / "second"))
