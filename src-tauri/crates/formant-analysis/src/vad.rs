//! Voice activity per 16 ms frame of one channel, with earshot's neural detector.
//!
//! earshot was chosen over the WebRTC VAD (earshot 0.1, a pure-Rust port of it) after both were
//! measured on the labelled set (`tests/vad_comparison.rs`): on telephony speech with line noise
//! and echo, the WebRTC model calls noise speech and smears boundaries, earshot does neither;
//! both are pure Rust and fast enough.

use earshot::Detector;

/// The rate the detector was trained at; everything is resampled to it.
pub const VAD_RATE: u32 = 16_000;
/// Samples per frame, fixed by the model (16 ms).
pub const FRAME_SAMPLES: usize = 256;
/// Seconds per frame.
pub const FRAME_S: f64 = FRAME_SAMPLES as f64 / VAD_RATE as f64;
/// A frame is speech when the detector's score reaches this (earshot's recommended default).
pub const SPEECH_SCORE: f32 = 0.5;
/// A frame quieter than this is never speech, whatever the model makes of it, so the faint
/// floor of a muted side or of digital hiss cannot become speech. −60 dBFS RMS is below any
/// speech on a phone line.
pub const MIN_SPEECH_LEVEL_DB: f32 = -60.0;

/// Frame levels are measured above this: a phone line carries speech from 300 Hz up, while
/// hum and most line noise (pink, brown) sit below it, so the level tells speech from noise
/// better there.
pub const LEVEL_HIGH_PASS_HZ: f32 = 250.0;

/// What one frame of one channel holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub speech: bool,
    /// RMS level in dBFS (−120 for digital silence).
    pub level_db: f32,
}

/// Feeds 16 kHz samples of one channel through the detector, a frame at a time, and keeps one
/// [`Frame`] per 16 ms (8 bytes: about 1.8 MB per hour of one channel; the audio itself is not
/// kept).
pub struct ChannelVad {
    detector: Box<Detector>,
    band: HighPass,
    filtered: Vec<f32>,
    /// The frame limited to the detector's range [-1, 1].
    clamped: Vec<f32>,
    pending: Vec<f32>,
    frames: Vec<Frame>,
}

impl Default for ChannelVad {
    fn default() -> Self {
        Self {
            detector: Detector::default_boxed(),
            band: HighPass::new(LEVEL_HIGH_PASS_HZ, VAD_RATE as f32),
            filtered: Vec::with_capacity(FRAME_SAMPLES),
            clamped: Vec::with_capacity(FRAME_SAMPLES),
            pending: Vec::with_capacity(FRAME_SAMPLES),
            frames: Vec::new(),
        }
    }
}

impl ChannelVad {
    pub fn push(&mut self, samples: &[f32]) {
        let mut rest = samples;
        while !rest.is_empty() {
            let take = (FRAME_SAMPLES - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() == FRAME_SAMPLES {
                let mut full = std::mem::take(&mut self.pending);
                let frame = self.score(&full);
                self.frames.push(frame);
                full.clear();
                self.pending = full;
            }
        }
    }

    /// The frames, the last partial one padded with silence.
    pub fn finish(mut self) -> Vec<Frame> {
        if !self.pending.is_empty() {
            let mut last = std::mem::take(&mut self.pending);
            last.resize(FRAME_SAMPLES, 0.0);
            let frame = self.score(&last);
            self.frames.push(frame);
        }
        self.frames
    }

    fn score(&mut self, frame: &[f32]) -> Frame {
        self.filtered.clear();
        self.filtered
            .extend(frame.iter().map(|&x| self.band.step(x)));
        let level_db = level_db(&self.filtered);
        // The detector panics on a sample outside [-1, 1], which resampling a recording at full
        // scale produces (the filter overshoots at clipped edges): those are speech too.
        self.clamped.clear();
        self.clamped.extend(
            frame
                .iter()
                .map(|&x| if x.is_nan() { 0.0 } else { x.clamp(-1.0, 1.0) }),
        );
        // Always run the detector, so its context (the last frames) stays continuous.
        let score = self.detector.predict_f32(&self.clamped);
        Frame {
            speech: score >= SPEECH_SCORE && level_db >= MIN_SPEECH_LEVEL_DB,
            level_db,
        }
    }
}

/// RMS level of a frame in dBFS, floored at −120.
pub fn level_db(frame: &[f32]) -> f32 {
    let energy: f32 = frame.iter().map(|x| x * x).sum::<f32>() / frame.len().max(1) as f32;
    if energy <= 1e-12 {
        -120.0
    } else {
        10.0 * energy.log10()
    }
}

/// A second-order Butterworth high-pass (the Audio EQ Cookbook's biquad).
struct HighPass {
    b: [f32; 3],
    a: [f32; 2],
    x: [f32; 2],
    y: [f32; 2],
}

impl HighPass {
    fn new(cutoff_hz: f32, rate: f32) -> Self {
        let w = 2.0 * std::f32::consts::PI * cutoff_hz / rate;
        let alpha = w.sin() / (2.0 * std::f32::consts::FRAC_1_SQRT_2);
        let a0 = 1.0 + alpha;
        let cos = w.cos();
        Self {
            b: [
                (1.0 + cos) / 2.0 / a0,
                -(1.0 + cos) / a0,
                (1.0 + cos) / 2.0 / a0,
            ],
            a: [-2.0 * cos / a0, (1.0 - alpha) / a0],
            x: [0.0; 2],
            y: [0.0; 2],
        }
    }

    #[inline]
    fn step(&mut self, x: f32) -> f32 {
        let y = self.b[0] * x + self.b[1] * self.x[0] + self.b[2] * self.x[1]
            - self.a[0] * self.y[0]
            - self.a[1] * self.y[1];
        self.x = [x, self.x[0]];
        self.y = [y, self.y[0]];
        y
    }
}
