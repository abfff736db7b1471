"""Gunicorn settings for production: ``gunicorn -c lms/gunicorn.conf.py lms.wsgi``.

One worker process per core, each with a few threads (``gthread``): the threads overlap the waits on
PostgreSQL and Redis, and the process count stays at the core count. On the 2-core bench machine, 4
processes instead of 2 cost about twice the CPU per request when a hall hands in at once (more
interpreters competing for the same cores and caches), and doubled the burst's latency
(``bench/quiz_load.py --workers``). ``WEB_CONCURRENCY`` and ``GUNICORN_THREADS`` override the counts.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
keepalive = 30
