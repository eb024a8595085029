#!/usr/bin/env bash
# Debian's Chromium for the e2e browser tests (Playwright drives it through playwright-core with
# executablePath; Playwright's own browser download does not work here). Idempotent: does
# nothing when /usr/bin/chromium is already there. Needs root (or sudo) and Debian's apt.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "install-chromium.sh: $("$CHROMIUM" --version 2>/dev/null || echo chromium) already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-chromium.sh: $CHROMIUM is missing and this is not root (no sudo): install Debian's chromium package" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core fonts-liberation
echo "install-chromium.sh: installed $("$CHROMIUM" --version)"
