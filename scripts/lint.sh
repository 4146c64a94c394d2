#!/usr/bin/env bash
# The code's own rules, before any test: ruff (pyflakes, bugbear, sorted imports, imports inside functions only
# with a reason) and the import-linter layer contracts of docs/architecture.md. Configuration: pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== Ruff =="
$BIN/ruff check src tests bench
echo "== Layer contracts (import-linter) =="
$BIN/lint-imports --no-cache
