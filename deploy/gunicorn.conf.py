"""gunicorn's settings for one application server: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Each value can be changed per machine with an environment variable (GUNICORN_BIND, GUNICORN_WORKERS,
GUNICORN_THREADS) without editing this file; the systemd unit and compose.yaml use it as it is.
"""

import importlib.util
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# The address nginx's upstream names. 0.0.0.0 only on a private network that nginx alone can reach.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two processes per core: each page waits on PostgreSQL and Redis part of its time.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1))))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A request still running after 60 s is killed (nginx gives up after its proxy_read_timeout, 60 s).
timeout = 60
# On SIGTERM (a restart, a deploy), requests in flight get 30 s to finish before the workers stop.
graceful_timeout = 30
# Longer than nginx's upstream keepalive idle time, so nginx closes idle connections first.
keepalive = 75
# Each worker is replaced after about 2,000 requests: memory a request leaks cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# The heartbeat file on a RAM disk: a slow /tmp disk must not make the arbiter kill healthy workers.
_SHM = "/dev/shm"  # noqa: S108 - gunicorn makes its heartbeat files there with mkstemp, private
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# nginx keeps the access log; gunicorn's errors go to standard error (the journal).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
# Client addresses come from X-Forwarded-For through PORTAL_TRUSTED_PROXIES (portal/proxy.py), not
# from gunicorn: it is told to believe nobody, so the one rule lives in one place.
forwarded_allow_ips = ""
proxy_allow_ips = ""

# The portal's own server hooks (flushing each worker's buffers when it exits) live with its code.
if importlib.util.find_spec("config.gunicorn") is not None:
    from config.gunicorn import *  # noqa: F403
