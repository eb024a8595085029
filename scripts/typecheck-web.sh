#!/usr/bin/env bash
# `npm run typecheck`'s second half: the dashboard (web/) has its own dependencies, installed by
# `npm --prefix web ci`; without them its check cannot run, and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d web/node_modules ]; then
  echo "typecheck: web/node_modules is missing: run \`npm --prefix web ci\` first (the dashboard's dependencies)" >&2
  exit 1
fi
npm --prefix web run typecheck
