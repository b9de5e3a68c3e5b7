//! Replays the conversation fuzz targets' committed inputs (`fuzz/seeds/<target>` and every
//! input a fuzzer found, `fuzz/regressions/<target>`) through the very checks the fuzz targets
//! run, so a fixed crash stays fixed on stable without cargo-fuzz. `make fuzz` looks for new
//! ones.

#[path = "../../../../fuzz/src/conversation.rs"]
mod checks;

#[path = "../../../../fuzz/src/replay.rs"]
mod replay;

#[test]
fn conversation_inputs_from_fuzzing_stay_fixed() {
    replay::each_input("conversation_json", checks::check_conversation);
}

#[test]
fn export_inputs_from_fuzzing_stay_fixed() {
    replay::each_input("export_formats", checks::check_exports);
}
