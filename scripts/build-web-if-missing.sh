#!/usr/bin/env bash
# Builds the dashboard (web/dist) once, so that `npm run dev` and `npm run demo` serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f web/dist/index.html ]; then
  exit 0
fi
echo "Building the dashboard (web/dist)…"
[ -d web/node_modules ] || npm --prefix web ci --no-audit --no-fund
npm --prefix web run build
