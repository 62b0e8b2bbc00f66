"""A portal cluster on loopback: nginx (deploy/nginx/portal-proxy.conf) in front of two gunicorn servers
(deploy/gunicorn.conf.py) sharing the test database, a private Redis, a Celery worker and moto's S3
server; each server has local folders of its own, as separate machines would.

Each process is on a free port, its files under the test's tmp_path, and stopped at teardown. The
servers and the test share the PostgreSQL test database, so the tests use committed data.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest

from tests.load.harness import BIN, ROOT, free_port, server_env, spawn, start_redis, stop, wait_until

DEPLOY = ROOT / "deploy"
HOST = "portal.test"  # one Host for every address: the servers share their cached pages


def nginx_binary() -> str:
    binary = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
    if binary is None:
        pytest.fail("nginx is not installed: run `make system-packages` (Debian's nginx-light)")
    return binary


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    """A multipart/form-data body (fields, and files as name → (filename, content, type)) and its type."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, kind) in files.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        parts.append(f"{head}Content-Type: {kind}\r\n\r\n".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def get(port: int, path: str, *, headers: dict | None = None, timeout: float = 30):
    """(status, body, response) of one GET; status 0 when nothing answered."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read().decode(errors="replace"), response
    except OSError:
        return 0, "", None


class Browser:
    """A person's cookies against one server: enough to sign in and press the admin's buttons."""

    def __init__(self, port: int, *, source: str = "127.0.0.1", headers: dict | None = None):
        self.port = port
        self.source = source  # the address it connects from: any of 127.0.0.0/8 is this machine
        self.headers = headers or {}
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str | bytes | None = None, content_type: str = ""
    ) -> tuple[int, str, dict]:
        headers = {
            "Host": HOST,
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **self.headers,
        }
        if body is not None:
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60, source_address=(self.source, 0))
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for cookie in response.msg.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value.strip()
        return response.status, response.read().decode(errors="replace"), dict(response.getheaders())

    def csrf_token(self, path: str) -> str:
        status, body, _ = self.request("GET", path)
        assert status == 200, f"GET {path}: {status}"
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        assert match, f"no CSRF token on {path}"
        return match.group(1)


@dataclass
class Gunicorn:
    port: int
    process: subprocess.Popen

    def kill(self) -> None:
        """The machine going away: the arbiter and every worker at once, nothing finishes."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def start_gunicorn(env: dict[str, str], folder: Path) -> Gunicorn:
    """One application server; its local folders in `folder`, as on a machine of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**env, "MEDIA_ROOT": str(folder / "media"), "PORTAL_PRIVATE_ROOT": str(folder / "private")}
    log = folder / "gunicorn.log"
    port = free_port()
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(DEPLOY / "gunicorn.conf.py"), "config.wsgi"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so `kill` reaches the workers too
        )
    process.log = log
    wait_until(lambda: get(port, "/robots.txt")[0] == 200, timeout=60, what="gunicorn", process=process)
    return Gunicorn(port, process)


def nginx_config(folder: Path, port: int, upstreams: list[int]) -> str:
    servers = "\n".join(f"server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;" for p in upstreams)
    temp = "\n".join(
        f"{kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers would otherwise run as nobody, who cannot enter the test's folder.
    user = "user root;" if os.geteuid() == 0 else ""
    return f"""
{user}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    access_log {folder / "access.log"};
    {temp}
    upstream portal_app {{
        {servers}
        keepalive 8;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            include {DEPLOY / "nginx" / "portal-proxy.conf"};
        }}
    }}
}}
"""


def start_nginx(folder: Path, upstreams: list[int]) -> tuple[int, subprocess.Popen]:
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_config(folder, port, upstreams))
    with open(folder / "nginx.out", "wb") as output:
        process = subprocess.Popen(
            [
                nginx_binary(),
                "-e",
                str(folder / "error.log"),
                "-p",
                str(folder),
                "-c",
                str(conf),
                "-g",
                "daemon off;",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    process.log = folder / "error.log"
    wait_until(lambda: get(port, "/robots.txt")[0] == 200, timeout=30, what="nginx", process=process)
    return port, process


@dataclass
class Cluster:
    a: Gunicorn
    b: Gunicorn
    nginx: int
    redis_port: int
    env: dict[str, str]
    s3: S3Server
    processes: list[subprocess.Popen] = field(default_factory=list)

    def stop(self) -> None:
        stop_all(self.processes)
        self.s3.stop()

    def stop_redis(self) -> None:
        """Redis going away at once (SIGKILL): the servers' connections break mid-use."""
        redis = self.processes[0]
        redis.kill()
        redis.wait()

    def start_redis(self) -> None:
        """Redis back on the same port, empty (it keeps nothing on disk)."""
        self.processes[0] = start_redis(self.redis_port)
        wait_until(lambda: _redis_answers(self.redis_port), timeout=10, what="redis-server back")


def _redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def stop_all(processes: list[subprocess.Popen]) -> None:
    for process in reversed(processes):  # gunicorn's arbiter stops its own workers on SIGTERM
        stop(process)


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    """A Celery worker on the cluster's Redis: the tasks the servers send run as in production."""
    process = spawn(
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--concurrency=1",
            "--loglevel=info",
            "--without-heartbeat",
        ]
        + ["--without-gossip", "--without-mingle"],
        env=env,
        log=log,
    )
    wait_until(
        lambda: log.exists() and " ready." in log.read_text(errors="replace"),
        timeout=60,
        what="worker",
        process=process,
    )
    return process


class S3Server:
    """moto's S3 server on loopback (MinIO, Ceph or a cloud S3 in production) with the portal's two
    buckets: the public one readable by anyone, as docs/operations.md asks, the private one not."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        suffix = uuid.uuid4().hex[:8]
        self.env = {
            "S3_ENDPOINT_URL": f"http://{host}:{port}",
            "S3_BUCKET": f"cluster-public-{suffix}",
            "S3_PRIVATE_BUCKET": f"cluster-private-{suffix}",
            "S3_ACCESS_KEY_ID": "cluster",
            "S3_SECRET_ACCESS_KEY": "cluster-secret",
            "S3_REGION": "us-east-1",
        }
        self.client = boto3.client(
            "s3",
            endpoint_url=self.env["S3_ENDPOINT_URL"],
            region_name="us-east-1",
            aws_access_key_id="cluster",
            aws_secret_access_key="cluster-secret",
        )
        public = self.env["S3_BUCKET"]
        for bucket in (public, self.env["S3_PRIVATE_BUCKET"]):
            self.client.create_bucket(Bucket=bucket)
        anyone_reads = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": ["s3:GetObject"],
                    "Resource": [f"arn:aws:s3:::{public}/*"],
                }
            ],
        }
        self.client.put_bucket_policy(Bucket=public, Policy=json.dumps(anyone_reads))

    def names(self, bucket: str) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.env[bucket])
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def stop(self) -> None:
        self.server.stop()


def start_cluster(tmp_path: Path, **settings: str) -> Cluster:
    """Redis, two application servers, a Celery worker, then nginx in front of the servers. Stop it
    with `.stop()`."""
    redis_port = free_port()
    processes = [start_redis(redis_port)]
    s3 = S3Server()
    try:
        env = server_env(
            REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
            PORTAL_TRUSTED_PROXIES="1",
            ALLOWED_HOSTS=f"{HOST},127.0.0.1",
            CACHE_KEY_PREFIX=f"cluster-{uuid.uuid4().hex[:8]}",
            **s3.env,
            # A Redis that comes back is tried again after a second, not the production half-minute.
            PORTAL_CACHE_BREAKER_SECONDS="1",
            **{"PORTAL_PAGE_CACHE": "true", **settings},
        )
        a = start_gunicorn(env, tmp_path / "a")
        processes.append(a.process)
        b = start_gunicorn(env, tmp_path / "b")
        processes.append(b.process)
        worker_env = {**env, "MEDIA_ROOT": str(tmp_path / "worker" / "media")}
        worker_env["PORTAL_PRIVATE_ROOT"] = str(tmp_path / "worker" / "private")
        processes.append(start_worker(worker_env, tmp_path / "worker.log"))
        nginx_port, nginx = start_nginx(tmp_path / "nginx", [a.port, b.port])
        processes.append(nginx)
        return Cluster(a, b, nginx_port, redis_port, env, s3, processes)
    except BaseException:
        stop_all(processes)
        s3.stop()
        raise
