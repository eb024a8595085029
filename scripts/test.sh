#!/usr/bin/env bash
# `npm test`: unit and integration tests against a real Temporal dev server and a real
# PostgreSQL (both started by the integration project's globalSetup). Extra arguments go to
# jest. Exits with jest's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
bash scripts/install-temporal.sh
echo "test.sh: Temporal CLI ready ($((SECONDS - started))s)"

started=$SECONDS
status=0
npx jest "$@" || status=$?
echo "test.sh: jest finished in $((SECONDS - started))s with exit code $status"
exit "$status"
