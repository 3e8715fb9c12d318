#!/usr/bin/env bash
# Command two: install what the tests need and run the whole suite, on SQLite
# and on PostgreSQL (the slow model tests run once, on SQLite).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh test
export ACADEMY_INSTANCE="$PWD/instance"

echo "== SQLite, every test =="
.venv/bin/pytest -q

postgres_url=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/test}
echo "== PostgreSQL ($postgres_url), without the slow model tests =="
DATABASE_URL="$postgres_url" .venv/bin/pytest -q -m "not slow"
