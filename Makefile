# wagtail-meldcode: `make demo` runs the example intranet, `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
TEST_SETTINGS := example_site.settings.test
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
export MELDCODE_TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

COMPAT_VENV := .venv-wagtail7
# Each pass runs in PYTEST_WORKERS processes (pytest-xdist; 0: one process), each with a
# test database and a Redis database of its own, and names its 15 slowest tests.
PYTEST_WORKERS ?= 2
PYTEST_RUN := -n $(PYTEST_WORKERS) --dist loadgroup --durations=15
# The browser tests: Debian's Chromium, driven by Playwright; axe-core from the npm registry.
CHROMIUM ?= /usr/bin/chromium
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: install demo demo-sso test bench lint test-sqlite test-postgres test-wagtail7 messages clean \
	system-libs browser-deps saml-deps test-browser screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python setup.cfg requirements/dev.txt requirements/constraints.txt
	$(BIN)/pip install --quiet -c requirements/constraints.txt -r requirements/dev.txt
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || $(MAKE) --no-print-directory system-libs
	touch $@

# WeasyPrint (the PDF dossier) needs Pango from the system.
system-libs:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0; \
	else \
		echo "The PDF export needs Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; \
		exit 1; \
	fi

install: $(VENV)/.installed

# Chromium from Debian (never `playwright install`) and axe-core at the version in
# tests/browser/package-lock.json. Without them the browser tests skip, or fail with CI=true.
browser-deps: $(AXE)
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
		else \
			echo "The browser tests need Chromium: sudo apt-get install chromium"; \
		fi; \
	fi

# pysaml2 (SAML single sign-on and its tests) signs and verifies with the xmlsec1 program.
# Without it the SAML tests skip, or fail with CI=true.
saml-deps:
	@if ! command -v xmlsec1 >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq xmlsec1; \
		else \
			echo "The SAML tests need xmlsec1: sudo apt-get install xmlsec1"; \
		fi; \
	fi

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "The accessibility checks need npm to install axe-core: sudo apt-get install npm"; \
	fi

DEMO_SECTOR ?= onderwijs
demo: install
	DEMO_SECTOR=$(DEMO_SECTOR) bin/demo

# The same intranet with single sign-on through a local identity provider on port 8001.
demo-sso: install
	DEMO_SECTOR=$(DEMO_SECTOR) bin/demo-sso

lint: install
	$(BIN)/ruff check .

test: install lint
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/python manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(BIN)/python manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres
	$(MAKE) --no-print-directory test-wagtail7

test-sqlite: install saml-deps
	@echo "== pytest on SQLite"
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_RUN) $(PYTEST_ARGS)

test-postgres: install browser-deps saml-deps
	@if $(BIN)/python -m tests.services postgres "$(POSTGRES_URL)"; then \
		echo "== pytest on PostgreSQL"; \
		DATABASE_URL="$(POSTGRES_URL)" $(BIN)/pytest $(PYTEST_RUN) $(PYTEST_ARGS); \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is required in CI (CI=true)."; exit 1; \
	else \
		echo "== PostgreSQL not reachable: the PostgreSQL run is SKIPPED (set POSTGRES_URL)."; \
	fi

# Only the browser tests (they run in the PostgreSQL pass of `make test`).
test-browser: install browser-deps saml-deps
	DATABASE_URL="$(POSTGRES_URL)" $(BIN)/pytest tests/browser $(PYTEST_ARGS)

# Screenshots of the main screens for the README, taken by the browser tests.
screenshots: install browser-deps
	rm -f docs/screenshots/*.png
	MELDCODE_SCREENSHOTS=docs/screenshots DATABASE_URL="$(POSTGRES_URL)" \
		$(BIN)/pytest tests/browser -p no:cacheprovider $(PYTEST_ARGS)

# The suite again with Wagtail 7.4 LTS (SQLite), in a venv of its own.
$(COMPAT_VENV)/.installed: setup.cfg requirements/dev.txt requirements/constraints-wagtail7.txt
	$(PYTHON) -m venv $(COMPAT_VENV)
	$(COMPAT_VENV)/bin/pip install --quiet --upgrade pip
	$(COMPAT_VENV)/bin/pip install --quiet -c requirements/constraints-wagtail7.txt \
		-r requirements/dev.txt
	touch $@

test-wagtail7: $(COMPAT_VENV)/.installed saml-deps
	@echo "== pytest on SQLite with Wagtail 7.4 LTS"
	DJANGO_SETTINGS_MODULE=$(TEST_SETTINGS) $(COMPAT_VENV)/bin/python manage.py \
		makemigrations --check --dry-run
	env -u DATABASE_URL $(COMPAT_VENV)/bin/pytest -p no:cacheprovider $(PYTEST_RUN) $(PYTEST_ARGS)

# Extract and compile the Dutch translation (needs GNU gettext).
messages: install
	cd wagtail_meldcode && ../$(BIN)/django-admin makemessages -l nl --no-obsolete
	cd example_site && ../$(BIN)/django-admin makemessages -l nl --no-obsolete
	$(BIN)/django-admin compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) $(COMPAT_VENV) var .pytest_cache .ruff_cache tests/browser/node_modules

# The benchmark harness (not part of `make test`): PostgreSQL and Redis, about 50 minutes at full scale.
# BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/meldcode_bench, dropped and
# created), BENCH_REDIS_URL (default redis://127.0.0.1:6379/12, flushed), BENCH_LOAD_SECONDS
# (default 300), BENCH_ONLY, BENCH_SCALE, BENCH_RUNS: see benchmarks/run.py.
$(VENV)/.bench-installed: $(VENV)/.installed requirements/bench.txt requirements/constraints-bench.txt
	$(BIN)/pip install --quiet -c requirements/constraints.txt -c requirements/constraints-bench.txt \
		-r requirements/bench.txt
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m benchmarks.run
