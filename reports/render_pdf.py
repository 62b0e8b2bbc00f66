"""The report as a PDF: the same document rendered from HTML by WeasyPrint, fonts embedded.

Text is set in Times New Roman where installed, else Liberation Serif / DejaVu Serif (both cover
Vietnamese); Khmer falls back to the project's own Noto Sans Khmer, loaded by a file:// URL.
WeasyPrint embeds the subset of every font it uses. No network: every URL is a file or data URI.
"""

from __future__ import annotations

import base64
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .content import MOTTO, NATIONAL_TITLE, Chart, ReportDocument

_FONTS = Path(settings.BASE_DIR) / "static" / "fonts"


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def render_html(doc: ReportDocument) -> str:
    blocks = [
        {"title": b.title, "png": _data_uri(b.png)}
        if isinstance(b, Chart)
        else {"kind": b.kind, "text": b.text}
        for b in doc.blocks
    ]
    return render_to_string(
        "reports/report_document.html",
        {
            "doc": doc,
            "blocks": blocks,
            "national_title": NATIONAL_TITLE,
            "motto": MOTTO,
            "khmer_regular": (_FONTS / "noto-sans-khmer-khmer-400-normal.woff2").as_uri(),
            "khmer_bold": (_FONTS / "noto-sans-khmer-khmer-700-normal.woff2").as_uri(),
        },
    )


def render_pdf(doc: ReportDocument) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    offline = URLFetcher(allowed_protocols={"file", "data"})
    return HTML(string=render_html(doc), base_url=str(settings.BASE_DIR), url_fetcher=offline).write_pdf()
