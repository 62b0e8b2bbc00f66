"""`make bench-import`: generate an exchange folder, import it into a fresh database, print the figures.

10,000 objects (units, articles with 2,000 small photos, documents with files, schedules, drafts
with comments, citizens' questions, daily visits) by default; `--objects 40000` for the same mix
four times larger. The import runs in its own process on a fresh SQLite database (or DATABASE_URL
if set, which must name an empty database), so that its peak resident memory (getrusage maxrss)
and its CPU time are measured alone: on a machine shared with other work, the wall time says more
about the load than about the import.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from PIL import Image

BASE = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
UNITS = 40


def _jpeg(n: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), ((n * 37) % 256, (n * 91) % 256, (n * 13) % 256)).save(buffer, "JPEG")
    return buffer.getvalue()


def _t(vi: str, en: str | None = None) -> dict:
    return {"vi": vi, "en": en} if en else {"vi": vi}


def generate(root: Path, objects: int) -> int:
    """Write the folder; return the number of objects written."""
    rng = random.Random(7)
    (root / "photos").mkdir(parents=True)
    (root / "files").mkdir()
    scale = objects / 10_000
    photos, documents = int(2000 * scale), int(2500 * scale)
    articles, schedules, drafts = int(3500 * scale), int(300 * scale), int(200 * scale)
    questions = int(200 * scale)
    visits = objects - UNITS - articles - documents - schedules - drafts - questions
    units = ["tinh"] + [f"don-vi-{n}" for n in range(1, UNITS)]
    written = 0
    with open(root / "content.jsonl", "w", encoding="utf-8") as out:

        def emit(record: dict) -> None:
            nonlocal written
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1

        emit(
            {
                "kind": "unit",
                "key": "tinh",
                "name": _t("Cổng thông tin tỉnh"),
                "parent": None,
                "type": "portal",
            }
        )
        for n, key in enumerate(units[1:], start=1):
            emit({"kind": "unit", "key": key, "name": _t(f"Sở số {n}", f"Department {n}"), "parent": "tinh",
                  "type": "department"})  # fmt: skip
        for n in range(articles):
            record = {
                "kind": "article", "key": f"a-{n}", "unit": units[n % UNITS],
                "title": _t(f"Tin hoạt động số {n} của đơn vị", f"News {n}"),
                "summary": _t("Tóm tắt bản tin"),
                "body": _t("<p>" + "Nội dung bản tin. " * 40 + "</p>", "<p>Body</p>"),
                "published_at": f"2023-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00+07:00",
            }  # fmt: skip
            if n < photos:
                name = f"photos/{n}.jpg"
                (root / name).write_bytes(_jpeg(n))
                record["photos"] = [{"file": name, "caption": _t("Ảnh"), "alt": _t(f"Ảnh minh hoạ {n}")}]
            emit(record)
        for n in range(documents):
            files = []
            if n % 5 == 0:
                (root / f"files/{n}.pdf").write_bytes(PDF + str(n).encode())
                files = [{"file": f"files/{n}.pdf", "title": "Toàn văn"}]
            emit({
                "kind": "document", "key": f"d-{n}", "unit": units[n % UNITS], "number": f"{n + 1}/QĐ-UBND",
                "doc_type": "QĐ", "category": rng.choice(["direction", "plan", "notice", "other"]),
                "title": _t(f"Quyết định số {n + 1} về việc ban hành kế hoạch"), "issuer": f"Cơ quan {n % 7}",
                "signer": "Giám đốc", "issued_on": "2023-03-01", "posted_at": "2023-03-03T09:00:00+07:00",
                "files": files,
            })  # fmt: skip
        monday = date(2020, 1, 6)
        for n in range(schedules):
            week = monday + timedelta(weeks=n // UNITS)
            emit({
                "kind": "schedule", "key": f"s-{n}", "unit": units[n % UNITS], "week_start": week.isoformat(),
                "posted_at": f"{(week - timedelta(days=3)).isoformat()}T16:00:00+07:00",
                "entries": [{"date": (week + timedelta(days=d)).isoformat(), "time": "08:00",
                             "leader": "Giám đốc", "content": _t("Họp giao ban")} for d in range(5)],
            })  # fmt: skip
        for n in range(drafts):
            emit({
                "kind": "draft", "key": f"dt-{n}", "unit": units[n % UNITS], "title": _t(f"Dự thảo {n}"),
                "summary": _t("Lấy ý kiến"), "drafting_agency": "Sở Tư pháp",
                "posted_at": "2023-01-10T08:00:00+07:00", "opens_at": "2023-01-10T08:00:00+07:00",
                "closes_at": "2023-03-10T17:00:00+07:00", "files": [],
                "comments": [{"name": "Nguyễn Văn A", "email": "a@example.vn", "content": "Góp ý",
                              "submitted_at": "2023-02-01T09:00:00+07:00", "status": "approved"}],
            })  # fmt: skip
        for n in range(questions):
            record = {
                "kind": "question", "key": f"q-{n}", "unit": "tinh",
                "asker": {"name": "Trần Thị Bình", "email": f"hoi{n}@example.vn", "phone": "0987654321"},
                "title": f"Hỏi về thủ tục số {n}", "body": "Xin hỏi hồ sơ cần những giấy tờ gì?",
                "submitted_at": "2023-02-01T09:00:00+07:00", "published": n % 4 == 3,
            }  # fmt: skip
            if n % 4:
                record |= {
                    "forwarded_to": units[1 + n % (UNITS - 1)],
                    "forwarded_at": "2023-02-02T09:00:00+07:00",
                }
            if n % 4 >= 2:
                answer = {"body": _t("<p>Hồ sơ gồm đơn đề nghị.</p>"), "answered_by": "Sở số 1"}
                record |= {"answered_at": "2023-02-10T09:00:00+07:00", "answer": answer}
            emit(record)
        first = date(2015, 1, 1)
        for n in range(visits):
            day = first + timedelta(days=n // UNITS)
            emit(
                {
                    "kind": "visits",
                    "unit": units[n % UNITS],
                    "date": day.isoformat(),
                    "count": rng.randint(10, 9999),
                }
            )
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objects", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        tmp = Path(tmp)
        written = generate(tmp / "folder", args.objects)
        # As in production: DEBUG off (no query log kept in memory).
        env = dict(
            os.environ,
            MEDIA_ROOT=str(tmp / "media"),
            DEBUG="false",
            SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            ALLOWED_HOSTS="localhost",
            SECURE_SSL_REDIRECT="false",
        )
        env.setdefault("DATABASE_URL", f"sqlite:///{tmp / 'bench.sqlite3'}")
        manage = [sys.executable, str(BASE / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=BASE)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        subprocess.run([*manage, "import_portal", str(tmp / "folder")], env=env, check=True, cwd=BASE)
        elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    peak_mb = after.ru_maxrss / 1024
    print(f"objects:      {written}")
    print(f"time:         {elapsed:.1f} s wall, {cpu:.1f} s CPU (load average {os.getloadavg()[0]:.1f})")
    print(f"objects/s:    {written / elapsed:.0f} (wall), {written / cpu:.0f} per CPU second")
    print(f"peak memory:  {peak_mb:.0f} MB (largest child process: migrate or import)")


if __name__ == "__main__":
    main()
