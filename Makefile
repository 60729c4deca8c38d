# Kamitaiou — the front door. `make run` serves the app with demo data; `make test` runs
# everything. Both install what is missing and are fast the second time.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
ADDR ?= 127.0.0.1:8000
HTMX := kamitaiou/static/vendor/htmx.min.js
CHARTJS := kamitaiou/static/vendor/chart.umd.min.js
FONTS := kamitaiou/static/vendor/noto-sans-jp/400.css

.PHONY: run test setup setup-dev lint format bench clean-data help
help:
	@echo "make run   — set up, load demo data and serve on http://$(ADDR)/"
	@echo "make test  — run the whole suite (SQLite, PostgreSQL, browser)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q uv==0.13.9

$(VENV)/.base-installed: requirements/base.lock pyproject.toml | $(BIN)/python
	$(UV) pip install -q --python $(BIN)/python -r requirements/base.lock
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	touch $@

$(VENV)/.dev-installed: requirements/dev.lock $(VENV)/.base-installed
	$(UV) pip install -q --python $(BIN)/python -r requirements/dev.lock
	touch $@

$(HTMX): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $@)
	cp node_modules/htmx.org/dist/htmx.min.js $@

# Chart.js for the reports page (ADR 0018), from the same npm lock file.
$(CHARTJS): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(dir $@)
	cp node_modules/chart.js/dist/chart.umd.min.js $@

# Noto Sans JP (OFL) for the printable case record (ADR 0023): regular and bold, woff2 cut
# by Unicode range, so a browser loads only the pieces a page uses.
$(FONTS): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	scripts/vendor-fonts.sh node_modules/@fontsource/noto-sans-jp $(dir $@)

setup: $(VENV)/.base-installed $(HTMX) $(CHARTJS) $(FONTS)

setup-dev: $(VENV)/.dev-installed $(HTMX) $(CHARTJS) $(FONTS)

run: setup
	@DEBUG=1 $(BIN)/kamitaiou migrate -v0
	@DEBUG=1 $(BIN)/kamitaiou demo
	@echo ""
	@echo "  Kamitaiou: http://$(ADDR)/   (Ctrl-C stops the server and the worker)"
	@echo ""
	@DEBUG=1 exec $(BIN)/kamitaiou serve --addr $(ADDR)

test: setup-dev
	@scripts/ensure-system-deps.sh
	@scripts/test.sh

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup-dev
	$(BIN)/python bench/analyzer.py

clean-data:
	rm -rf data
