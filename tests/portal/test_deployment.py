"""The site as it is run: `check --deploy` clean with production settings, and a real server answering."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

# Each test starts manage.py or a server in a subprocess: part of the servers tier, not `make test-fast`.
pytestmark = pytest.mark.servers

BASE = Path(settings.BASE_DIR)


def _env(**extra) -> dict:
    dropped = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**env, **extra}


def _production(**extra) -> dict:
    return _env(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="travinh.gov.vn",
        PORTAL_BASE_URL="https://travinh.gov.vn",
        **extra,
    )


def test_check_deploy_is_clean_with_production_settings():
    env = _production()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("value", [None, "", "travinh.gov.vn"])
def test_production_refuses_to_start_without_the_portal_base_url(value):
    """Its loopback default went into 262 citizens' e-mails: with DEBUG off there is no default."""
    env = _production()
    del env["PORTAL_BASE_URL"]
    if value is not None:
        env["PORTAL_BASE_URL"] = value
    for command in (["check"], ["migrate", "--plan"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command], cwd=BASE, env=env, capture_output=True, text=True
        )
        assert result.returncode != 0, command
        assert "portal.E001" in result.stderr and "PORTAL_BASE_URL" in result.stderr, result.stderr[-2000:]


def test_locally_the_portal_base_url_has_a_default():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE, env=_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, language: str = "vi") -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Accept-Language": language, "User-Agent": "Mozilla/5.0"})
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - localhost only
        return response.status, response.read().decode()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """What `make run` does: migrate, load the demo province, serve on a port — in a separate process."""
    db = tmp_path_factory.mktemp("run") / "demo.sqlite3"
    env = _env(DATABASE_URL=f"sqlite:///{db}", MEDIA_ROOT=str(db.parent / "media"))
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=BASE, env=env, check=True, capture_output=True
        )
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=BASE,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            _fetch(f"{url}/robots.txt")
            break
        except OSError:
            time.sleep(0.2)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.parametrize(
    ("lang", "others"), [("vi", ("en", "km")), ("en", ("vi", "km")), ("km", ("vi", "en"))]
)
def test_real_server_serves_each_language(demo_server, lang, others):
    status, html = _fetch(f"{demo_server}/{lang}/")
    assert status == 200
    assert f'<html lang="{lang}">' in html
    for other in others:
        assert f'href="/{other}/"' in html
    if lang == "km":
        assert "ខេត្តត្រាវិញ" in html


def test_real_server_root_sitemap_and_admin(demo_server):
    status, html = _fetch(f"{demo_server}/", language="km")
    assert status == 200 and '<html lang="km">' in html  # redirected to the preferred language
    status, xml = _fetch(f"{demo_server}/sitemap.xml")
    assert status == 200 and "<sitemapindex" in xml
    status, html = _fetch(f"{demo_server}/admin/")
    assert status == 200 and 'name="username"' in html
    status, html = _fetch(f"{demo_server}/don-vi/stp/vi/")
    assert status == 200 and "Sở Tư pháp" in html


def test_collectstatic_with_the_production_storage(tmp_path):
    """The manifest storage resolves every url() of every stylesheet, as in a production collectstatic."""
    env = _env(
        SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="travinh.gov.vn", STATIC_ROOT=str(tmp_path)
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").exists()


def test_what_the_wsgi_application_loads_is_out_of_the_collectors_sight():
    """A full collection walking Django, the apps and the URL patterns paused a worker for 100–130 ms."""
    probe = (
        "import gc; import config.wsgi; frozen = gc.get_freeze_count(); "
        "gc.collect(); print(frozen, len(gc.get_objects()))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=BASE, env=_env(), capture_output=True, text=True, check=True
    )
    frozen, watched = map(int, result.stdout.split())
    assert frozen > 100_000 and watched < frozen / 10, result.stdout
