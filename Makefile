# Two commands on a fresh machine: `make demo` and `make test`.
# Both create .venv, install the pinned requirements and everything else they need.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8000

PLUGINS := recommendations reviews funnel

.PHONY: demo test test-sqlite test-postgres test-plugins lint bench mutation browser postgres java serve loadtest clean

# Every link the demo prints or mails starts with SHOP_BASE_URL: the address it serves.
demo: export SHOP_BASE_URL ?= http://$(HOST):$(PORT)
demo: $(RUNTIME)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The whole suite twice: on SQLite (the demo's database) and on PostgreSQL (production's),
# and each plugin alone. The three runs share nothing (own databases, temporary index and
# media directories), so they run side by side; each one's output is printed when it ends.
# Every run is in random order (pytest-randomly: the header names the seed, and
# `pytest -p randomly --randomly-seed=N` repeats it); the SQLite and plugin runs start
# every test at 23:58 London time (TEST_CLOCK, tests/conftest.py), the PostgreSQL run
# on the real clock.
test: $(DEV) browser postgres java
	$(VENV)/bin/ruff check .
	$(MAKE) --no-print-directory -j3 --output-sync=target test-sqlite test-postgres test-plugins

# Tests marked postgres_pass (Spark, a server of their own) run once, in the PostgreSQL pass.
test-sqlite: $(DEV)
	@echo "== the suite on SQLite"
	TEST_CLOCK=23:58 $(VENV)/bin/pytest -m "not postgres_pass"

# A throwaway cluster of Debian's PostgreSQL in a temporary directory, on a free port.
test-postgres: $(DEV) postgres
	@echo "== the suite on PostgreSQL"
	$(PY) scripts/postgres_cluster.py -- $(VENV)/bin/pytest -p no:cacheprovider

# Each plugin's own tests in a stock Oscar shop holding only that plugin (no `shop`).
test-plugins: $(DEV)
	@for plugin in $(PLUGINS); do \
		echo "== $$plugin alone in a stock Oscar shop (tests/standalone/$$plugin.py)"; \
		TEST_CLOCK=23:58 $(VENV)/bin/pytest -q -p no:cacheprovider -m "not postgres_pass" \
			--ds=tests.standalone.$$plugin tests/$$plugin \
			|| exit 1; \
	done

lint: $(DEV)
	$(VENV)/bin/ruff check .

bench: $(DEV) postgres java
	$(PY) tests/benchmarks/bench_import.py
	$(PY) tests/benchmarks/bench_recommendations.py
	$(PY) tests/benchmarks/bench_ease.py
	$(PY) tests/benchmarks/bench_spark.py
	$(PY) tests/benchmarks/bench_funnel.py --days 120
	$(PY) scripts/postgres_cluster.py -- $(PY) tests/benchmarks/bench_funnel.py --events 10000000 --days 120
	tests/benchmarks/demo_db.sh
	$(PY) tests/benchmarks/bench_tracking.py
	tests/benchmarks/compare_with_stock.sh

# Claims with teeth (not part of `make test`: about half an hour here). First the mutants
# a reviewer found alive, each of which must now turn its tests red; then mutmut over the
# modules that keep the README's promises, each tested by its own tests only: the score
# per module and every mutant left alive (README, "Mutation testing").
mutation: $(DEV)
	$(PY) scripts/listed_mutants.py
	$(PY) scripts/mutation.py

# Debian's chromium for the browser tests (Playwright cannot download one here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "chromium is missing: run 'sudo apt-get install chromium' (browser tests need it)"; \
		fi; \
	fi

# The production shape on loopback: PostgreSQL (kept in var/serve/postgres), the demo
# data, a task worker and gunicorn. Ctrl-C stops it all.
serve: $(RUNTIME) postgres
	$(PY) scripts/postgres_cluster.py --dir var/serve/postgres -- scripts/serve.sh

# Locust shoppers against the production shape (SQLite and PostgreSQL), beside stock
# Oscar when ../shared/stock_shop is there: requests/s, p50/p95, failures, orders = events.
loadtest: $(DEV) postgres
	$(PY) scripts/postgres_cluster.py --dir var/serve/postgres -- $(PY) tests/load/run_loadtest.py

# Java for PySpark (the Spark engine's test and benchmark).
java:
	@if ! command -v java >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless; \
		else \
			echo "Java is missing: run 'sudo apt-get install openjdk-17-jre-headless'"; exit 1; \
		fi; \
	fi

# Debian's PostgreSQL server for the second run of the suite and for `make serve`.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
		else \
			echo "PostgreSQL is missing: run 'sudo apt-get install postgresql'"; exit 1; \
		fi; \
	fi

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
			rm -rf $(VENV); $(PYTHON) -m venv $(VENV); \
		else echo "python3 -m venv failed: install python3-venv"; exit 1; fi; }

$(RUNTIME): requirements.txt | $(PY)
	$(PIP) install -q -r requirements.txt
	@touch $@

$(DEV): requirements.txt requirements-dev.txt requirements-spark.txt | $(PY)
	$(PIP) install -q -r requirements-dev.txt -r requirements-spark.txt
	@touch $@ $(RUNTIME)

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm whoosh_index static_collected \
		.pytest_cache demo-mail.log build dist *.egg-info var
