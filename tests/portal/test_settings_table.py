"""Every setting an operator may need has an environment variable, declared once (config/environment.py),
listed in docs/settings.md as generated, read when asked, and refused at start when its value is bad."""

import ast
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from config import environment
from config.management.commands import settings_table

BASE = Path(settings.BASE_DIR)
SKIPPED = {".venv", "tests", "node_modules", "staticfiles", "media", "private", ".git"}
READ = re.compile(r"""settings\.(PORTAL_[A-Z0-9_]+)|["'](PORTAL_[A-Z0-9_]+)["']""")


def _sources() -> list[Path]:
    return [
        path
        for path in BASE.rglob("*.py")
        if not SKIPPED.intersection(path.relative_to(BASE).parts) and "migrations" not in path.parts
    ]


def test_docs_table_is_the_generated_one():
    current = settings_table.read_docs()
    assert current is not None, "docs/settings.md is missing: run `python manage.py settings_table --write`"
    assert settings_table.with_table(current) == current, (
        "docs/settings.md and config/environment.py disagree: run `python manage.py settings_table --write`"
    )


def test_the_command_prints_the_table():
    out = io.StringIO()
    call_command("settings_table", stdout=out)
    assert out.getvalue() == environment.table()
    assert "| `PORTAL_STALE_DAYS` | int | `30` |" in out.getvalue()


def test_write_replaces_only_what_is_between_the_markers():
    page = f"# Title\n\nIntro.\n\n{settings_table.START}\nold table\n{settings_table.END}\n\nMore.\n"
    updated = settings_table.with_table(page)
    assert updated.startswith("# Title\n\nIntro.\n\n") and updated.endswith("\n\nMore.\n")
    assert environment.table() in updated and "old table" not in updated


def test_every_portal_setting_read_in_the_code_is_declared():
    read = {
        name
        for path in _sources()
        for match in READ.finditer(path.read_text(encoding="utf-8"))
        for name in match.groups()
        if name
    }
    assert "PORTAL_STALE_DAYS" in read and "PORTAL_QA_ANSWER_WORKING_DAYS" in read  # the scan sees them
    undeclared = read - set(environment.BY_NAME) - set(environment.SET_BY_CODE)
    assert not undeclared, f"declare these in config/environment.py: {sorted(undeclared)}"


def test_every_declared_portal_setting_is_a_django_setting():
    missing = [
        name for name in environment.BY_NAME if name.startswith("PORTAL_") and not hasattr(settings, name)
    ]
    assert not missing
    assert not set(environment.BY_NAME) & set(environment.SET_BY_CODE)


def test_no_default_is_repeated_where_a_setting_is_read():
    """`getattr(settings, NAME, default)` would be a second default: config/settings.py sets every name."""
    repeated = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and len(node.args) == 3
                and isinstance(node.args[0], ast.Name)
                and node.args[0].id == "settings"
            ):
                repeated.append(f"{path.relative_to(BASE)}:{node.lineno}")
    assert not repeated


@pytest.mark.parametrize("app", ["citizen_qa", "consultations", "documents", "news", "reports"])
def test_conf_modules_capture_no_setting_at_import(app):
    """Module-level values read from settings would miss the `settings` fixture and override_settings."""
    tree = ast.parse((BASE / app / "conf.py").read_text(encoding="utf-8"))
    captured = [
        node.lineno
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and any(isinstance(n, ast.Name) and n.id == "settings" for n in ast.walk(node))
    ]
    assert not captured


def test_conf_functions_read_settings_when_called(settings):
    from consultations import conf as consultations_conf
    from documents import conf as documents_conf
    from reports import conf as reports_conf

    settings.PORTAL_DOCUMENTS_PER_PAGE = 7
    settings.PORTAL_STALE_DAYS = 45
    settings.PORTAL_CONSULTATION_MIN_OPEN_DAYS = {
        **settings.PORTAL_CONSULTATION_MIN_OPEN_DAYS,
        "decision": 20,
    }
    assert documents_conf.per_page() == 7
    assert reports_conf.stale_days() == 45 and reports_conf.check("stale").value == 45
    assert consultations_conf.min_open_days("decision") == 20
    assert consultations_conf.min_open_days("law") == 60


def test_defaults_follow_debug():
    production = environment.read({"SECRET_KEY": "x" * 50})
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True and production["SECURE_HSTS_SECONDS"] == 31536000
    assert production["PORTAL_BASE_URL"] == "" and production["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    local = environment.read({})
    assert (
        local["DEBUG"] is True and local["SECRET_KEY"] and local["PORTAL_BASE_URL"] == "http://127.0.0.1:8000"
    )
    assert environment.read({"MEDIA_ROOT": "/srv/portal/media"})["PORTAL_PRIVATE_ROOT"] == Path(
        "/srv/portal/private"
    )


def test_values_are_parsed_by_type():
    values = environment.read(
        {
            "PORTAL_STALE_DAYS": " 45 ",
            "PORTAL_PAGE_CACHE": "off",
            "PORTAL_MAIN_HOSTS": "travinh.gov.vn, www.travinh.gov.vn,",
            "PORTAL_CONSULTATION_MIN_OPEN_DAYS": '{"decision": 20}',
        }
    )
    assert values["PORTAL_STALE_DAYS"] == 45 and values["PORTAL_PAGE_CACHE"] is False
    assert values["PORTAL_MAIN_HOSTS"] == ["travinh.gov.vn", "www.travinh.gov.vn"]
    # The keys given replace the default's; the others stay.
    assert values["PORTAL_CONSULTATION_MIN_OPEN_DAYS"]["decision"] == 20
    assert values["PORTAL_CONSULTATION_MIN_OPEN_DAYS"]["law"] == 60


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("PORTAL_STALE_DAYS", "abc", "PORTAL_STALE_DAYS: 'abc' is not a whole number"),
        ("PORTAL_PAGE_CACHE", "maybe", "PORTAL_PAGE_CACHE: 'maybe' is not true or false"),
        (
            "PORTAL_CONSULTATION_MIN_OPEN_DAYS",
            "{decision: 20}",
            "PORTAL_CONSULTATION_MIN_OPEN_DAYS: '{decision: 20}' is not JSON",
        ),
        ("PORTAL_CONSULTATION_MIN_OPEN_DAYS", "[20]", "is not a JSON object"),
    ],
)
def test_a_bad_value_is_named(name, raw, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        environment.read({name: raw})


def test_a_bad_value_stops_start_up():
    env = {**os.environ, "PORTAL_STALE_DAYS": "abc", "EMAIL_PORT": "25x"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.settings"], cwd=BASE, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr, result.stderr[-2000:]
    assert "PORTAL_STALE_DAYS: 'abc' is not a whole number" in result.stderr
    assert "EMAIL_PORT: '25x' is not a whole number" in result.stderr  # every bad value at once
