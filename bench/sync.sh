#!/usr/bin/env bash
# Sync speed against the local sandbox, release build:
#   1. metadata of CALLS (100,000) calls: `formant sync` into an empty library (target <= 15 s);
#   2. details of DETAILS_CALLS (20,000) calls with --concurrency 8: `formant sync --details`
#      (target >= 300 calls/s).
# The sandbox runs as its own process (`formant sandbox --conversations N`), so its work and
# the sync's share the machine as they would with the app and a local server.
#
#   bench/sync.sh
#   CALLS=1000000 DETAILS_CALLS=100000 bench/sync.sh
#
# Prints the machine (CPU, cores, load) first: figures from a busy machine are worse than from
# a quiet one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${FORMANT:-$ROOT/target/release/formant}
CALLS=${CALLS:-100000}
DETAILS_CALLS=${DETAILS_CALLS:-20000}
WORK=$(mktemp -d)
SANDBOX_PID=
cleanup() {
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release -p formant-cli)
fi

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# start_sandbox N: a sandbox of N calls in the background; sets URL.
start_sandbox() {
  if [ -n "$SANDBOX_PID" ]; then kill "$SANDBOX_PID"; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  "$BIN" sandbox --port 0 --conversations "$1" > "$WORK/sandbox.out" &
  SANDBOX_PID=$!
  for _ in $(seq 1 200); do
    URL=$(head -1 "$WORK/sandbox.out" 2>/dev/null | sed -n 's/^FormantAI sandbox listening on //p')
    [ -n "$URL" ] && return 0
    sleep 0.05
  done
  echo "the sandbox did not start" >&2
  exit 1
}

# timed DIR ARGS...: runs `formant sync ARGS --json` into DIR; prints seconds, keeps the summary.
timed() {
  local dir=$1
  shift
  local start end
  start=$(date +%s.%N)
  FORMANT_API_KEY=sandbox FORMANT_BASE_URL=$URL FORMANT_DATA_DIR=$dir "$BIN" sync "$@" --json > "$WORK/summary.json"
  end=$(date +%s.%N)
  python3 -c "print('%.2f' % ($end - $start))"
}

start_sandbox "$CALLS"
secs=$(timed "$WORK/meta")
listed=$(python3 -c "import json;print(json.load(open('$WORK/summary.json'))['listed'])")
size=$(du -sk "$WORK/meta" | cut -f1)
echo "metadata: $listed calls in $secs s ($(python3 -c "print(round($listed / $secs))") calls/s; library ${size} KiB) [target <= 15 s for 100,000]"

start_sandbox "$DETAILS_CALLS"
timed "$WORK/details" > /dev/null
secs=$(timed "$WORK/details" --details --concurrency 8)
fetched=$(python3 -c "import json;print(json.load(open('$WORK/summary.json'))['details_fetched'])")
echo "details: $fetched calls in $secs s ($(python3 -c "print(round($fetched / $secs))") calls/s, concurrency 8) [target >= 300 calls/s]"
