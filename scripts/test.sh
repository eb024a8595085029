#!/usr/bin/env bash
# `npm test`: unit and integration tests against a real Temporal dev server and a real
# PostgreSQL (both started by the integration project's globalSetup). Extra arguments go to
# jest. Exits with jest's exit code.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

bash scripts/install-temporal.sh

status=0
npx jest "$@" || status=$?
exit "$status"
