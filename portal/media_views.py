"""Serving uploaded public images (news photos, banners, unit logos) through Django, not raw MEDIA_URL.

Only the folders of public images are served here; document attachments, consultation files and
outcome reports go through their apps' views, which check that their content is public. Each file
is re-judged by its content on the way out: the type sent is what the bytes are (never what the
name says), with `nosniff` and a sandboxing CSP, and nothing but a safe image is shown inline. In
production the reverse proxy may serve the same folders itself with the same headers.
"""

from __future__ import annotations

import os
from pathlib import Path

import filetype
from django.conf import settings
from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_safe

from .uploads import INLINE_SAFE, file_response

_HEAD_BYTES = 8192


def public_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "PORTAL_PUBLIC_MEDIA_PREFIXES", ("news/", "banners/", "units/", "cache/")))


@require_safe
def serve_public_media(request, path: str):
    name = path.replace("\\", "/")
    parts = name.split("/")
    if not name.startswith(public_prefixes()) or any(p in ("", ".", "..") for p in parts):
        raise Http404("not a public file")
    root = Path(settings.MEDIA_ROOT).resolve()
    full = (root / name).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404("no such file")
    with open(full, "rb") as handle:
        content_type = filetype.guess_mime(handle.read(_HEAD_BYTES)) or "application/octet-stream"
    if content_type not in INLINE_SAFE:
        # Whatever else ended up in a public folder (SVG, HTML, unknown) is only ever downloaded.
        content_type = "application/octet-stream"
    response = file_response(
        default_storage.open(name), download_name=os.path.basename(name), content_type=content_type
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response
