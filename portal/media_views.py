"""Serving uploaded public images (news photos, banners, unit logos) through Django, not raw MEDIA_URL.

Only the folders of public images are served here; document attachments, consultation files and
outcome reports go through their apps' views, which check that their content is public. Each file
is re-judged by its content on the way out: the type sent is what the bytes are (never what the
name says), with `nosniff` and a sandboxing CSP, and nothing but a safe image is shown inline. In
production the reverse proxy may serve the same folders itself with the same headers; with S3 the
pages link the public bucket's addresses instead (storage.url), and this view reads the bucket.
"""

from __future__ import annotations

import errno
import os

import filetype
from django.conf import settings
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_safe

from .storage import PRIVATE_URL_SALT, private_storage, storage_errors
from .uploads import INLINE_SAFE, file_response, storage_unavailable

_HEAD_BYTES = 8192


def public_prefixes() -> tuple[str, ...]:
    return tuple(settings.PORTAL_PUBLIC_MEDIA_PREFIXES)


@require_safe
def serve_public_media(request, path: str):
    name = path.replace("\\", "/")
    parts = name.split("/")
    if not name.startswith(public_prefixes()) or any(p in ("", ".", "..") for p in parts):
        raise Http404("not a public file")
    try:
        stored = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, ValueError, SuspiciousFileOperation):
        raise Http404("no such file") from None
    except storage_errors() as error:
        if isinstance(error, OSError) and error.errno == errno.ENAMETOOLONG:  # no file can have that name
            raise Http404("no such file") from None
        return storage_unavailable(error)  # a disk or an S3 server failing or not answering
    content_type = filetype.guess_mime(stored.read(_HEAD_BYTES)) or "application/octet-stream"
    stored.seek(0)
    if content_type not in INLINE_SAFE:
        # Whatever else ended up in a public folder (SVG, HTML, unknown) is only ever downloaded.
        content_type = "application/octet-stream"
    response = file_response(stored, download_name=os.path.basename(name), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def serve_private_media(request, token: str):
    """A private file at the expiring address the local private storage gives (as S3 presigns one)."""
    try:
        name = signing.loads(token, salt=PRIVATE_URL_SALT, max_age=settings.PORTAL_PRIVATE_URL_SECONDS)
        stored = private_storage.open(name, "rb")
    except (signing.BadSignature, FileNotFoundError, IsADirectoryError, SuspiciousFileOperation, ValueError):
        raise Http404("no such file") from None
    content_type = filetype.guess_mime(stored.read(_HEAD_BYTES)) or "application/octet-stream"
    stored.seek(0)
    if content_type not in INLINE_SAFE:
        content_type = "application/octet-stream"
    response = file_response(stored, download_name=os.path.basename(name), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
