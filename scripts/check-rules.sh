#!/usr/bin/env bash
# Checks the Prometheus alert rules of deploy/observability (a CI step of .ci/run): `promtool
# check rules` (the file loads as Prometheus loads it), then `promtool test rules` with
# prometheus-rules.test.yaml (each alert fires on the series meant for it, and only then).
# Which metrics the rules may name is checked by test/integration/metrics-contract.spec.ts.
#
# promtool comes from Debian's prometheus package, unpacked once into .tools/prometheus/ (apt-get
# download, no install; the lists are updated first when the package is not found).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/.tools/prometheus"
promtool="$dest/usr/bin/promtool"
if [ ! -x "$promtool" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "check-rules: unpacking promtool from Debian's prometheus package"
  if ! (cd "$tmp" && apt-get download prometheus >/dev/null 2>&1); then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
    $SUDO apt-get update -qq
    (cd "$tmp" && apt-get download prometheus)
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  dpkg-deb -x "$tmp"/prometheus_*.deb "$dest"
fi
echo "check-rules: $("$promtool" --version 2>&1 | head -1)"
cd "$root/deploy/observability"
"$promtool" check rules prometheus-rules.yaml
"$promtool" test rules prometheus-rules.test.yaml
