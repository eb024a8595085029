#!/usr/bin/env bash
# Builds the real Temporal server (not the CLI's dev server) and its SQL schema tool from the Go
# module go.temporal.io/server into .tools/temporal-server/, and copies beside them what the
# launcher (scripts/temporal-server.ts) needs from the module: the PostgreSQL schema and the
# development-postgres12 config it derives its config from.
# Idempotent: does nothing when the binaries and the copied files are there.
# Needs Go (PATH, or /usr/local/go/bin); Go fetches the toolchain below itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="${TEMPORAL_SERVER_VERSION:-v1.32.2}"
dest="$root/.tools/temporal-server"
export GOTOOLCHAIN="${GOTOOLCHAIN:-go1.27.3}"
export PATH="$PATH:/usr/local/go/bin"

# The module version a binary was built from, as Go recorded it in the binary.
built_version() {
  go version -m "$1" 2>/dev/null | awk '$1 == "mod" { print $3; exit }'
}
have_binaries() {
  [ -x "$dest/bin/server" ] && [ -x "$dest/bin/sql" ] &&
    [ "$(built_version "$dest/bin/server")" = "$version" ] &&
    [ "$(built_version "$dest/bin/sql")" = "$version" ]
}
have_files() {
  [ -f "$dest/config/development-postgres12.yaml" ] &&
    [ -d "$dest/schema/postgresql/v12/temporal/versioned" ] &&
    [ -d "$dest/schema/postgresql/v12/visibility/versioned" ] &&
    [ "$(cat "$dest/VERSION" 2>/dev/null)" = "$version" ]
}
if have_binaries && have_files; then
  exit 0
fi

if ! have_binaries; then
  echo "install-temporal-server: building go.temporal.io/server $version (several minutes)"
  GOBIN="$dest/bin" go install \
    "go.temporal.io/server/cmd/server@$version" \
    "go.temporal.io/server/cmd/tools/sql@$version"
fi

# The module's source: already in the module cache after the build, downloaded otherwise.
src="$(go mod download -json "go.temporal.io/server@$version" |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
if [ -z "$src" ] || [ ! -d "$src/schema" ]; then
  echo "install-temporal-server: cannot find the source of go.temporal.io/server@$version" >&2
  exit 1
fi
rm -rf "$dest/schema" "$dest/config"
mkdir -p "$dest/schema/postgresql" "$dest/config"
cp -R "$src/schema/postgresql/v12" "$dest/schema/postgresql/"
cp "$src/config/development-postgres12.yaml" "$dest/config/"
# Module cache files are read-only; our copies need not be.
chmod -R u+w "$dest/schema" "$dest/config"
echo "$version" >"$dest/VERSION"
"$dest/bin/server" --version 2>/dev/null || true
