"""`backup` and `restore` stream: a 200 MiB stored file never sits in the process's memory.

Each command runs in a child process of its own; its peak resident memory (getrusage, via wait4) with a
200 MiB file in the storage is compared with the same command's with a small file. A command that
read the file whole (or the archive, or the database dump) would grow by at least its size.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BIG = 200 * 1024 * 1024
HEAD, TAIL = b"dau tep \xe1\xba\xa3nh", b"cuoi tep"  # a sparse file's only written bytes, checked after
BOUND = 40 * 1024 * 1024  # allowed growth: a fifth of the file


def _database_url(tmp_path: Path) -> str:
    """The child's database: the test database on PostgreSQL, a file copy of it on SQLite."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        credentials = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    copy = tmp_path / "child.sqlite3"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(copy)])
    return f"sqlite:///{copy}"


def _peak_kib(env: dict, log: Path, *command: str) -> int:
    """Runs `manage.py command…` to its end; its peak resident set size in KiB."""
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    assert process.returncode == 0, log.read_text(errors="replace")[-3000:]
    return usage.ru_maxrss  # KiB on Linux


@pytest.fixture
def child_env(tmp_path, main_portal):
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "anh").mkdir(parents=True)
    (private / "reports").mkdir(parents=True)
    (private / "reports" / "bao-cao.pdf").write_bytes(b"%PDF-1.4 bao cao")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": settings.SECRET_KEY,
        "DATABASE_URL": _database_url(tmp_path),
        "REDIS_URL": "",
        "CACHE_REDIS_URL": "",
        "MEDIA_ROOT": str(media),
        "PORTAL_PRIVATE_ROOT": str(private),
        "PORTAL_BASE_URL": "https://travinh.gov.vn",
    }


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as file:
        file.write(HEAD)
        file.truncate(size)
        file.seek(size - len(TAIL))
        file.write(TAIL)


def test_backup_and_restore_of_a_200_mib_file_stay_far_below_its_size(child_env, tmp_path):
    media = Path(child_env["MEDIA_ROOT"])
    small, big = tmp_path / "small.tar.gz", tmp_path / "big.tar.gz"

    _sparse(media / "anh" / "video.bin", 64 * 1024)
    backup_small = _peak_kib(child_env, tmp_path / "b1.log", "backup", str(small))
    _sparse(media / "anh" / "video.bin", BIG)
    backup_big = _peak_kib(child_env, tmp_path / "b2.log", "backup", str(big))
    restore_small = _peak_kib(child_env, tmp_path / "r1.log", "restore", str(small), "--noinput")
    restore_big = _peak_kib(child_env, tmp_path / "r2.log", "restore", str(big), "--noinput")

    assert (backup_big - backup_small) * 1024 < BOUND, f"backup grew {backup_big - backup_small} KiB"
    assert (restore_big - restore_small) * 1024 < BOUND, f"restore grew {restore_big - restore_small} KiB"
    # And what was restored last is the big file, whole, through the storage.
    restored = media / "anh" / "video.bin"
    assert restored.stat().st_size == BIG
    with open(restored, "rb") as file:
        assert file.read(len(HEAD)) == HEAD
        file.seek(BIG - len(TAIL))
        assert file.read() == TAIL
    assert (
        Path(child_env["PORTAL_PRIVATE_ROOT"]) / "reports" / "bao-cao.pdf"
    ).read_bytes() == b"%PDF-1.4 bao cao"
