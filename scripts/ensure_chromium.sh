#!/usr/bin/env bash
# Make sure a headless-capable Chromium is installed (for tests/python/test_docs_site.py).
#
#   scripts/ensure_chromium.sh
#
# Does nothing when `chromium` (Debian's package) is already on the PATH. Otherwise installs it
# with apt-get: directly when running as root, through `sudo -n` when that works without a
# password. Exits 1 with the command to run when neither is possible; the docs-site test then
# skips with a message instead of failing.
set -euo pipefail

CHROMIUM_BIN="${CHROMIUM_BIN:-chromium}"

if command -v "$CHROMIUM_BIN" >/dev/null 2>&1; then
    echo "chromium: $("$CHROMIUM_BIN" --version 2>/dev/null || echo "$CHROMIUM_BIN")"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "chromium is not installed and this user cannot install packages." >&2
    echo "Install it with: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
fi

echo "Installing chromium with apt-get (about 30 s)..."
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium
echo "chromium: $(chromium --version)"
