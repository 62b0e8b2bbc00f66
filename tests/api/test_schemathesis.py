"""The OpenAPI description checked against the running API by schemathesis (property-based).

Every documented operation is called with generated parameters on a live server started by the test:
no answer may be a 5xx, and every answer must match the description. The example count is kept small
so the run takes well under a minute.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories.citizen_qa import QuestionFactory
from tests.factories.consultations import DraftFactory
from tests.factories.documents import AttachmentFactory, DocumentFactory, ScheduleEntryFactory
from tests.factories.news import ArticleFactory

pytestmark = pytest.mark.servers


@pytest.fixture
def content(transactional_db, main_portal, unit_a):
    ArticleFactory(unit=unit_a, published=True)
    AttachmentFactory(document=DocumentFactory(unit=unit_a, published=True))
    ScheduleEntryFactory(schedule__unit=unit_a, schedule__published=True)
    DraftFactory(unit=unit_a, scheduled=True)
    QuestionFactory(unit=unit_a, forwarded_to=unit_a, published=True)
    return {"document": DocumentFactory(unit=main_portal, published=True)}


def test_every_documented_operation_answers_as_described(content, live_server, settings, tmp_path):
    settings.PORTAL_API_REQUESTS_PER_MINUTE = 1_000_000  # the limit has its own test
    schemathesis = Path(sys.executable).with_name("schemathesis")
    # An existing document's id, so that its operation is checked on a 200 too, not only on 404s.
    (tmp_path / "schemathesis.toml").write_text(
        '[[operations]]\ninclude-path = "/api/v1/documents/{document_id}"\n'
        f"parameters = {{ document_id = {content['document'].pk} }}\n"
    )
    run = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--checks",
            "not_a_server_error,response_schema_conformance,content_type_conformance",
            "--phases",
            "examples,fuzzing",
            "--max-examples",
            "15",
            "--seed",
            "22",
            "--no-color",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "Selected: 8/8" in run.stdout and "Tested: 8" in run.stdout, run.stdout[-3000:]
    assert "warning" not in run.stdout.lower(), run.stdout[-3000:]
