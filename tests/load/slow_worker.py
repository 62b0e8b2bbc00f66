"""A real Celery worker whose first report generation stalls, so a test can kill it mid-report.

The first call writes the id of the process running it to PORTAL_TEST_KILL_MARKER and sleeps; the
test SIGKILLs that process; the retried task finds the marker and runs at full speed.
"""

import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402

if os.environ.get("PORTAL_REPORT_CONTENT_SOURCES"):
    settings.PORTAL_REPORT_CONTENT_SOURCES = os.environ["PORTAL_REPORT_CONTENT_SOURCES"]

from config.celery import app  # noqa: E402
from reports import services  # noqa: E402

_build_figures = services.build_figures


def _stalling_build_figures(*args, **kwargs):
    marker = os.environ["PORTAL_TEST_KILL_MARKER"]
    if not os.path.exists(marker):
        with open(marker, "w") as handle:
            handle.write(str(os.getpid()))
        time.sleep(120)
    return _build_figures(*args, **kwargs)


services.build_figures = _stalling_build_figures

if __name__ == "__main__":
    import sys

    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",  # the test shows this output when the task does not start
            "--without-gossip",
            "--without-mingle",
            *sys.argv[1:],
        ]
    )
