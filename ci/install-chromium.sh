#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver when either is missing: the browser tests (StorefrontIT, the gateway's
# API page) drive them. Needs root and apt-get; says so and fails otherwise. Prints the browser's version.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: chromium or chromedriver is missing and cannot be installed here (needs root and apt-get)." >&2
    echo "Install Debian's chromium and chromium-driver packages, then run again." >&2
    exit 1
  fi
  echo "== installing chromium and chromium-driver (apt-get)"
  apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null; }
fi
echo "== $(chromium --version 2>/dev/null || command -v chromium), $(chromedriver --version 2>/dev/null | cut -d' ' -f1-2)"
