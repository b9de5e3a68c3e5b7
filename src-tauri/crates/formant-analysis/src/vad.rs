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
    /// The frame limited to the detector's range [-1, 1].
    clamped: [f32; FRAME_SAMPLES],
    /// The start of a frame whose end has not arrived yet.
    pending: Vec<f32>,
    frames: Vec<Frame>,
}

impl Default for ChannelVad {
    fn default() -> Self {
        Self {
            detector: Detector::default_boxed(),
            band: HighPass::new(LEVEL_HIGH_PASS_HZ, VAD_RATE as f32),
            clamped: [0.0; FRAME_SAMPLES],
            pending: Vec::with_capacity(FRAME_SAMPLES),
            frames: Vec::new(),
        }
    }
}

impl ChannelVad {
    pub fn push(&mut self, samples: &[f32]) {
        let mut rest = samples;
        while !rest.is_empty() {
            if self.pending.is_empty() && rest.len() >= FRAME_SAMPLES {
                // Whole frames straight from the block, without a copy.
                let (frame, after) = rest.split_at(FRAME_SAMPLES);
                let scored = self.score(frame);
                self.frames.push(scored);
                rest = after;
                continue;
            }
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
        let level_db = energy_db(self.band.mean_square(frame));
        // The detector panics on a sample outside [-1, 1], which resampling a recording at full
        // scale produces (the filter overshoots at clipped edges): those are speech too.
        for (&x, clamped) in frame.iter().zip(self.clamped.iter_mut()) {
            *clamped = if x.is_nan() { 0.0 } else { x.clamp(-1.0, 1.0) };
        }
        // Always run the detector, so its context (the last frames) stays continuous.
        let score = self.detector.predict_f32(&self.clamped);
        Frame {
            speech: score >= SPEECH_SCORE && level_db >= MIN_SPEECH_LEVEL_DB,
            level_db,
        }
    }
}

/// A mean square as dBFS, floored at −120.
fn energy_db(energy: f32) -> f32 {
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

    /// The mean square of `frame` after the filter, which carries on from the previous frame.
    fn mean_square(&mut self, frame: &[f32]) -> f32 {
        // The state in locals, not fields, so that it stays in registers through the loop.
        let ([b0, b1, b2], [a1, a2]) = (self.b, self.a);
        let ([mut x1, mut x2], [mut y1, mut y2]) = (self.x, self.y);
        let mut energy = 0.0f32;
        for &x in frame {
            // The previous output's term last: it is the only input not known a sample
            // ahead, so one multiply and one subtraction stand between outputs.
            let y = b0 * x + b1 * x1 + b2 * x2 - a2 * y2 - a1 * y1;
            (x2, x1, y2, y1) = (x1, x, y1, y);
            energy += y * y;
        }
        (self.x, self.y) = ([x1, x2], [y1, y2]);
        energy / frame.len().max(1) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone_level_db(hz: f32) -> f32 {
        let mut band = HighPass::new(LEVEL_HIGH_PASS_HZ, VAD_RATE as f32);
        let tone: Vec<f32> = (0..VAD_RATE as usize)
            .map(|n| (2.0 * std::f32::consts::PI * hz * n as f32 / VAD_RATE as f32).sin())
            .collect();
        // Carried on frame after frame; the last second's frames, once the filter has settled.
        let levels: Vec<f32> = tone
            .chunks(FRAME_SAMPLES)
            .map(|frame| energy_db(band.mean_square(frame)))
            .collect();
        levels[levels.len() - 2]
    }

    #[test]
    fn the_level_keeps_the_voice_band_and_drops_hum() {
        // A full-scale sine is -3 dBFS RMS.
        assert!((tone_level_db(1000.0) + 3.0).abs() < 0.3);
        assert!(
            (tone_level_db(250.0) + 6.0).abs() < 0.5,
            "-3 dB at the cut-off"
        );
        assert!(tone_level_db(50.0) < -30.0, "hum");
    }
}
