#!/usr/bin/env bash
# The whole suite: lint, then pytest on SQLite (with the browser tests), then pytest on a
# real PostgreSQL server started here and stopped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DEBUG=0 KAMITAIOU_ALLOW_DEV_KEY=1 SECURE_COOKIES=0
export KAMITAIOU_DATA_DIR="$(mktemp -d)"
trap 'rm -rf "$KAMITAIOU_DATA_DIR"' EXIT

echo "== lint =="
$BIN/ruff check --quiet .
$BIN/ruff format --check --quiet .
core=$(ls -d kamitaiou/analysis kamitaiou/method kamitaiou/mail/parsing 2>/dev/null || true)
[ -z "$core" ] || $BIN/mypy $core

echo "== tests on SQLite =="
$BIN/python -m pytest -q "$@"

echo "== tests on PostgreSQL =="
# Its own directory per run, so two runs on one machine never share a server.
export PGTEST_DIR="$(mktemp -d /tmp/kamitaiou-pgtest.XXXXXX)"
url=$(scripts/pg-test-server.sh start)
trap 'scripts/pg-test-server.sh stop; rm -rf "$KAMITAIOU_DATA_DIR"' EXIT
DATABASE_URL="$url" $BIN/python -m pytest -q -m "not browser" "$@"
