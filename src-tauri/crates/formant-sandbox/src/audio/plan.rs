//! What a recording contains: its format, length and who speaks when.

use super::wav_format::WavFormat;

/// Which party of the call a turn belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Agent,
    Customer,
}

/// The language a recording's speech clips are in (calls in other languages use English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpeechLanguage {
    English,
    Hindi,
}

/// One stretch of speech, in seconds from the start of the recording.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct TurnSpan {
    pub side: Side,
    pub start_s: f64,
    pub end_s: f64,
}

/// Everything needed to synthesise one call's recording, deterministically.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RecordingPlan {
    pub format: WavFormat,
    pub duration_s: f64,
    pub turns: Vec<TurnSpan>,
    pub language: SpeechLanguage,
    /// Seeds the choice of clips and the noise floor.
    pub seed: u64,
    /// Each side's voice: female or male clips, played a little faster or slower.
    pub agent_pitch_hz: f32,
    pub customer_pitch_hz: f32,
}

impl RecordingPlan {
    /// Frames in the file: the duration rounded to the nearest sample.
    pub(crate) fn frames(&self) -> u64 {
        (self.duration_s * f64::from(self.format.sample_rate)).round() as u64
    }

    /// Exact byte length of the WAV file, known before any audio is generated.
    pub(crate) fn file_len(&self) -> u64 {
        self.format.file_len(self.frames())
    }
}
