# The two set-up commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test bench simulate clean

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements/constraints.txt -e '.[test]'
	touch $@

install: $(STAMP)
install-test: $(TEST_STAMP)

## Serve the platform on the embedded SQLite database with demo data (and the worker beside it).
run: install
	$(BIN)/riep setup
	$(BIN)/riep run --host $(HOST) --port $(PORT)

## Install test dependencies (Python, Chromium, axe-core) and run the whole suite on SQLite and PostgreSQL.
test: install-test
	scripts/test.sh

## Benchmarks: each prints its figures against a named baseline measured in the same run.
bench: install-test
	for b in bench/bench_*.py; do $(BIN)/python $$b || exit 1; done

## The counterfactual engine's simulation study (about 17 minutes; report in docs/impact-simulation.md).
simulate: install-test
	$(BIN)/python bench/simulate_impact.py

clean:
	rm -rf $(VENV) var node_modules
