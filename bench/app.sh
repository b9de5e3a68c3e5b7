#!/usr/bin/env bash
# App-level numbers for Formant Desk, measured in the real app in its real webview:
#   - warm launch to the first row of the list (median of LAUNCHES launches),
#   - opening a call (click to transcript; the get_conversation IPC alone),
#   - memory (RSS of the app and its WebKit processes) with the first page, with 10,000 rows
#     loaded, and with a one-hour recording open.
# The app runs against a scaled sandbox (10,000 calls, `SandboxOptions::conversations`) in the
# bench process, opened as an environment account. The driving is tests/tests/app_bench.rs.
#
#   bench/app.sh                 # builds the UI, the debug app and tauri-driver if needed
#   LAUNCHES=11 bench/app.sh     # more measured launches (after one warm-up)
#   RELEASE=1 bench/app.sh       # measure a release build (~8 min to build on 2 cores)
#   SKIP_BUILD=1 bench/app.sh    # measure the app binary already built
#
# Needs what scripts/e2e.sh needs (Xvfb, dbus, gnome-keyring, pulseaudio, webkit2gtk-driver)
# and npm for the UI. Raw numbers go to artifacts/app-bench.json.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
DRIVER=${TAURI_DRIVER:-$ROOT/target/tools/bin/tauri-driver}
PROFILE=debug
[ -n "${RELEASE:-}" ] && PROFILE=release
export FORMANT_APP_BINARY="$ROOT/target/$PROFILE/formant-desk"

if [ -z "${SKIP_BUILD:-}" ]; then
  [ -d ui/node_modules ] || npm --prefix ui ci
  # The UI is embedded into the binary when it is built: build it first.
  npm --prefix ui run build
  if [ "$PROFILE" = release ]; then cargo build --release -p formant-desk; else cargo build -p formant-desk; fi
fi
if [ ! -x "$DRIVER" ]; then
  cargo install tauri-driver --locked --root "$ROOT/target/tools"
fi
# Build the bench before the display and services start, so their time is not the build's.
cargo test -p formant-tests --test app_bench --no-run

TAURI_DRIVER="$DRIVER" FORMANT_BENCH_LAUNCHES="${LAUNCHES:-7}" scripts/e2e.sh \
  cargo test -p formant-tests --test app_bench -- --ignored --nocapture --test-threads=1
