"""The STORAGES setting: local folders by default, S3-protocol buckets (MinIO, Ceph, a cloud S3) when
S3_BUCKET is set. Two aliases hold uploads: "default" for public media (photos, banners, logos and their
renditions) and "private" for what only a permission-checking view may hand out (attachments, citizens'
files, generated reports)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# A stalled S3 server must fail a request in seconds, not hold a worker for botocore's minute.
CONNECT_TIMEOUT = 5
READ_TIMEOUT = 20


def client_config():
    # Imported only with S3 configured: boto's modules are some 11 MiB in every process that loads them.
    from botocore.config import Config

    return Config(
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        retries={"max_attempts": 2, "mode": "standard"},
        s3={"addressing_style": "path"},  # MinIO and Ceph serve buckets by path, not by host name
        signature_version="s3v4",  # presigned addresses every S3 store accepts
    )


def s3_options(values: dict[str, Any], *, bucket: str, private: bool, config=None) -> dict[str, Any]:
    return {
        "bucket_name": bucket,
        "endpoint_url": values["S3_ENDPOINT_URL"] or None,
        "access_key": values["S3_ACCESS_KEY_ID"] or None,
        "secret_key": values["S3_SECRET_ACCESS_KEY"] or None,
        "region_name": values["S3_REGION"] or None,
        "client_config": config or client_config(),
        # Objects carry no ACL: what is readable is the bucket policy's business (docs/operations.md).
        "default_acl": None,
        # Public media: plain bucket addresses; private files: presigned ones that expire.
        "querystring_auth": private,
        "querystring_expire": values["PORTAL_PRIVATE_URL_SECONDS"],
        "file_overwrite": False,  # a new upload gets a new name, as on disk (renditions rely on it)
    }


def media_origins(values: dict[str, Any]) -> list[str]:
    """Where pages' photos come from besides the site itself, for the img-src of the security policy:
    with S3, public media are linked at the bucket's own address, which browsers would otherwise block."""
    if not values["S3_BUCKET"]:
        return []
    endpoint = urlsplit(values["S3_ENDPOINT_URL"] or "")
    if endpoint.scheme and endpoint.netloc:
        return [f"{endpoint.scheme}://{endpoint.netloc}"]
    return ["https://*.amazonaws.com"]  # no endpoint: Amazon's own, by region


def storages(values: dict[str, Any], staticfiles_backend: str, *, config=None) -> dict[str, Any]:
    """STORAGES for the values read from the environment (config.environment.read)."""
    if values["S3_BUCKET"]:
        if not values["S3_PRIVATE_BUCKET"] or values["S3_PRIVATE_BUCKET"] == values["S3_BUCKET"]:
            # One bucket for both would make private files readable through the public bucket's policy.
            raise ImproperlyConfigured("S3_PRIVATE_BUCKET must name a second bucket when S3_BUCKET is set.")
        s3 = "storages.backends.s3.S3Storage"
        public = s3_options(values, bucket=values["S3_BUCKET"], private=False, config=config)
        private = s3_options(values, bucket=values["S3_PRIVATE_BUCKET"], private=True, config=config)
        default = {"BACKEND": s3, "OPTIONS": public}
        private_alias = {"BACKEND": s3, "OPTIONS": private}
    else:
        default = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        private_alias = {"BACKEND": "portal.storage.PrivateFileSystemStorage"}
    return {"default": default, "private": private_alias, "staticfiles": {"BACKEND": staticfiles_backend}}
