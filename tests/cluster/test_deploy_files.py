"""What deploy/ ships is valid: nginx accepts its sites, systemd its units, compose.yaml names the
services and the portal's own variables. (Docker cannot run here: compose.yaml is read, not started.)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from config.environment import VARIABLES
from tests.factories.subsites import UnitFactory

from .harness import DEPLOY, nginx_binary

COMPOSE = DEPLOY / "compose.yaml"
APP_SERVICES = ("migrate", "web1", "web2", "worker", "beat")
# Read by deploy/gunicorn.conf.py and by prometheus_client, not by the portal's settings.
SERVER_VARIABLES = {
    "GUNICORN_BIND",
    "GUNICORN_WORKERS",
    "GUNICORN_THREADS",
    "GUNICORN_LOG_LEVEL",
    "PROMETHEUS_MULTIPROC_DIR",
}


def _nginx_test(folder: Path, site: str) -> subprocess.CompletedProcess:
    """`nginx -t` on `site` inside a minimal main configuration, all of it in `folder`."""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{\n    access_log off;\n{site}\n}}\n"
    )
    return subprocess.run(
        [nginx_binary(), "-t", "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf)],
        capture_output=True,
        text=True,
    )


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=portal.test"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _portal_site(folder: Path) -> str:
    """portal.conf as installed: its snippet and certificate at the paths it names, here in `folder`."""
    cert, key = _self_signed(folder)
    site = (DEPLOY / "nginx" / "portal.conf").read_text()
    for installed, here in (
        ("/etc/nginx/snippets/portal-proxy.conf", DEPLOY / "nginx" / "portal-proxy.conf"),
        ("/etc/ssl/portal/fullchain.pem", cert),
        ("/etc/ssl/portal/privkey.pem", key),
    ):
        assert installed in site, installed
        site = site.replace(installed, str(here))
    return site


def test_nginx_accepts_the_portal_site(tmp_path):
    result = _nginx_test(tmp_path, _portal_site(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_nginx_refuses_a_broken_site(tmp_path):
    """The check above can fail: one directive misspelt in the snippet is reported."""
    broken = tmp_path / "portal-proxy.conf"
    broken.write_text(
        (DEPLOY / "nginx" / "portal-proxy.conf")
        .read_text()
        .replace("proxy_next_upstream ", "proxy_next_upsteam ", 1)
    )
    site = _portal_site(tmp_path).replace(str(DEPLOY / "nginx" / "portal-proxy.conf"), str(broken))
    result = _nginx_test(tmp_path, site)
    assert result.returncode != 0 and "proxy_next_upsteam" in result.stderr


def test_nginx_accepts_the_compose_site(tmp_path):
    """compose.conf with compose's service names as loopback: nginx resolves them at start."""
    site = (DEPLOY / "nginx" / "compose.conf").read_text()
    site = re.sub(r"\b(web\d|minio):", "127.0.0.1:", site)
    site = site.replace("/etc/nginx/snippets/portal-proxy.conf", str(DEPLOY / "nginx" / "portal-proxy.conf"))
    result = _nginx_test(tmp_path, site)
    assert result.returncode == 0, result.stderr


def test_the_proxy_rules_match_the_portals_trusted_proxy_reading():
    """portal/proxy.py reads the Nth hop from the right of X-Forwarded-For: nginx must append to it,
    and replace (never pass on) the scheme and the request id."""
    rules = (DEPLOY / "nginx" / "portal-proxy.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in rules
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in rules
    assert "proxy_set_header X-Request-ID $request_id;" in rules
    # Without non_idempotent: a POST that reached a server is never sent to the other one as well.
    assert re.findall(r"^proxy_next_upstream .*$", rules, re.M) == [
        "proxy_next_upstream error timeout http_502 http_503;"
    ]


def test_systemd_accepts_the_units():
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: run `make system-packages` (Debian's systemd)")
    units = sorted((DEPLOY / "systemd").glob("*.service"))
    assert [u.name for u in units] == ["portal-beat.service", "portal-web.service", "portal-worker.service"]
    result = subprocess.run([analyze, "verify", *map(str, units)], capture_output=True, text=True)
    # The only complaint allowed: the installed virtualenv is not on this machine.
    problems = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and not re.search(r"Command /srv/portal/app/\.venv/bin/\w+ is not executable", line)
    ]
    assert not problems, "\n".join(problems)
    web = (DEPLOY / "systemd" / "portal-web.service").read_text()
    assert "-c deploy/gunicorn.conf.py config.wsgi" in web


def _compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_has_every_part_of_the_cluster():
    services = _compose()["services"]
    for name in (
        "web1",
        "web2",
        "worker",
        "beat",
        "db",
        "db-replica",
        "redis",
        "redis-cache",
        "minio",
        "nginx",
    ):
        assert name in services, name
    for web in ("web1", "web2"):
        assert services[web]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py", "config.wsgi"]
    assert "worker" in services["worker"]["command"] and "beat" in services["beat"]["command"]
    assert (DEPLOY / services["web1"]["build"]["dockerfile"].removeprefix("deploy/")).exists()


def test_compose_mounts_only_files_that_exist():
    for name, service in _compose()["services"].items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("./"):
                assert (DEPLOY / source).exists(), f"{name} mounts {source}"


def test_compose_sets_only_variables_the_portal_declares():
    declared = {variable.name for variable in VARIABLES}
    services = _compose()["services"]
    for name in APP_SERVICES:
        unknown = set(services[name]["environment"]) - declared - SERVER_VARIABLES
        assert not unknown, f"{name} sets variables config/environment.py does not declare: {unknown}"


@pytest.mark.django_db(transaction=True)
def test_server_names_lists_the_main_host_and_every_units_own_host(main_portal, tmp_path):
    from tests.load.harness import require_postgres, server_env

    require_postgres()
    UnitFactory(key="sotp", host="sotp.travinh.gov.vn")
    UnitFactory(key="soyt", host="soyt.travinh.gov.vn")
    UnitFactory(key="sonv")  # no host of its own: reached under the main host only
    env = server_env(
        PORTAL_MAIN_HOSTS="travinh.gov.vn,www.travinh.gov.vn", PORTAL_BASE_URL="https://travinh.gov.vn"
    )
    result = subprocess.run(
        [sys.executable, str(DEPLOY / "server_names.py")], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == [
        "server_name travinh.gov.vn www.travinh.gov.vn sotp.travinh.gov.vn soyt.travinh.gov.vn;",
        "ALLOWED_HOSTS=travinh.gov.vn,www.travinh.gov.vn,sotp.travinh.gov.vn,soyt.travinh.gov.vn",
    ]
