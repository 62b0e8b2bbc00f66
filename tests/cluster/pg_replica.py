"""A real PostgreSQL streaming replica of a running primary, for tests.

    from tests.cluster.pg_replica import ReplicaUnavailable, start_replica

    replica = start_replica()          # primary 127.0.0.1:5432, user postgres, trust
    try:
        replica.url("test_portal")     # 'postgres://postgres@127.0.0.1:<port>/test_portal'
        replica.pause()                # pg_wal_replay_pause(): the replica falls behind from now on
        replica.resume()               # replays what it missed
        replica.wait_caught_up()       # until it has replayed everything the primary has written so far
        replica.query("SELECT pg_is_in_recovery()")   # first row, run on the replica's `postgres` db
        replica.stop(); replica.start()   # start() does nothing when it runs
        replica.port, replica.folder       # where it listens (127.0.0.1) and lives (server.log there)
    finally:
        replica.destroy()              # stops the server (if running) and removes its folder; always safe

or the pytest fixture `pg_replica` (offered to tests/cluster by its conftest.py; function scope; a replica of
DATABASES["default"]'s server, destroyed at teardown even on failure; skips on SQLite). Starting
one takes a few seconds (a fast checkpoint and a copy of the whole server): share it per module.

How: `pg_basebackup -R -X stream -c fast` copies the primary into a new folder under /tmp, then a
second server runs there on a free loopback port (socket in that folder, nothing on a fixed port).
PostgreSQL refuses to run as root: as root the folder belongs to the `postgres` user and every
PostgreSQL program runs through `runuser -u postgres --`.

Needs the primary's PostgreSQL server programs (/usr/lib/postgresql/<major>/bin, or pg_ctl on PATH) and a
primary that accepts replication connections from 127.0.0.1: wal_level replica (the default),
max_wal_senders > 0 and a pg_hba.conf line such as `host replication all 127.0.0.1/32 trust`.
Anything missing raises ReplicaUnavailable with the reason (tests skip or fail on it as they choose).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

__all__ = ["Replica", "ReplicaUnavailable", "pg_replica", "start_replica"]

_STANDBY_CONF = "hot_standby = on\nlisten_addresses = '127.0.0.1'\nlogging_collector = off\n"
_STANDBY_HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n"


class ReplicaUnavailable(RuntimeError):
    """The replica could not be made here (no server programs, primary refuses replication...)."""


def _bin_dir(major: int) -> Path:
    """The server programs of PostgreSQL `major`: a replica must run the primary's major version."""
    installed = Path(f"/usr/lib/postgresql/{major}/bin")
    if (installed / "pg_ctl").exists():
        return installed
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).parent
    raise ReplicaUnavailable(
        f"the PostgreSQL {major} server programs (pg_ctl, pg_basebackup) are not installed"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL will not run as root; root runs it as the `postgres` user instead."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Replica:
    """A streaming replica in `folder`, answering on 127.0.0.1:`port` as user `user`."""

    def __init__(self, folder: Path, port: int, primary: dict, bin_dir: Path):
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.user = primary["user"]
        self._primary = primary
        self._bin = bin_dir

    def url(self, database: str) -> str:
        """A DATABASE_URL-style address of `database` on this replica."""
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"

    def query(self, sql: str):
        """The first row of `sql` run on the replica (database `postgres`), or None."""
        with psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.user,
            dbname="postgres",
            connect_timeout=5,
            autocommit=True,
        ) as conn:
            return conn.execute(sql).fetchone()

    def pause(self) -> None:
        """Stop replaying the primary's changes: from now on the replica lags."""
        self.query("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        self.query("SELECT pg_wal_replay_resume()")

    def wait_caught_up(self, primary_lsn: str | None = None, timeout: float = 30) -> None:
        """Wait until the replica has replayed the primary's WAL up to `primary_lsn` (default: the
        primary's position now). Raises TimeoutError when replay is paused or the stream is down."""
        target = primary_lsn or _primary_lsn(self._primary)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replayed = self.query(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
            if replayed and replayed[0]:
                return
            time.sleep(0.05)
        raise TimeoutError(f"the replica on port {self.port} did not replay up to {target}")

    def start(self) -> None:
        """Start the server unless it is running."""
        if (self.data / "postmaster.pid").exists():
            return
        log = self.folder / "server.log"
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        result = subprocess.run(
            _as_postgres(
                [
                    str(self._bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(log),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    options,
                    "start",
                ]
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            raise ReplicaUnavailable(f"the replica did not start: {result.stderr}{server_log[-2000:]}")

    def stop(self) -> None:
        """Stop the server (fast shutdown); a stopped replica refuses connections."""
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                _as_postgres(
                    [str(self._bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop"]
                ),
                capture_output=True,
                check=False,
            )

    def destroy(self) -> None:
        """Stop the server and remove its folder; safe to call twice or after a failed start."""
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def _primary_major(primary: dict) -> int:
    try:
        with psycopg.connect(**primary, dbname="postgres", connect_timeout=5) as conn:
            return int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    except psycopg.Error as error:
        raise ReplicaUnavailable(
            f"the primary {primary['host']}:{primary['port']} does not answer: {error}"
        ) from error


def _primary_lsn(primary: dict) -> str:
    with psycopg.connect(**primary, dbname="postgres", connect_timeout=5, autocommit=True) as conn:
        return conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]


def _own_folder() -> Path:
    """A folder under /tmp the server user can use (pytest's tmp_path belongs to root alone)."""
    folder = Path(tempfile.mkdtemp(prefix="pg-replica-", dir="/tmp"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    folder.chmod(0o700)
    return folder


def start_replica(host: str = "127.0.0.1", port: int = 5432, user: str = "postgres") -> Replica:
    """Copy the primary at host:port and start a streaming replica of it on a free loopback port."""
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as error:
            raise ReplicaUnavailable(
                "running as root and there is no `postgres` user to run the server"
            ) from error
    primary = {"host": host, "port": port, "user": user}
    bin_dir = _bin_dir(_primary_major(primary))
    folder = _own_folder()
    replica = Replica(folder, _free_port(), primary, bin_dir)
    try:
        _base_backup(bin_dir, replica.data, host, port, user)
        for name, text in (("postgresql.conf", _STANDBY_CONF), ("pg_hba.conf", _STANDBY_HBA)):
            # Debian keeps these outside the data folder, so the copy has none.
            (replica.data / name).write_text(text)
            shutil.chown(replica.data / name, *_owner(replica.data))
        replica.start()
        replica.wait_caught_up()
    except BaseException:
        replica.destroy()
        raise
    return replica


def _owner(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_uid, status.st_gid


def _base_backup(bin_dir: Path, data: Path, host: str, port: int, user: str) -> None:
    command = [
        str(bin_dir / "pg_basebackup"),
        "-h",
        host,
        "-p",
        str(port),
        "-U",
        user,
        "-D",
        str(data),
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
        "--no-manifest",
        "-w",
    ]
    # A copy can fail when another process drops a database meanwhile (test runs sharing the server
    # do): it is tried again from scratch, and only a repeated failure counts.
    for _attempt in range(3):
        shutil.rmtree(data, ignore_errors=True)
        result = subprocess.run(
            _as_postgres(command), capture_output=True, text=True, timeout=300, check=False
        )
        if result.returncode == 0:
            return
    raise ReplicaUnavailable(
        f"pg_basebackup from {host}:{port} failed (does pg_hba.conf allow "
        f"`host replication {user} 127.0.0.1/32`?): {result.stderr.strip()}"
    )


@pytest.fixture
def pg_replica():
    """A streaming replica of the test database's server (DATABASES['default']'s host and port)."""
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a streaming replica needs PostgreSQL (set DATABASE_URL=postgres://...)")
    replica = start_replica(
        default.get("HOST") or "127.0.0.1",
        int(default.get("PORT") or 5432),
        default.get("USER") or "postgres",
    )
    try:
        yield replica
    finally:
        replica.destroy()
