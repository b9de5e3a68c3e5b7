//! Recordings: decoding, waveform peaks and playback.
//!
//! - [`peaks`]: min/max per bucket, fast direct readers for PCM and G.711 WAV, output in BBC
//!   audiowaveform's JSON format, and incremental computation while a file downloads.
//! - [`playback`]: the engine that owns the output stream (cpal), with decoding (symphonia) and
//!   resampling on a worker thread and a lock-free ring to the audio callback.

pub mod decode;

pub use decode::{probe_playable, DecodeError, LooksLike};
pub mod peaks;
pub mod playback;
