#!/usr/bin/env bash
# The whole suite: first on the embedded SQLite database (with the real browser),
# then the database-touching tests again on a throwaway PostgreSQL cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

scripts/ensure-test-tools.sh
scripts/lint.sh

echo "== Suite on SQLite (with browser tests) =="
set +e
$BIN/pytest "$@"
rc=$?
set -e
[ $rc -eq 0 ] || exit $rc

echo "== Database tests on PostgreSQL =="
# shellcheck disable=SC1091
source scripts/pg-throwaway.sh
pg_throwaway_start
trap pg_throwaway_stop EXIT
set +e
DATABASE_URL="$PG_URL" $BIN/pytest -m "needs_db and not browser" -p no:cacheprovider "$@"
rc=$?
set -e
[ $rc -eq 0 ] || exit $rc
