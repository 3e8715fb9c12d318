#!/usr/bin/env bash
# Command one: install, build the demo course from a real recording, serve it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install.sh
.venv/bin/academy demo

.venv/bin/academy worker &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
port=${PORT:-5000}
echo "Portal: http://127.0.0.1:$port  (Ctrl-C stops the portal and its worker)"
.venv/bin/academy run --host 127.0.0.1 --port "$port"
