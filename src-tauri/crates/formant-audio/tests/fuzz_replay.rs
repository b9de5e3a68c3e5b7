//! Replays the WAV fuzz targets' committed inputs (`fuzz/seeds/<target>` and every input a
//! fuzzer found, `fuzz/regressions/<target>`) through the very checks the fuzz targets run, so
//! a fixed crash stays fixed on stable without cargo-fuzz. `make fuzz` looks for new ones.

#[path = "../../../../fuzz/src/wav.rs"]
mod checks;

#[path = "../../../../fuzz/src/replay.rs"]
mod replay;

#[test]
fn peaks_inputs_from_fuzzing_stay_fixed() {
    replay::each_input("wav_peaks", checks::check_peaks);
}

#[test]
fn decode_inputs_from_fuzzing_stay_fixed() {
    replay::each_input("wav_decode", checks::check_decode);
}
