#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| formant_fuzz::conversation::check_conversation(input));
