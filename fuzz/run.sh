#!/usr/bin/env bash
# Runs each fuzz target for FUZZ_SECONDS (default 600) and prints, per target, the executions,
# executions per second, coverage and findings. Used by `make fuzz`; see fuzz/README.md.
#
#   fuzz/run.sh                      every target
#   FUZZ_SECONDS=60 fuzz/run.sh wav_peaks export_formats
#
# Each target runs in libFuzzer's fork mode with crashes, timeouts and out-of-memory ignored, so
# one finding does not end the run: every finding is saved under fuzz/artifacts/<target>/ and
# counted. Limits per input: 10 s (a hang), 2 GiB resident, no single allocation over 1 GiB.
# Working corpora grow in fuzz/corpus/<target>/ (not committed); fuzz/seeds/<target>/ is read too.
set -euo pipefail

cd "$(dirname "$0")/.."
FUZZ_DIR="$PWD/fuzz"
FUZZ_SECONDS="${FUZZ_SECONDS:-600}"
ALL_TARGETS=(wav_peaks wav_decode conversation_json export_formats)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${ALL_TARGETS[@]}")

if ! command -v rustup >/dev/null; then
    echo "fuzz: rustup is needed for a nightly toolchain (cargo-fuzz needs nightly); see https://rustup.rs" >&2
    exit 1
fi
if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz: no nightly toolchain; installing one (rustup toolchain install nightly)" >&2
    rustup toolchain install nightly --profile minimal || {
        echo "fuzz: could not install the nightly toolchain, which cargo-fuzz needs" >&2
        exit 1
    }
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz is not on PATH (make fuzz installs it into target/tools/bin)" >&2
    exit 1
fi

dict_for() {
    case "$1" in
        wav_*) echo dict/wav.dict ;;
        *) echo dict/json.dict ;;
    esac
}

max_len_for() {
    case "$1" in
        wav_*) echo 4096 ;;
        *) echo 8192 ;;
    esac
}

# Build every target first, so the time per target is spent fuzzing.
(cd fuzz && nice -n 10 cargo +nightly fuzz build)

summary=()
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target" "fuzz/artifacts/$target"
    log="fuzz/artifacts/$target.log"
    before=$(find "fuzz/artifacts/$target" -type f | wc -l)
    echo "== $target: fuzzing for ${FUZZ_SECONDS}s (log: $log)"
    # cargo-fuzz exits non-zero when libFuzzer reports findings; they are counted below.
    (cd fuzz && nice -n 10 cargo +nightly fuzz run "$target" \
        "$FUZZ_DIR/corpus/$target" "$FUZZ_DIR/seeds/$target" -- \
        -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
        -max_len="$(max_len_for "$target")" -dict="$FUZZ_DIR/$(dict_for "$target")" \
        -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -print_final_stats=1) >"$log" 2>&1 || true
    # Fork mode's progress lines: "#<execs>: cov: <edges> ft: <features> corp: <n> exec/s: <r>
    # oom/timeout/crash: <o>/<t>/<c> time: <s>s ...".
    last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -n 1 || true)
    execs=$(sed -nE 's/^#([0-9]+):.*/\1/p' <<<"$last")
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
    corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
    secs=$(sed -nE 's/.* time: ([0-9]+)s.*/\1/p' <<<"$last")
    # Over the whole run (the line's own exec/s is the last job's).
    rate=$([[ -n "$execs" && "${secs:-0}" -gt 0 ]] && echo $((execs / secs)) || true)
    found=$(sed -nE 's/.* oom\/timeout\/crash: ([0-9]+\/[0-9]+\/[0-9]+).*/\1/p' <<<"$last")
    after=$(find "fuzz/artifacts/$target" -type f | wc -l)
    summary+=("$(printf '%-18s %12s %8s %7s %7s %6s %15s %9s' "$target" "${execs:-?}" \
        "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "${found:-?}" "$((after - before))")")
done

echo
printf '%-18s %12s %8s %7s %7s %6s %15s %9s\n' target executions exec/s cov ft corpus \
    oom/timeout/crash new-files
printf '%s\n' "${summary[@]}"
echo "(${FUZZ_SECONDS}s per target; findings are in fuzz/artifacts/<target>/: reproduce one with"
echo " cargo +nightly fuzz run <target> <file>, then copy it to fuzz/regressions/<target>/)"
