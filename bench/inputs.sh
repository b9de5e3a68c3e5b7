# Sourced by the bench scripts (with ROOT, WAVS, BIN, RUNS and a scratch dir OUT set): the
# benchmark WAVs, generated once into $WAVS and checked against bench-wavs.sha256, the release
# `formant` binary, built when missing, and `median_ms`.
if ! (cd "$WAVS" 2>/dev/null && sha256sum --quiet -c "$ROOT/bench/bench-wavs.sha256" 2>/dev/null); then
  echo "generating benchmark inputs into $WAVS ..." >&2
  rm -rf "$WAVS"
  "$ROOT/bench/make-bench-wavs.sh" "$WAVS" >&2
  (cd "$WAVS" && sha256sum --quiet -c "$ROOT/bench/bench-wavs.sha256")
fi
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release -p formant-cli)
fi

# median wall time in ms of RUNS runs of "$@"
median_ms() {
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/h.json" "$*" >/dev/null 2>&1
    python3 -c "import json,sys;print('%.1f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1000))" "$OUT/h.json"
  else
    python3 - "$RUNS" "$@" <<'PY'
import subprocess, sys, time, statistics
runs, cmd = int(sys.argv[1]), sys.argv[2:]
def once():
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t
once(); once()
print('%.1f' % (statistics.median(once() for _ in range(runs)) * 1000))
PY
  fi
}
