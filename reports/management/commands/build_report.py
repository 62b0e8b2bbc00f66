"""`manage.py build_report --start YYYY-MM-DD --end YYYY-MM-DD --format json|docx|pdf|xlsx --output FILE`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from reports.content import ReportMeta, build_document
from reports.figures import build_figures
from reports.render_docx import render_docx
from reports.render_pdf import render_pdf
from reports.render_xlsx import render_xlsx

FORMATS = ("json", "docx", "pdf", "xlsx")


def _date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2022-06-30.")


class Command(BaseCommand):
    help = "Build the report's figures (contracts/report-json.md) or its DOCX, PDF or XLSX for a period."

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="First local date of the period (YYYY-MM-DD).")
        parser.add_argument("--end", required=True, help="Last local date of the period, inclusive.")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", required=True, help="File to write; '-' writes JSON to stdout.")

    def handle(self, *args, **options):
        start, end = _date(options["start"], "--start"), _date(options["end"], "--end")
        if end < start:
            raise CommandError(f"--end {end.isoformat()} is before --start {start.isoformat()}.")
        try:
            figures = build_figures(start, end)
        except (ImproperlyConfigured, ValueError) as exc:
            raise CommandError(str(exc))
        file_format = options["format"]
        if file_format == "json":
            content = json.dumps(figures, ensure_ascii=False, indent=2).encode("utf-8")
        elif file_format == "xlsx":
            content = render_xlsx(figures)
        else:
            document = build_document(figures, ReportMeta.defaults(start, end))
            content = render_docx(document) if file_format == "docx" else render_pdf(document)
        if options["output"] == "-" and file_format == "json":
            self.stdout.write(content.decode("utf-8"))
            return
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"--output {output}: the folder {output.parent} does not exist.")
        output.write_bytes(content)
        self.stdout.write(f"{file_format.upper()} written to {output} ({len(content)} bytes).")
