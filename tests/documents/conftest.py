import pytest
from django.test import Client
from django.utils import translation


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded attachments go to a temporary folder, not the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English; the catalogues translate them (tests/portal/test_catalogues.py)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """The admin answers in the browser's language: English here, as the assertions are."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")
