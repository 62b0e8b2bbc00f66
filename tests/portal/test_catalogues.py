"""Every user-facing string is translated into vi, en and km: a missing or fuzzy entry fails."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from portal.management.commands.compile_catalogues import project_catalogues

CATALOGUES = project_catalogues(Path(settings.BASE_DIR))


def test_every_language_has_catalogues():
    languages = {p.parts[-3] for p in CATALOGUES}
    assert {"vi", "en", "km"} <= languages


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_catalogue_complete(path):
    catalogue = polib.pofile(str(path))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert not missing, f"{len(missing)} untranslated in {path}: {missing[:10]}"


PROJECT_APPS = settings.PROJECT_APPS


@pytest.mark.parametrize("app", PROJECT_APPS)
def test_each_app_ships_its_catalogue_in_three_languages(app):
    base = Path(settings.BASE_DIR) / app / "locale"
    for language in ("vi", "en", "km"):
        assert (base / language / "LC_MESSAGES" / "django.po").exists(), (
            f"{app} lacks its {language} catalogue"
        )


SOURCE_DIRS = [*settings.PROJECT_APPS, "templates", "locale"]


@pytest.mark.skipif(not shutil.which("xgettext"), reason="GNU gettext is not installed (CI installs it)")
def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """Extract the messages of a copy of the tree as `make messages` would; every one must be translated."""
    base = Path(settings.BASE_DIR)
    for name in [*SOURCE_DIRS, "manage.py"]:
        source = base / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy(source, tmp_path / name)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "-l",
            "en",
            "-l",
            "km",
            "--no-obsolete",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert result.returncode == 0, result.stderr
    problems = []
    for path in project_catalogues(tmp_path):
        catalogue = polib.pofile(str(path))
        missing = [
            e.msgid for e in catalogue if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)
        ]
        if missing:
            problems.append(f"{path.relative_to(tmp_path)}: {missing[:8]}")
    assert not problems, "untranslated strings (run `make messages` and translate):\n" + "\n".join(problems)
