"""A sample exchange folder with every kind, written in a temporary directory."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png(color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), color).save(buffer, "PNG")
    return buffer.getvalue()


def sample_lines() -> list[dict]:
    return [
        {"kind": "visits", "unit": "sotp", "date": "2022-03-01", "count": 1234},
        {
            "kind": "unit",
            "key": "sotp",
            "name": {"vi": "Sở Tư pháp", "en": "Department of Justice"},
            "parent": "tinh",
            "type": "department",
            "contact": {"address": "Số 1 Lê Lợi", "phone": "0294 3862 000", "email": "sotp@travinh.gov.vn"},
        },
        {
            "kind": "unit",
            "key": "tinh",
            "name": {"vi": "Cổng thông tin điện tử tỉnh Trà Vinh", "en": "Tra Vinh Portal", "km": "វិបផតថល"},
            "parent": None,
            "type": "portal",
        },
        {
            "kind": "article",
            "key": "a-1",
            "unit": "sotp",
            "title": {"vi": "Hội nghị chuyển đổi số", "km": "សន្និសីទ"},
            "summary": {"vi": "Tóm tắt"},
            "body": {"vi": "<p>Nội dung</p><script>alert(1)</script>", "km": "<p>ខ្លឹមសារ</p>"},
            "published_at": "2022-03-01T08:00:00+07:00",
            "translations": {"km": {"published_at": "2022-03-05T09:30:00+07:00"}},
            "author": "Minh Anh",
            "featured": True,
            "photos": [
                {
                    "file": "photos/1.png",
                    "caption": {"vi": "Toàn cảnh"},
                    "alt": {"vi": "Hội trường", "km": "សាល"},
                }
            ],
        },
        {
            "kind": "article",
            "key": "a-2",
            "unit": "tinh",
            "title": {"vi": "Bản nháp", "en": "A draft"},
            "body": {"vi": "<p>Chưa đăng</p>", "en": "<p>Not yet</p>"},
            "status": "draft",
            "photos": [{"file": "photos/2.jpg", "caption": {"vi": "Cầu"}, "alt": {"vi": "Cầu Long Bình"}}],
        },
        {
            "kind": "document",
            "key": "d-2",
            "unit": "sotp",
            "number": "20/QĐ-UBND",
            "doc_type": "QĐ",
            "category": "direction",
            "title": {"vi": "Sửa đổi quyết định 1762"},
            "issuer": "Ủy ban nhân dân tỉnh Trà Vinh",
            "signer": "Chủ tịch Lê Văn Hẳn",
            "issued_on": "2022-02-01",
            "posted_at": "2022-02-03T10:00:00+07:00",
            "files": [{"file": "files/20.pdf", "title": "Toàn văn"}],
            "relations": [{"type": "amends", "target": "d-1"}],
        },
        {
            "kind": "document",
            "key": "d-1",
            "unit": "sotp",
            "number": "1762/QĐ-UBND",
            "doc_type": "QĐ",
            "category": "direction",
            "title": {"vi": "Ban hành quy chế", "en": "Issuing the rules"},
            "issuer": "Ủy ban nhân dân tỉnh Trà Vinh",
            "signer": "Chủ tịch",
            "issued_on": "2021-08-02",
            "effective_on": "2021-08-15",
            "posted_at": "2021-08-04T08:00:00Z",
            "files": [],
        },
        {
            "kind": "schedule",
            "key": "s-1",
            "unit": "tinh",
            "week_start": "2022-02-28",
            "posted_at": "2022-02-25T16:00:00+07:00",
            "entries": [
                {
                    "date": "2022-03-01",
                    "time": "08:00",
                    "leader": "Chủ tịch UBND tỉnh",
                    "content": {"vi": "Họp giao ban", "en": "Weekly meeting"},
                    "location": "Phòng họp số 1",
                }
            ],
        },
        {
            "kind": "draft",
            "key": "dt-1",
            "unit": "sotp",
            "title": {"vi": "Dự thảo quy chế"},
            "summary": {"vi": "Lấy ý kiến"},
            "drafting_agency": "Sở Tư pháp",
            "posted_at": "2022-01-10T08:00:00+07:00",
            "opens_at": "2022-01-10T08:00:00+07:00",
            "closes_at": "2022-03-10T17:00:00+07:00",
            "files": [{"file": "files/dt.pdf", "title": "Dự thảo"}],
            "comments": [
                {
                    "name": "Nguyễn Văn A",
                    "email": "a@example.vn",
                    "content": "Đề nghị bổ sung",
                    "submitted_at": "2022-02-01T09:00:00+07:00",
                    "status": "approved",
                },
                {
                    "name": "Công ty B",
                    "email": "b@example.vn",
                    "organization": "Công ty B",
                    "content": "Quảng cáo",
                    "submitted_at": "2022-02-02T09:00:00+07:00",
                    "status": "rejected",
                },
            ],
        },
    ]


def write_folder(root: Path, lines: list, files: dict[str, bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "content.jsonl", "w", encoding="utf-8") as out:
        for line in lines:
            out.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
    for name, content in (files or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


def jpeg(color=(30, 120, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


# A JPEG as old portals mostly have them: the round trip must give it back byte for byte.
SAMPLE_FILES = {
    "photos/1.png": png(),
    "photos/2.jpg": jpeg(),
    "files/20.pdf": PDF,
    "files/dt.pdf": PDF + b"%dt\n",
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"  # attachments and draft files


@pytest.fixture
def sample(tmp_path) -> Path:
    return write_folder(tmp_path / "in", sample_lines(), SAMPLE_FILES)
