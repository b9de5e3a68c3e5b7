#![no_main]

libfuzzer_sys::fuzz_target!(
    // libfuzzer-sys aborts on every panic, even one caught inside the code under test; the
    // decoder turns symphonia's panics into errors on purpose (see formant-audio's decode), so
    // only panics that reach the target (a failed check) count here.
    init: drop(std::panic::take_hook()),
    |input: &[u8]| formant_fuzz::wav::check_decode(input)
);
