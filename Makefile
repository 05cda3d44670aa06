# cxloop: two commands on a fresh machine.
#   make run   set everything up (venv, install, database, demo data) and serve on http://127.0.0.1:8000
#   make test  run the whole suite (SQLite and PostgreSQL; browser tests in Debian's chromium)

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
PYTEST_ARGS ?=
DEMO_SCALE ?= 0.3

.PHONY: install run serve test test-fast lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/cxloop db upgrade
	$(BIN)/cxloop demo --if-empty --scale $(DEMO_SCALE)
	@echo ""
	@echo "  cxloop is starting on http://$(HOST):$(PORT)"
	@echo "  sign in with the admin login printed above (demo data: admin / see var/demo-login.txt)"
	@echo ""
	$(BIN)/cxloop serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/cxloop serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest -q -x -m "not browser and not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff format --check src tests bench
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy
	$(BIN)/mypy tests
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
