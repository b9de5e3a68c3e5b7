#!/usr/bin/env bash
# Call analysis speed: `formant analyze FILE --json` (decode, resample to 16 kHz, voice
# detection per channel, the figures) on the benchmark inputs, as × real time of the recording
# and per channel, with the peak memory (memory must stay flat in the recording's length).
# Target: 2,000× real time per channel on one core — a 1-hour two-channel call in ≤ 3.6 s.
# Each input runs twice: free to use every core (decoding, and each channel's detector, on
# threads of their own), and held to one core with taskset, which is what the target counts.
#
#   bench/analyze.sh           # generates the inputs once into target/bench-wavs (as peaks.sh)
#   RUNS=5 bench/analyze.sh    # more runs per input (median reported)
#
# Needs: what bench/peaks.sh needs; hyperfine if installed (else a timing loop).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WAVS=${WAVS:-$ROOT/target/bench-wavs}
BIN=${FORMANT:-$ROOT/target/release/formant}
RUNS=${RUNS:-3}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# shellcheck source=bench/inputs.sh
. "$ROOT/bench/inputs.sh"

peak_mib() {
  /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.0f", $1/1024}'
}

# The shape the target is stated for: a 1-hour two-channel 8 kHz mu-law call, one side per
# channel — a labelled call (line noise and echo) repeated to an hour.
DUAL=$WAVS/analysis/e_8k_mulaw_dual_1h.wav
if [ ! -s "$DUAL" ]; then
  mkdir -p "$WAVS/analysis"
  sox "$ROOT/src-tauri/crates/formant-analysis/tests/labelled/en-echo24-mulaw8k.wav" "$DUAL.tmp.wav" repeat 140 trim 0 3600
  mv "$DUAL.tmp.wav" "$DUAL"
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "machine: ${cpu:-unknown CPU}, $(nproc) cores, $(uname -sr); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-24s %9s %3s %9s %11s %13s %11s %15s %9s\n' input audio_s ch wall_s "x realtime" "x per channel" "1-core wall" "1-core x per ch" "peak MiB"
for f in "$WAVS"/*.wav "$DUAL"; do
  cat "$f" > /dev/null  # into the page cache
  secs=$(soxi -D "$f")
  ch=$(soxi -c "$f")
  wall=$(median_ms "$BIN" analyze "$f" --json)
  one=$(median_ms taskset -c 0 "$BIN" analyze "$f" --json)
  mem=$(command -v /usr/bin/time >/dev/null && peak_mib "$BIN" analyze "$f" --json || echo "?")
  python3 -c "
s, c, w, o = float('$secs'), int('$ch'), float('$wall') / 1000, float('$one') / 1000
print('%-24s %9.0f %3d %9.2f %10.0fx %12.0fx %11.2f %14.0fx %9s' % ('$(basename "$f")', s, c, w, s / w, s * c / w, o, s * c / o, '$mem'))"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
