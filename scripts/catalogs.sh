#!/usr/bin/env bash
# Keep the UI catalogs (portal/locale/) in step with the code.
#   scripts/catalogs.sh update    extract every UI string, merge into each .po
#   scripts/catalogs.sh check     list missing, fuzzy and untranslated messages
#   scripts/catalogs.sh compile   write the .mo files the portal reads
#   scripts/catalogs.sh init LL   start a catalog for a new locale
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
exec "$python" -m portal.catalogs "$@"
