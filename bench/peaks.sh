#!/usr/bin/env bash
# Waveform peaks speed: `formant peaks` (audiowaveform's default -z 256, JSON out) against
# `cat FILE > /dev/null` on the same file, side by side, file in the page cache.
# Target: ratio <= 1.5 on every input.
#
#   bench/peaks.sh            # generates the inputs once into target/bench-wavs (~1 GB, 1-2 min)
#   RUNS=11 bench/peaks.sh    # more runs per measurement (median is reported)
#
# Needs: sox (libsox-fmt-all), espeak-ng, python3; hyperfine if installed (else a timing loop).
# Prints the machine (CPU, cores, kernel) and its load before and after the table: ratios from
# a machine busy with other work are noisier (and usually worse) than from a quiet one.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WAVS=${WAVS:-$ROOT/target/bench-wavs}
BIN=${FORMANT:-$ROOT/target/release/formant}
RUNS=${RUNS:-7}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# shellcheck source=bench/inputs.sh
. "$ROOT/bench/inputs.sh"

machine() {
  local cpu
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
  echo "machine: ${cpu:-unknown CPU}, $(nproc) cores, $(uname -sr), $(free -g | awk '/^Mem:/{print $2}') GiB RAM"
}
load() { echo "load average ($1): $(cut -d' ' -f1-3 /proc/loadavg), runnable now besides this script: $(($(cut -d' ' -f4 /proc/loadavg | cut -d/ -f1) - 1))"; }
machine
load before
printf '%-24s %10s %10s %14s %8s\n' input bytes "cat ms" "formant ms" ratio
for f in "$WAVS"/*.wav; do
  cat "$f" > /dev/null  # into the page cache
  cat_ms=$(median_ms cat "$f")
  peaks_ms=$(median_ms "$BIN" peaks "$f" -o "$OUT/peaks.json")
  # Interleave a second cat measurement so drift between the two shows up in the ratio less.
  cat_ms2=$(median_ms cat "$f")
  cat_med=$(python3 -c "print('%.1f' % ((float('$cat_ms') + float('$cat_ms2')) / 2))")
  ratio=$(python3 -c "print('%.2f' % (float('$peaks_ms') / float('$cat_med')))")
  printf '%-24s %10s %10s %14s %8s\n' "$(basename "$f")" "$(stat -c %s "$f")" "$cat_med" "$peaks_ms" "$ratio"
done
load after
