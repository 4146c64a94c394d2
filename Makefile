# The two set-up commands (see README): `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test bench simulate audit clean

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

## Release step, needs the network (docs/deploy.md): every pinned package against the vulnerability databases.
audit:
	test -x .venv-audit/bin/pip-audit || ($(PYTHON) -m venv .venv-audit && .venv-audit/bin/pip install --quiet pip-audit==2.10.1)
	.venv-audit/bin/pip-audit --requirement requirements/constraints.txt --no-deps --disable-pip --progress-spinner off

clean:
	rm -rf $(VENV) .venv-audit var node_modules
