import pytest


@pytest.fixture(autouse=True)
def _private_reports(settings, tmp_path):
    """Generated files go to a temporary private folder; the content source is the empty fake."""
    settings.PORTAL_PRIVATE_ROOT = tmp_path / "private"
    settings.PORTAL_REPORT_CONTENT_SOURCES = "tests.reports.fakes.FakeSources"
    settings.PORTAL_STALE_DAYS = 30
