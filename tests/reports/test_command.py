import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from reports.models import DailyVisits

pytestmark = pytest.mark.django_db


def test_json_shape_and_visits(main_portal, unit_a, tmp_path):
    DailyVisits.objects.create(unit=main_portal, date=date(2022, 1, 1), count=6636000)
    DailyVisits.objects.create(unit=main_portal, date=date(2022, 6, 30), count=328)
    DailyVisits.objects.create(unit=main_portal, date=date(2022, 7, 1), count=99)
    DailyVisits.objects.create(unit=unit_a, date=date(2022, 2, 1), count=12)
    output = tmp_path / "report.json"
    call_command(
        "build_report",
        "--start",
        "2022-01-01",
        "--end",
        "2022-06-30",
        "--format",
        "json",
        "--output",
        str(output),
    )
    figures = json.loads(output.read_text(encoding="utf-8"))
    assert figures["period"]["start"] == "2022-01-01" and figures["period"]["timezone"] == "Asia/Ho_Chi_Minh"
    assert set(figures["portal"]) >= {
        "unit",
        "articles",
        "photos",
        "translations",
        "documents",
        "soe_reports",
        "budget_disclosures",
        "consultation_drafts",
        "questions",
        "visits",
    }
    assert figures["portal"]["unit"] == "tinh"
    assert figures["portal"]["visits"] == 6636328
    assert set(figures["subsites"]) >= {"count", "items", "units", "stale_units", "missing_budget_estimate"}
    (row,) = figures["subsites"]["units"]
    assert row["unit"] == "sotp" and row["name"] == "Sở Tư pháp" and row["visits"] == 12
    assert set(row) >= {
        "articles",
        "documents",
        "schedules",
        "drafts",
        "items",
        "last_posted_at",
        "longest_gap_days",
        "stale",
        "budget_estimate_posted",
    }


def test_docx_output(main_portal, unit_a, tmp_path):
    output = tmp_path / "report.docx"
    call_command(
        "build_report",
        "--start",
        "2022-07-01",
        "--end",
        "2022-12-31",
        "--format",
        "docx",
        "--output",
        str(output),
    )
    text = "\n".join(p.text for p in Document(str(output)).paragraphs)
    assert "6 tháng cuối năm 2022" in text and "6 tháng đầu năm 2023" in text


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2022-06-30", "2022-01-01", "is before --start"),
        ("2022-13-01", "2022-12-31", "--start '2022-13-01' is not a date"),
        ("2022-01-01", "30/06/2022", "--end '30/06/2022' is not a date"),
    ],
)
def test_bad_input_is_a_clear_error(main_portal, tmp_path, start, end, message):
    with pytest.raises(CommandError, match=message):
        call_command("build_report", "--start", start, "--end", end, "--output", str(tmp_path / "x.json"))


def test_content_source_not_configured(main_portal, settings, tmp_path):
    settings.PORTAL_REPORT_CONTENT_SOURCES = "reports.no_such_module.Sources"
    with pytest.raises(CommandError, match="PORTAL_REPORT_CONTENT_SOURCES"):
        call_command(
            "build_report",
            "--start",
            "2022-01-01",
            "--end",
            "2022-06-30",
            "--output",
            str(tmp_path / "x.json"),
        )
