#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build, run and test Formant Desk:
# system libraries for Tauri (WebKitGTK), the real parts the tests drive (Xvfb + WebKitWebDriver,
# gnome-keyring in a dbus session, a PulseAudio null sink, headless Chromium, DuckDB in a venv),
# and the npm packages.
# Safe to run again: it installs only what is missing.
#
#   scripts/install-deps.sh          everything (build + run + test)
#   scripts/install-deps.sh --run    only what building and running the app needs
set -euo pipefail
cd "$(dirname "$0")/.."

RUN_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential pkg-config file curl
  libssl-dev libxdo-dev libayatana-appindicator3-dev librsvg2-dev
  libasound2-dev libdbus-1-dev
)
TEST_PACKAGES=(
  xvfb webkit2gtk-driver xdotool imagemagick chromium
  gnome-keyring dbus dbus-x11 libsecret-tools keyutils
  pulseaudio pulseaudio-utils libasound2-plugins alsa-utils
  sox libsox-fmt-all espeak-ng rpm hyperfine python3-venv
)
packages=("${RUN_PACKAGES[@]}")
[ "${1:-}" = "--run" ] || packages+=("${TEST_PACKAGES[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "install-deps: this script knows Debian/Ubuntu (apt). Install the equivalents of: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

scripts/repair-dev-null.sh

if ! command -v cargo >/dev/null; then
  echo "install-deps: Rust is missing: install it from https://rustup.rs, then run this again." >&2
  exit 1
fi
if ! command -v npm >/dev/null; then
  echo "install-deps: Node.js 20+ with npm is missing: install it (e.g. apt-get install nodejs npm), then run this again." >&2
  exit 1
fi

# npm packages, exactly as package-lock.json pins them; skipped when already in place.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  npm --prefix ui ci --no-audit --no-fund --loglevel=error
fi

# DuckDB from PyPI, pinned: the real consumer that formant-export's tests load calls.csv and
# calls.jsonl into. In a venv under target/tools, because Debian's python refuses system-wide
# pip installs (PEP 668). Skipped when the pinned version is already there.
if [ "${1:-}" != "--run" ]; then
  DUCKDB_VERSION=1.5.6
  PY=target/tools/py
  if ! "$PY/bin/python" -c "import sys, duckdb; sys.exit(duckdb.__version__ != '$DUCKDB_VERSION')" 2>/dev/null; then
    python3 -m venv "$PY"
    "$PY/bin/pip" install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
  fi
fi
