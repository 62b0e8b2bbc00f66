"""The one upload validator: by content, not by name; size and pixel limits; a clear message each time."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.uploads import validate_upload

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def image_bytes(fmt="JPEG", size=(40, 30), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "red").save(buffer, fmt)
    return buffer.getvalue()


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_pdf_accepted():
    assert validate_upload(upload("qd.pdf", PDF)).content_type == "application/pdf"


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_images_accepted(fmt, ext):
    assert validate_upload(upload(f"a.{ext}", image_bytes(fmt)), kinds=("image",)).extension == ext


def test_cmyk_jpeg_accepted():
    validate_upload(upload("cmyk.jpg", image_bytes("JPEG", mode="CMYK")), kinds=("image",))


@pytest.mark.parametrize(
    ("name", "content", "kinds", "code"),
    [
        ("anh.jpg", PDF, ("image",), "content_mismatch"),  # a renamed PDF
        ("qd.pdf", b"MZ\x90\x00" + b"\x00" * 100, ("document",), "content_mismatch"),
        ("empty.pdf", b"", ("document",), "empty"),
        ("virus.exe", b"MZ", ("document",), "extension"),
        ("page.html", b"<html><script>x</script>", ("document",), "extension"),
        ("logo.svg", b"<svg/>", ("image",), "extension"),
        ("noext", PDF, ("document",), "extension"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, ("image",), "unreadable"),
    ],
)
def test_bad_files_refused_with_a_reason(name, content, kinds, code):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content), kinds=kinds)
    assert error.value.code == code
    assert name in error.value.messages[0]


def test_size_limit(settings):
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", PDF + b"0" * 2048), max_bytes=1024)
    assert error.value.code == "too_large"
    assert "MB" in error.value.messages[0]


def test_decompression_bomb(settings):
    settings.PORTAL_IMAGE_MAX_PIXELS = 1_000_000
    bomb = image_bytes("PNG", size=(2000, 2000))
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("bomb.png", bomb), kinds=("image",))
    assert error.value.code in {"too_many_pixels", "bomb"}
