//! How fast recordings are synthesised: run with `cargo bench -p formant-sandbox`.
//!
//! Reports the real-time factor for the longest call (8 kHz mu-law) and for a 16 kHz call,
//! and the time one hour of 8 kHz audio takes. A plain timing loop (no statistics crate):
//! the numbers are large and stable enough that best-of-N is a fair summary.

use std::hint::black_box;
use std::time::{Duration, Instant};

use formant_sandbox::{conversations, known, recording_chunks, recording_len};

fn best_of(runs: usize, id: &str) -> Duration {
    (0..runs)
        .map(|_| {
            let began = Instant::now();
            let bytes: usize = recording_chunks(id)
                .map(|chunks| chunks.map(|c| black_box(c).len()).sum())
                .unwrap_or(0);
            assert_eq!(Some(bytes as u64), recording_len(id));
            began.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn duration_of(id: &str) -> f64 {
    conversations()
        .iter()
        .find(|c| c["conversation_id"] == id)
        .and_then(|c| c["duration_seconds"].as_f64())
        .unwrap_or(f64::NAN)
}

fn main() {
    for (label, id) in [
        ("8 kHz mu-law", known::LONG_CALL),
        ("16 kHz PCM16", known::TIMED_CALL),
    ] {
        let audio_s = duration_of(id);
        let took = best_of(3, id);
        println!(
            "{label}: {audio_s:.1} s of audio in {:.1} ms (x{:.0} real time; 1 h would take {:.0} ms)",
            took.as_secs_f64() * 1000.0,
            audio_s / took.as_secs_f64(),
            took.as_secs_f64() * 3600.0 / audio_s * 1000.0,
        );
    }
}
