"""The one upload validator: editor forms, the importer and citizens' attachments all call `validate_upload`.

A file is judged by its content, never by its name: the extension must be one we accept *and* the
bytes must be what the extension claims. Images are also opened with Pillow, which refuses
decompression bombs and truncated files.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _

from .storage import storage_errors

log = logging.getLogger(__name__)

IMAGE_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
KINDS = {"image": IMAGE_TYPES, "document": DOCUMENT_TYPES}
# Types a browser may render inline without risk; everything else is served as an attachment.
INLINE_SAFE = {"application/pdf", "image/jpeg", "image/png", "image/webp"}
_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedUpload:
    extension: str
    content_type: str
    size: int


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    return head


def _size_of(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
        file.seek(0)
    return size


def validate_upload(
    file, *, kinds: tuple[str, ...] = ("document",), max_bytes: int | None = None
) -> CheckedUpload:
    """Check an uploaded or on-disk file; raise ValidationError naming what is wrong."""
    name = os.path.basename(getattr(file, "name", "") or "")
    allowed = {ext: mime for kind in kinds for ext, mime in KINDS[kind].items()}
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationError(
            _("“%(name)s”: files of this type are not accepted. Accepted: %(allowed)s.")
            % {"name": name or "?", "allowed": ", ".join(sorted({e for e in allowed if e != "jpeg"}))},
            code="extension",
        )
    size = _size_of(file)
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty (0 bytes).") % {"name": name}, code="empty")
    limit = max_bytes or (
        settings.PORTAL_IMAGE_MAX_BYTES if kinds == ("image",) else settings.PORTAL_UPLOAD_MAX_BYTES
    )
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB.")
            % {"name": name, "size": _megabytes(size), "limit": _megabytes(limit)},
            code="too_large",
        )
    expected = allowed[extension]
    guessed = filetype.guess_mime(_read_head(file))
    if guessed != expected:
        raise ValidationError(
            _("“%(name)s” ends in .%(ext)s but its content is %(found)s, not what the extension claims.")
            % {"name": name, "ext": extension, "found": guessed or _("of an unknown type")},
            code="content_mismatch",
        )
    if expected.startswith("image/"):
        _check_image(file, name)
    return CheckedUpload(extension=extension, content_type=expected, size=size)


def _check_image(file, name: str) -> None:
    from PIL import Image

    max_pixels = settings.PORTAL_IMAGE_MAX_PIXELS
    try:
        file.seek(0)
        with Image.open(file) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("“%(name)s” is %(w)s×%(h)s pixels; the limit is %(mp)s megapixels.")
                    % {"name": name, "w": width, "h": height, "mp": max_pixels // 1_000_000},
                    code="too_many_pixels",
                )
            image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("“%(name)s” has too many pixels to be processed safely.") % {"name": name}, code="bomb"
        ) from None
    except Exception:
        raise ValidationError(
            _("“%(name)s” is damaged or not a readable image.") % {"name": name}, code="unreadable"
        ) from None
    finally:
        file.seek(0)


def storage_unavailable(error: Exception) -> HttpResponse:
    """The file store (a disk, an S3 server) failed or did not answer in time: a 503 to retry, not a 500."""
    log.warning("file store unavailable: %s", error)
    return HttpResponse(status=503, headers={"Retry-After": "30"})


def file_response(field_file, *, download_name: str, content_type: str) -> FileResponse | HttpResponse:
    """Serve a stored upload: its checked type, `nosniff`, inline only for types safe to render. A missing
    file raises FileNotFoundError (the caller's 404); a store that fails answers 503."""
    inline = content_type in INLINE_SAFE
    try:
        opened = field_file.open("rb")
    except FileNotFoundError:
        raise
    except storage_errors() as error:
        return storage_unavailable(error)
    response = FileResponse(
        opened, as_attachment=not inline, filename=download_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
