"""`make bench`: the portal's pages under load, against a minimal Django view served the same way.

Starts gunicorn (2 workers, the production server) twice on the bench data set — once with the page
cache off (uncached) and once with it on (cached) — drives each page with wrk from a second process,
and writes requests/s, p50 and p99 latency and the ratio to the minimal view to bench/results.md. Each
page is measured in rounds (BENCH_ROUNDS, 3); the minimal view is measured before the first round and
again after each one, and a round's ratio is to the mean of the two runs around it. The table gives
the median round, the worst p99 and the spread of the rounds' ratios.
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
        SECURE_SSL_REDIRECT="false",
        PORTAL_PAGE_CACHE="true" if page_cache else "false",
        PORTAL_BENCH_ENDPOINT="true",
        LOG_LEVEL="ERROR",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{BASE / 'bench' / 'data' / 'bench.sqlite3'}")
    return env


def _serve(page_cache: bool) -> tuple[subprocess.Popen, str]:
    port = _port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "error",
            "--access-logfile",
            "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
        ],
        cwd=BASE,
        env=_env(page_cache),
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{url}/bench/minimal/", timeout=2).read()  # noqa: S310 - localhost
            return process, url
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


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


def _measure(url: str, pages, cached: bool) -> list:
    minimal = f"{url}/bench/minimal/"
    ceilings, rows = [_wrk(minimal, duration=CEILING_DURATION)], []
    for label, path in pages:
        rounds: dict[str, list] = {}
        for _ in range(ROUNDS):
            results = [(label, _wrk(f"{url}{path}"))]
            if label == "search":
                # The search target is a latency (p99 < 100 ms): also measured without 16 requests
                # queueing for 2 workers, i.e. what one visitor waits for.
                results.append(("search, 1 connection", _wrk(f"{url}{path}", connections="1")))
            ceilings.append(_wrk(minimal, duration=CEILING_DURATION))
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
    return [("minimal Django view", cached, ceiling), *rows]


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
    rows = []
    for cached in (False, True):
        process, url = _serve(page_cache=cached)
        try:
            rows += _measure(url, pages, cached)
        finally:
            _stop(process)
    _write(rows)


def _write(rows) -> None:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    cache = "Redis" if os.environ.get("REDIS_URL") else "in-process cache"
    lines = [
        f"# Benchmark — {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, {platform.processor() or platform.machine()}; "
        f"Python {platform.python_version()}; gunicorn 2 workers; {database}; {cache}; "
        f"wrk 2 threads, {CONNECTIONS} connections (unless named).",
        "Uncached: the whole-page cache off (fragments such as menus and home blocks still cached); "
        "cached: pages served from the page cache.",
        f"Each page is measured in {ROUNDS} rounds of {DURATION}, the minimal view ({CEILING_DURATION}) "
        "before the first and after each; a round's ratio is to the mean of the two minimal-view runs "
        "around it. Requests/s, p50 and the ratio are the median round's, p99 the worst round's, and the "
        "last column the lowest and highest round; the minimal view's row is the median of its runs.",
        "",
        "| page | cache | requests/s | p50 ms | p99 ms | non-2xx | ratio to minimal view | rounds |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, cached, r in rows:
        mode = "cached" if cached else "uncached"
        figures = f"{r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']}"
        low, high = r["spread"]
        spread = "" if label == "minimal Django view" else f"{low:.0%}–{high:.0%}"
        lines.append(f"| {label} | {mode} | {figures} | {r['ratio']:.0%} | {spread} |")
    if not ONLY:
        RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
