# Two entry points for newcomers: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= sigact.db
NPM ?= npm
WEB := src/sigact/web
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test lint web bench bench-api bench-web clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Stamps re-run the install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[serve]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

# The dashboard: npm packages (Leaflet, marker clustering, Natural Earth borders) installed at
# build time into $(WEB)/node_modules and copied with our sources into $(WEB)/dist; neither
# is committed. Rebuilt only when the lock file, the build script or a source file changes.
$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && $(NPM) ci --no-audit --no-fund --loglevel=error
	touch $@

$(WEB)/dist/index.html: $(WEB)/node_modules/.installed $(WEB)/build.mjs $(wildcard $(WEB)/src/*)
	cd $(WEB) && $(NPM) run --silent build

web:
	@if command -v $(NPM) >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory $(WEB)/dist/index.html; \
	else \
	  echo "make: npm not found, so the dashboard is not built (install Node.js and npm, then: make web)"; \
	fi

demo: $(VENV)/.installed web
	$(BIN)/sigact gazetteer build
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/sigact run examples/reports --db $(DB)
	$(BIN)/sigact events --db $(DB)
	@echo "Dashboard: http://$(HOST):$(PORT)/app/  API docs: http://$(HOST):$(PORT)/docs  (Ctrl-C stops)"
	$(BIN)/sigact serve --db $(DB) --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

test: lint web
	$(BIN)/pytest

bench: $(VENV)/.installed
	$(BIN)/python bench/speed.py

bench-api: $(VENV)/.installed
	$(BIN)/python bench/api_load.py

bench-web: $(VENV)/.installed-dev web
	$(BIN)/python bench/dashboard_load.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache .mypy_cache .ruff_cache
	rm -rf $(WEB)/node_modules $(WEB)/dist tests/artifacts
