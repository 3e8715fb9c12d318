#!/usr/bin/env bash
# Install everything the portal needs into .venv, on a fresh Debian machine.
# Usage: scripts/install.sh [extra ...]   (extras of pyproject.toml, e.g. test)
set -euo pipefail
cd "$(dirname "$0")/.."

extras="whisper-base,argos${1:+,$(IFS=,; echo "$*")}"
debian_packages=(apertium apertium-eng-spa apertium-hbs-eng fonts-dejavu-core)

if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  missing=()
  for package in "${debian_packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing Debian packages: ${missing[*]}"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
  fi
else
  echo "Not root or no apt-get: skipping Apertium (translation pairs will be missing)." >&2
fi

python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/pip install -q --upgrade pip
# argostranslate imports torch through stanza; without this step pip would pull
# the 6 GB CUDA build. The CPU build comes from PyTorch's index (or a local wheel).
.venv/bin/pip install -q "torch==2.13.0+cpu" \
  --extra-index-url "${TORCH_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
.venv/bin/pip install -q -e ".[$extras]"

.venv/bin/academy install-model
.venv/bin/academy db upgrade
