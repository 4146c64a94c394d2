#!/usr/bin/env bash
# The whole suite: first on the embedded SQLite database (with the real browser),
# then the database-touching tests again on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# Two pytest-xdist workers (this machine has two cores); tests that share a package's demo stay on one worker
# (tests/conftest.py). RIEP_TEST_WORKERS=0 runs everything in one process.
PARALLEL=(-n "${RIEP_TEST_WORKERS:-2}" --dist loadgroup)

scripts/ensure-test-tools.sh
scripts/lint.sh

echo "== Suite on SQLite (with browser tests) =="
set +e
$BIN/pytest "${PARALLEL[@]}" --durations=15 "$@"
rc=$?
set -e
[ $rc -eq 0 ] || exit $rc

echo "== Database tests on PostgreSQL =="
# shellcheck disable=SC1091
source scripts/pg-throwaway.sh
pg_throwaway_start
trap pg_throwaway_stop EXIT
set +e
DATABASE_URL="$PG_URL" $BIN/pytest "${PARALLEL[@]}" --durations=10 -m "needs_db and not browser" -p no:cacheprovider "$@"
rc=$?
set -e
[ $rc -eq 0 ] || exit $rc
