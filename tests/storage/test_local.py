"""Without S3 settings: files stay on the local disk, private ones outside MEDIA_ROOT, with an expiring
signed address standing for S3's presigned one; S3 settings that would mix the buckets stop start-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html import unescape

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from config import object_storage
from documents.models import Attachment
from portal.storage import move_to_private, private_storage
from tests.factories.documents import PDF, AttachmentFactory, DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"


def _private_link(client, document) -> str:
    form = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert form.status_code == 200
    links = [unescape(u) for u in re.findall(r'href="(/private-media/[^"]+)"', form.content.decode())]
    assert len(links) == 1, links
    return links[0]


def test_attachment_kept_outside_media_root(tmp_path, unit_a):
    attachment = AttachmentFactory(document=DocumentFactory(unit=unit_a))
    assert (tmp_path / "private" / attachment.file.name).read_bytes() == PDF
    assert not any(p.is_file() for p in (tmp_path / "media").rglob("*"))


def test_editor_gets_an_expiring_address_that_others_cannot_forge(client, settings, unit_a, editor_a):
    document = DocumentFactory(unit=unit_a)
    AttachmentFactory(document=document)
    client.force_login(editor_a)
    link = _private_link(client, document)
    client.logout()

    response = client.get(link)  # the address alone, as S3's presigned one
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"

    assert client.get(link[:-3] + "AAA/").status_code == 404  # a forged signature
    assert client.get("/private-media/documents/").status_code == 404
    settings.PORTAL_PRIVATE_URL_SECONDS = -1  # the address has expired
    assert client.get(link).status_code == 404


def test_files_of_earlier_versions_move_out_of_media_root(unit_a):
    attachment = AttachmentFactory(document=DocumentFactory(unit=unit_a))
    name = attachment.file.name
    with private_storage.open(name, "rb") as stored:
        default_storage.save(name, ContentFile(stored.read()))  # where the file was before this version
    private_storage.delete(name)

    assert move_to_private(Attachment, "file") == 1
    assert not default_storage.exists(name)
    with private_storage.open(name, "rb") as moved:
        assert moved.read() == PDF
    assert move_to_private(Attachment, "file") == 0  # run again: nothing left to move


def test_one_bucket_for_both_is_refused():
    values = {
        "S3_BUCKET": "portal",
        "S3_PRIVATE_BUCKET": "portal",
        "S3_ENDPOINT_URL": "",
        "S3_ACCESS_KEY_ID": "",
        "S3_SECRET_ACCESS_KEY": "",
        "S3_REGION": "",
        "PORTAL_PRIVATE_URL_SECONDS": 300,
    }
    with pytest.raises(ImproperlyConfigured, match="S3_PRIVATE_BUCKET"):
        object_storage.storages(values, "staticfiles")
    with pytest.raises(ImproperlyConfigured, match="S3_PRIVATE_BUCKET"):
        object_storage.storages({**values, "S3_PRIVATE_BUCKET": ""}, "staticfiles")


def test_the_private_alias_naming_the_stand_in_is_refused(settings):
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "reports.storage.PrivateStorage"}}
    with pytest.raises(ImproperlyConfigured, match="private"):
        private_storage.exists("reports/x.pdf")


def test_no_s3_settings_keep_the_local_folders():
    values = {"S3_BUCKET": ""}
    aliases = object_storage.storages(values, "staticfiles")
    assert aliases["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert aliases["private"]["BACKEND"] == "portal.storage.PrivateFileSystemStorage"


def test_the_security_policy_lets_browsers_show_photos_from_the_bucket():
    """With S3 a page links its photos at the bucket's address: the settings the servers load must allow
    that origin in img-src, or every browser hides the photos (a plain HTTP client would not notice)."""
    env = {
        **os.environ,
        "S3_BUCKET": "portal-media",
        "S3_PRIVATE_BUCKET": "portal-private",
        "S3_ENDPOINT_URL": "https://s3.dc.example.gov.vn:9000/",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    show = "from django.conf import settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    result = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True, check=True)
    assert "https://s3.dc.example.gov.vn:9000" in result.stdout
    without = subprocess.run(
        [sys.executable, "-c", show],
        env={k: v for k, v in env.items() if not k.startswith("S3_")},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "s3.dc.example.gov.vn" not in without.stdout
    assert object_storage.media_origins({"S3_BUCKET": "m", "S3_ENDPOINT_URL": ""}) == [
        "https://*.amazonaws.com"
    ]
