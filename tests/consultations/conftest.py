"""A settable clock for the boundary moments (opens_at, closes_at), in local time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args) -> datetime:
    """An aware moment given in local time: local(2026, 3, 1, 7, 30)."""
    return datetime(*args, tzinfo=LOCAL)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def set(self, moment: datetime) -> None:
        self.now = moment


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are made by the dozen here; hashing their passwords properly is not what is tested."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files land in a temporary folder, not in the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def clock(monkeypatch):
    """Freezes `timezone.now()` (what the code asks) at a moment the test moves explicitly."""
    frozen = Clock(timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@pytest.fixture
def mailoutbox_clear(mailoutbox):
    mailoutbox.clear()
    return mailoutbox
