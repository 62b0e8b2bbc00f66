"""A web worker starts without the report renderers, chart and spreadsheet libraries: they load where
reports and exports are built (the Celery worker, an export's request), not in every worker's memory.
Nor the open-data API's django-ninja and pydantic (its own URLconf, loaded by the first API request),
boto (only with S3 configured) or the holiday tables (only where the calendar is seeded)."""

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = (
    *("matplotlib", "openpyxl", "docx", "numpy", "fontTools"),
    *("ninja", "pydantic", "boto3", "botocore", "holidays"),
)
_STARTED = """
import json, sys
from config.wsgi import application
from django.urls import get_resolver, reverse
get_resolver().url_patterns
reverse("home"), reverse("news:list")
print(json.dumps(sorted(name for name in {heavy} if name in sys.modules)))
"""


def test_a_started_web_worker_has_not_loaded_the_report_libraries():
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "127.0.0.1"}
    env.update(PORTAL_BASE_URL="http://127.0.0.1", DJANGO_SETTINGS_MODULE="config.settings")
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _STARTED.format(heavy=HEAVY)],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
