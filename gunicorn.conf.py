"""gunicorn's configuration for production: `gunicorn --config gunicorn.conf.py wsgi:app`.

The figures hang together with the database's (config.py, DB_LOCK_TIMEOUT_SECONDS):
- a write waits at most DB_LOCK_TIMEOUT_SECONDS for the lock (SQLite busy_timeout; PostgreSQL
  lock_timeout), and no statement runs longer (PostgreSQL statement_timeout), then answers
  "the service is busy, nothing was saved";
- a request is given three times that (`timeout`) before gunicorn gives up on its worker, so the
  busy page always reaches the user before the server cuts the connection, and a worker is never
  killed in the middle of a transaction that could still commit;
- nginx waits longer still (deploy/nginx.conf.example: proxy_read_timeout).

The access log names the path only: a query string can hold a name (`/shelter/residents?q=…`),
so it never enters a log file; neither does the referrer (which carries the previous page's
query). Every figure can be changed through the environment (see README, "Running in production").
"""
from __future__ import annotations

import gc
import os
from typing import Any


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


LOCK_TIMEOUT_SECONDS = _int("DB_LOCK_TIMEOUT_SECONDS", 10)

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # nginx in front; never exposed directly
worker_class = "gthread"
workers = _int("GUNICORN_WORKERS", 2)
threads = _int("GUNICORN_THREADS", 4)
timeout = _int("GUNICORN_TIMEOUT", 3 * LOCK_TIMEOUT_SECONDS)
graceful_timeout = timeout  # a restart lets the requests in flight finish
keepalive = 5
# A worker is replaced after this many requests (with jitter, not all at once): memory stays flat.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True  # nothing listens besides the HTTP socket

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# %(U)s is the path without its query string; %(r)s (the request line) and %(f)s (the referrer)
# would carry names, so they are not used.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

if timeout <= LOCK_TIMEOUT_SECONDS + 5:
    raise RuntimeError(f"gunicorn's timeout ({timeout} s) must exceed DB_LOCK_TIMEOUT_SECONDS "
                       f"({LOCK_TIMEOUT_SECONDS} s) by more than 5 s: the busy page must reach the user first")

# The collector in a worker: once the application is loaded, what it loaded (modules, templates,
# the registries: about 186,000 objects) is set aside from the collector's rounds, and the young
# generation is collected every 10,000 new objects instead of 700. A page's own objects are freed
# as it ends either way; the rounds over everything loaded took 1.7 ms of each request, 0.24 ms now
# (counted with gc.callbacks over the board, the stay page and the audit trail at ten years). A
# worker's peak after 1,200 pages at ten years is the same with or without it (110-112 MB).
GC_THRESHOLDS = (10_000, 20, 20)


def post_worker_init(worker: Any) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
