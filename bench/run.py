"""`make bench`: the portal's pages under load, against a bare Django view served the same way.

The ceiling is a project outside the portal (bench/bare: what `startproject` writes, one view answering
"hello"), served by the same gunicorn settings (2 sync workers). The portal is started twice on the
bench data set — once with the page cache off (uncached) and once with it on (cached). wrk drives each
page from a second process; bench/results.md gets requests/s, p50 and p99 latency, the ratio to the
bare view, the resident memory of each server's workers, the date, the machine and the commit. Each
page is measured in rounds (BENCH_ROUNDS, 3); the bare view is measured before the first round and
again after each one, and a round's ratio is to the mean of the two runs around it. The table gives
the median round, the worst p99 and the spread of the rounds' ratios. The portal's own minimal view
(`/bench/minimal/`: its whole middleware stack, no work) is the first row of each half.
PostgreSQL and Redis are used when DATABASE_URL and REDIS_URL are set.
"""

from __future__ import annotations

import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
RESULTS = BASE / "bench" / "results.md"
ALERTS = BASE / "bench" / "data" / "alerts.txt"
SCALE = os.environ.get("BENCH_SCALE", "province")
BARE = BASE / "bench" / "bare"
DURATION = os.environ.get("BENCH_DURATION", "5s")
CEILING_DURATION = os.environ.get("BENCH_CEILING_DURATION", "3s")
# Each page is measured in rounds, each against the ceiling measured just before and after it.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "16")
# `BENCH_ONLY=search make bench`: only the pages whose label contains it, printed, results.md untouched.
ONLY = os.environ.get("BENCH_ONLY", "")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(page_cache: bool) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="false",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PORTAL_BASE_URL="http://127.0.0.1",  # required with DEBUG off (portal.E001); no mail leaves
        SECURE_SSL_REDIRECT="false",
        PORTAL_PAGE_CACHE="true" if page_cache else "false",
        PORTAL_BENCH_ENDPOINT="true",
        LOG_LEVEL="ERROR",
        # No access log on either side, as gunicorn's is off for both (BENCH_ACCESS_LOG turns both on).
        PORTAL_ACCESS_LOG="true" if os.environ.get("BENCH_ACCESS_LOG") else "false",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{BASE / 'bench' / 'data' / 'bench.sqlite3'}")
    return env


def _bare_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="bare.settings", SECRET_KEY=secrets.token_urlsafe(50))
    return env


def _serve(page_cache: bool) -> tuple[subprocess.Popen, str]:
    return _gunicorn("config.wsgi", BASE, _env(page_cache), "/bench/minimal/")


def _serve_bare() -> tuple[subprocess.Popen, str]:
    return _gunicorn("bare.wsgi", BARE, _bare_env(), "/")


def _gunicorn(application: str, cwd: Path, env: dict, probe: str) -> tuple[subprocess.Popen, str]:
    """The same gunicorn settings for every server measured: 2 sync workers, no access log."""
    port = _port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            application,
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=cwd,
        env=env,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}{probe}", timeout=2).read()  # noqa: S310 - localhost
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def _worker_memory(process: subprocess.Popen) -> list[float]:
    """Resident memory (MiB) of each of gunicorn's workers, the master's children."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
    sizes = []
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status")
        rss = re.search(r"VmRSS:\s+(\d+) kB", status.read_text()) if status.exists() else None
        if rss:
            sizes.append(int(rss.group(1)) / 1024)
    return sizes


def _stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


def _wrk(url: str, connections: str = CONNECTIONS, duration: str = DURATION) -> dict:
    urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 - warm the page (and the cache) once
    threads = "2" if int(connections) > 1 else "1"
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": _ms(re.search(r"\s50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"\s99%\s+([\d.]+\w+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def _pages() -> list[tuple[str, str]]:
    """(label, path) of every page measured; the data set names real items (see seed_bench)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "bench_urls"],
        cwd=BASE,
        env=_env(False),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"manage.py bench_urls failed:\n{done.stderr}")
    out = done.stdout
    return [tuple(line.split("\t", 1)) for line in out.strip().splitlines()]


def _measure(url: str, bare: str, pages, cached: bool) -> list:
    ceilings, rows = [_wrk(bare, duration=CEILING_DURATION)], []
    for label, path in [("the portal's minimal view", "/bench/minimal/"), *pages]:
        rounds: dict[str, list] = {}
        for _ in range(ROUNDS):
            results = [(label, _wrk(f"{url}{path}"))]
            if label == "search":
                # The search target is a latency (p99 < 100 ms): also measured without 16 requests
                # queueing for 2 workers, i.e. what one visitor waits for.
                results.append(("search, 1 connection", _wrk(f"{url}{path}", connections="1")))
            ceilings.append(_wrk(bare, duration=CEILING_DURATION))
            # The mean of the runs just before and just after the round: a shared virtual machine's
            # speed drifts over a run, and one ceiling taken at the start would blame the last pages.
            ceiling = (ceilings[-2]["rps"] + ceilings[-1]["rps"]) / 2
            for name, result in results:
                rounds.setdefault(name, []).append({**result, "ratio": result["rps"] / ceiling})
        for name, measured in rounds.items():
            rows.append((name, cached, _summary(measured)))
            mode = "cached" if cached else "uncached"
            print(f"{mode:8} {name:40} {rows[-1][2]['rps']:8.0f} req/s", flush=True)
    ceiling = _summary([{**c, "ratio": 1.0} for c in ceilings], by="rps")
    return [(_BARE_LABEL, cached, ceiling), *rows]


_BARE_LABEL = "bare Django view (ceiling)"


def _summary(rounds: list[dict], by: str = "ratio") -> dict:
    """The median round's requests/s, p50 and ratio, the worst p99, and the ratios' spread: one stall of
    the machine moves one round, not the figure."""
    middle = sorted(rounds, key=lambda r: r[by])[len(rounds) // 2]
    ratios = [r["ratio"] for r in rounds]
    return {
        **middle,
        "p99": max(r["p99"] for r in rounds),
        "errors": sum(r["errors"] for r in rounds),
        "spread": (min(ratios), max(ratios)),
    }


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    pages = [(label, path) for label, path in _pages() if ONLY in label]
    rows, memory = [], {}
    bare_process, bare_url = _serve_bare()
    try:
        for cached in (False, True):
            process, url = _serve(page_cache=cached)
            try:
                rows += _measure(url, f"{bare_url}/", pages, cached)
                memory["portal, " + ("cached" if cached else "uncached") + " half"] = _worker_memory(process)
            finally:
                _stop(process)
        memory["bare Django"] = _worker_memory(bare_process)
    finally:
        _stop(bare_process)
    _write(rows, memory)


def _alerts_lines() -> list[str]:
    """What `bench/alerts.py` printed in this `make bench` (matching 10,000 alert subscriptions)."""
    if not ALERTS.exists():
        return []
    printed = ALERTS.read_text(encoding="utf-8").strip().splitlines()
    return ["", "E-mail alerts, one publication against 10,000 subscriptions (bench/alerts.py):", ""] + [
        f"- {line}" for line in printed
    ]


def _commit() -> str:
    command = ["git", "describe", "--always", "--dirty"]
    done = subprocess.run(command, cwd=BASE, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def _write(rows, memory: dict) -> None:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    cache = "Redis" if os.environ.get("REDIS_URL") else "in-process cache"
    lines = [
        f"# Benchmark — {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.processor() or platform.machine()}; "
        f"Python {platform.python_version()}; gunicorn 2 workers; {database}; {cache}; "
        f"wrk 2 threads, {CONNECTIONS} connections (unless named). Commit {_commit()}. "
        f"Data set: seed_bench --scale {SCALE}.",
        "Uncached: the whole-page cache off (fragments such as menus and home blocks still cached); "
        "cached: pages served from the page cache.",
        f"Each page is measured in {ROUNDS} rounds of {DURATION}, the bare Django view ({CEILING_DURATION}; "
        "bench/bare, a `startproject` with one view answering hello, same gunicorn settings) before the "
        "first and after each; a round's ratio is to the mean of the two bare-view runs around it. "
        "Requests/s, p50 and the ratio are the median round's, p99 the worst round's, and the last column "
        "the lowest and highest round; the bare view's row is the median of its runs.",
        "",
        "| page | cache | requests/s | p50 ms | p99 ms | non-2xx | ratio to bare Django | rounds |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, cached, r in rows:
        mode = "cached" if cached else "uncached"
        figures = f"{r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']}"
        low, high = r["spread"]
        spread = "" if label == _BARE_LABEL else f"{low:.0%}–{high:.0%}"
        lines.append(f"| {label} | {mode} | {figures} | {r['ratio']:.0%} | {spread} |")
    lines += ["", "Resident memory per worker at the end of its measurements (MiB):", ""]
    lines += ["| server | workers |", "|---|---|"]
    for server, sizes in memory.items():
        lines.append(f"| {server} | {', '.join(f'{size:.0f}' for size in sizes) or 'unknown'} |")
    lines += _alerts_lines()
    if not ONLY:
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
