# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Parallel by default (one worker per core); `make test WORKERS=0` runs serially.
WORKERS ?= auto
PARALLEL := $(if $(filter 0,$(WORKERS)),-p no:xdist,-n $(WORKERS) --dist loadfile)
# The fast tier: no browser, no server started by a test, no Celery worker.
FAST := -m "not browser and not servers and not celery_worker"

.PHONY: run install system-packages test test-fast test-cluster lint format messages catalogues migrate demo bench bench-import bench-report bench-alerts clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP) catalogues

catalogues: $(STAMP)
	$(PY) manage.py compile_catalogues > /dev/null

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	$(PY) manage.py runserver $(HOST):$(PORT)

system-packages:
	@bash scripts/system-packages

# tests/cluster runs only in `make test-cluster`, never twice.
test: install system-packages
	$(PY) -m pytest $(PARALLEL) --ignore=tests/cluster $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest $(PARALLEL) $(FAST) --ignore=tests/cluster $(PYTEST_ARGS)

# nginx in front of two gunicorn servers (and the deploy/ files checked); needs DATABASE_URL on
# PostgreSQL: the servers share the test database. Serial: its servers take the machine's cores.
test-cluster: install system-packages
	$(PY) -m pytest -p no:xdist -p no:randomly tests/cluster $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Extract every string into the catalogues (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	$(PY) manage.py makemessages -l vi -l en -l km --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'staticfiles/*' --ignore 'media/*'
	$(PY) manage.py compile_catalogues > /dev/null

# The benchmark (issue 10): ten years of content, gunicorn with 2 workers, wrk; writes bench/results.md.
# PostgreSQL and Redis when DATABASE_URL and REDIS_URL are set, else SQLite and the in-process cache.
# BENCH_SCALE=merged: three provinces' ten years (~450,000 items, 250 units), in a database of its own.
BENCH_SCALE ?= province
bench: export DATABASE_URL ?= sqlite:///$(CURDIR)/bench/data/bench$(if $(filter merged,$(BENCH_SCALE)),-merged,).sqlite3
bench: export BENCH_SCALE := $(BENCH_SCALE)
bench: install
	@command -v wrk > /dev/null || [ "$$(id -u)" != 0 ] || { echo "installing wrk (Debian's package)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null; }
	@command -v wrk > /dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	mkdir -p bench/data
	$(PY) manage.py migrate --noinput
	DEBUG=false SECRET_KEY=collectstatic $(PY) manage.py collectstatic --noinput > /dev/null
	$(PY) manage.py seed_bench --years 10 --if-missing --scale $(BENCH_SCALE)
	env -u DATABASE_URL $(PY) bench/alerts.py > bench/data/alerts.txt
	$(PY) bench/run.py

# Time the report over the ten-year data set (JSON < 10 s, DOCX < 20 s): DATABASE_URL=postgres://... make bench-report
bench-report: install
	$(PY) bench/report.py

# Match 10,000 alert subscriptions against a new document (a throw-away SQLite database); must be < 1 s.
bench-alerts: install
	$(PY) bench/alerts.py

# Import a generated folder of 10,000 objects and 2,000 photos; print objects/s and peak memory.
bench-import: install
	$(PY) bench/import.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
