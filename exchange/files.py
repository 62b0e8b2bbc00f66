"""Files named by the exchange folder: kept inside it, checked like editor uploads, hashed in chunks."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.translation import gettext_lazy

from portal.uploads import validate_upload

CHUNK = 1024 * 1024


def resolve(root: Path, relative: str) -> Path:
    """The file's real path, refusing absolute paths, `..` and links that lead out of the folder."""
    if (
        os.path.isabs(relative)
        or relative.startswith(("/", "\\"))
        or (len(relative) > 1 and relative[1] == ":")
    ):
        raise _refused(
            gettext_lazy("“%(path)s” is an absolute path: name files relative to the folder"), relative
        )
    if ".." in Path(relative).parts:
        raise _refused(gettext_lazy("“%(path)s” leaves the folder"), relative)
    real_root = root.resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(real_root):
        raise _refused(gettext_lazy("“%(path)s” is a link pointing outside the folder"), relative)
    if not path.is_file():
        raise _refused(gettext_lazy("“%(path)s” is missing"), relative)
    return path


def _refused(message, relative: str) -> ValidationError:
    """Lazy, so that the message comes in the language active where it is reported."""
    return ValidationError(message, params={"path": relative})


def check(root: Path, relative: str, kinds: tuple[str, ...]) -> Path:
    """Resolve and validate by content and size through the editors' upload validator."""
    path = resolve(root, relative)
    with open(path, "rb") as handle:
        validate_upload(File(handle, name=path.name), kinds=kinds)
    return path


def open_upload(path: Path) -> File:
    """An on-disk file as the services take uploads; storages copy it in chunks."""
    return File(open(path, "rb"), name=path.name)  # noqa: SIM115 - closed by the caller


def digest_file(path: Path, into) -> None:
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            into.update(block)


def fingerprint(line: bytes, paths: list[Path]) -> str:
    digest = hashlib.sha256(line)
    for path in paths:
        digest_file(path, digest)
    return digest.hexdigest()
