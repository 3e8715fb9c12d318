#!/usr/bin/env bash
# Install everything the portal needs into .venv, on a fresh Debian machine.
# Usage: scripts/install.sh [extra ...]   (extras of pyproject.toml, e.g. test)
set -euo pipefail
cd "$(dirname "$0")/.."

extras="whisper-base,argos${1:+,$(IFS=,; echo "$*")}"
# Noto core: Arabic (Naskh), Urdu (Nastaliq) and Persian glyphs for the pages;
# Chinese comes from fonts-noto-cjk.
debian_packages=(apertium apertium-eng-spa apertium-hbs-eng fonts-dejavu-core
  fonts-noto-core fonts-noto-cjk)
# The browser tests drive Debian's Chromium; the portal itself needs no browser.
[[ ",$extras," == *,test,* ]] && debian_packages+=(chromium)

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
# argostranslate imports torch through stanza; installing this CPU build first
# keeps pip from pulling a 6 GB CUDA build for it.
.venv/bin/pip install -q "torch==2.13.0"
.venv/bin/pip install -q -e ".[$extras]"

# The UI catalogs are compiled here rather than committed: .mo files are
# build output, and a stale one would silently disagree with its .po file.
.venv/bin/python -m portal.catalogs compile
.venv/bin/academy install-model
.venv/bin/academy db upgrade
