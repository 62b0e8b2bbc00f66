"""The private storage: files only a permission-checking view hands out (document and consultation
attachments, citizens' files, generated reports). It is the STORAGES["private"] alias: a folder outside
MEDIA_ROOT by default, the private S3 bucket when S3 is configured (config/object_storage.py)."""

from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage, default_storage, storages
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from whitenoise.storage import CompressedManifestStaticFilesStorage

PRIVATE_ALIAS = "private"
PRIVATE_URL_SALT = "portal.storage.private_url"


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a storage raises when it cannot answer: a disk's errors, an S3 server refusing, hanging or
    failing. boto's errors are named once boto is loaded, which only the S3 storage does: a worker
    without S3 never imports its 11 MiB of modules."""
    boto = sys.modules.get("botocore.exceptions")
    return (OSError,) if boto is None else (OSError, boto.BotoCoreError, boto.ClientError)


class PrivateFileSystemStorage(FileSystemStorage):
    """The local private folder, read from the settings at each use so that tests and deployments can
    move it; its files are served by the apps' checking views, or at an expiring signed address."""

    def __init__(self, **kwargs):
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self):
        return str(settings.PORTAL_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(settings.PORTAL_PRIVATE_ROOT)

    def url(self, name):
        """What S3 gives as a presigned address: one that expires (PORTAL_PRIVATE_URL_SECONDS), handed only
        to those already checked (an editor's admin form); portal.media_views serves it."""
        return reverse("private_media", args=[signing.dumps(name, salt=PRIVATE_URL_SALT)])


@deconstructible(path="portal.storage.PrivateStorage")
class PrivateStorage(Storage):
    """What a model's file field names as its storage: it looks the "private" alias up at each use, so
    the field follows STORAGES (and a test's override of it) instead of the backend of import time."""

    @staticmethod
    def backend() -> Storage:
        backend = storages[PRIVATE_ALIAS]
        if isinstance(backend, PrivateStorage):  # it would look itself up for ever
            raise ImproperlyConfigured(
                'STORAGES["private"] must name a storage (config/object_storage.py), not PrivateStorage.'
            )
        return backend

    def __eq__(self, other):
        return isinstance(other, PrivateStorage)

    def __hash__(self):
        return hash(PrivateStorage)


def _delegate(name: str):
    def method(self, *args, **kwargs):
        return getattr(self.backend(), name)(*args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "open", "save", "get_valid_name", "get_alternative_name", "get_available_name", "generate_filename",
    "path", "delete", "exists", "listdir", "size", "url", "get_accessed_time", "get_created_time",
    "get_modified_time",
):  # fmt: skip
    setattr(PrivateStorage, _name, _delegate(_name))

private_storage = PrivateStorage()


def move_to_private(model, field: str) -> int:
    """Move the files of `model.field` from the default storage to the private one (a migration's step for
    fields that used to keep their files in MEDIA_ROOT); a file already moved or missing is left alone."""
    moved = 0
    for name in model.objects.exclude(**{field: ""}).values_list(field, flat=True).iterator():
        if private_storage.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as source:
            stored = private_storage.save(name, source)
        if stored != name:  # never expected: the name was free; keep both rather than lose a file
            raise RuntimeError(f"{name} was stored as {stored}")
        default_storage.delete(name)
        moved += 1
    return moved


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """whitenoise's hashed and compressed static files, each file's address worked out once per process:
    the manifest does not change while the process runs, and a page names a dozen files (`{% static %}`
    parses, looks up and re-joins the name on every call)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
