#!/usr/bin/env bash
# Command two: install what the tests need and run the whole suite, on SQLite
# and on PostgreSQL (the slow model tests run once, on SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh test
export ACADEMY_INSTANCE="$PWD/instance"

# The suite drops every table of its database: never point it at DATABASE_URL.
unset DATABASE_URL TEST_DATABASE_URL
echo "== SQLite, every test =="
sqlite_status=0
.venv/bin/pytest -q || sqlite_status=$?

postgres_url=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
echo "== PostgreSQL ($postgres_url), without the slow model tests =="
TEST_DATABASE_URL="$postgres_url" .venv/bin/pytest -q -m "not slow"

# Both runs report before the script fails, so one failure hides nothing.
exit "$sqlite_status"
