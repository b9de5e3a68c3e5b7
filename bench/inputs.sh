# Sourced by the bench scripts (with ROOT, WAVS and BIN set): the benchmark WAVs, generated
# once into $WAVS and checked against bench-wavs.sha256, and the release `formant` binary,
# built when missing.
if ! (cd "$WAVS" 2>/dev/null && sha256sum --quiet -c "$ROOT/bench/bench-wavs.sha256" 2>/dev/null); then
  echo "generating benchmark inputs into $WAVS ..." >&2
  rm -rf "$WAVS"
  "$ROOT/bench/make-bench-wavs.sh" "$WAVS" >&2
  (cd "$WAVS" && sha256sum --quiet -c "$ROOT/bench/bench-wavs.sha256")
fi
if [ ! -x "$BIN" ]; then
  (cd "$ROOT" && cargo build --release -p formant-cli)
fi
