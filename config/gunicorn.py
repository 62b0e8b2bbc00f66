"""gunicorn's hooks for the portal: `gunicorn -c config/gunicorn.py config.wsgi` (deploy/gunicorn.conf.py
includes them).

- Views a worker counted in memory are handed on when it stops (worker_exit).
- With PROMETHEUS_MULTIPROC_DIR set, every worker writes its counts to files in that folder and /metrics
  adds them up (portal.metrics). The folder is emptied when the master starts (counts of an earlier run
  would be added to this one's) and a worker's files are marked when it exits.
"""

import os
from pathlib import Path


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for stale in Path(folder).glob("*.db"):
        stale.unlink()


def worker_exit(server, worker):
    """A stopping worker (SIGTERM, a restart, max_requests) hands on the page and article views it
    counted in memory, before the interpreter starts tearing itself down."""
    from portal.counters import flush_all  # gunicorn loads this file before Django is set up

    flush_all()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
