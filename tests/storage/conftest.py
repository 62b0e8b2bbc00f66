"""An S3-protocol server on loopback (moto in server mode: MinIO, Ceph or a cloud S3 in production) and
STORAGES pointed at two fresh buckets of it, a public and a private one, for each test."""

from __future__ import annotations

import json
import logging
import socket
import threading
import uuid

import boto3
import pytest
from botocore.config import Config
from django.utils.functional import empty
from moto.server import ThreadedMotoServer
from sorl.thumbnail import default

from config import object_storage

KEYS = {"S3_ACCESS_KEY_ID": "portal-test", "S3_SECRET_ACCESS_KEY": "portal-test-secret"}


def _reset_thumbnail_storage() -> None:
    """sorl-thumbnail keeps its own handle on STORAGES["default"]; Django's reset does not reach it."""
    default.storage._wrapped = empty


def point_storages_at(settings, endpoint: str, *, timeout: float = 5, attempts: int = 2) -> dict:
    """STORAGES as config/settings.py builds them from the S3_* variables, for two new bucket names."""
    values = {
        **KEYS,
        "S3_BUCKET": f"public-{uuid.uuid4().hex[:12]}",
        "S3_PRIVATE_BUCKET": f"private-{uuid.uuid4().hex[:12]}",
        "S3_ENDPOINT_URL": endpoint,
        "S3_REGION": "us-east-1",
        "PORTAL_PRIVATE_URL_SECONDS": 300,
    }
    config = Config(
        connect_timeout=timeout,
        read_timeout=timeout,
        retries={"max_attempts": attempts, "mode": "standard"},
        s3={"addressing_style": "path"},
        signature_version="s3v4",
    )
    settings.STORAGES = object_storage.storages(
        values, settings.STORAGES["staticfiles"]["BACKEND"], config=config
    )
    _reset_thumbnail_storage()
    return values


def public_read_policy(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/*"],
            }
        ],
    }


@pytest.fixture(scope="session")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request in a failure's report
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


class S3:
    """The buckets of one test, and a client to look into them as an operator would."""

    def __init__(self, endpoint: str, values: dict):
        self.endpoint = endpoint
        self.public = values["S3_BUCKET"]
        self.private = values["S3_PRIVATE_BUCKET"]
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
        )

    def names(self, bucket: str) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.fixture
def s3(settings, tmp_path, s3_endpoint):
    """STORAGES on the S3 server; MEDIA_ROOT and the private folder are empty folders that must stay so."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"
    values = point_storages_at(settings, s3_endpoint)
    buckets = S3(s3_endpoint, values)
    for bucket in (buckets.public, buckets.private):
        buckets.client.create_bucket(Bucket=bucket)
    # As docs/operations.md tells operators: anyone may read the public bucket; the private one has no policy.
    buckets.client.put_bucket_policy(
        Bucket=buckets.public, Policy=json.dumps(public_read_policy(buckets.public))
    )
    yield buckets
    _reset_thumbnail_storage()
    assert not any(p.is_file() for p in tmp_path.glob("media/**/*")), "a file was written to MEDIA_ROOT"
    assert not any(p.is_file() for p in tmp_path.glob("private/**/*")), "a file was written to the disk"


@pytest.fixture
def refusing_endpoint():
    """An address where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class Hanging(str):
    """The server's address; `accepted` holds the connections it took (and never answered)."""

    accepted: list[socket.socket]


@pytest.fixture
def hanging_endpoint():
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        endpoint = Hanging(f"http://127.0.0.1:{listener.getsockname()[1]}")
        endpoint.accepted = accepted
        yield endpoint
    finally:
        stop.set()
        thread.join()
        for conn in accepted:
            conn.close()
        listener.close()
