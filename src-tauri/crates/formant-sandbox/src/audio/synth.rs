//! A tiny vowel synthesiser: speech-like audio that is cheap to generate and seekless.
//!
//! Each voice is a glottal pulse train (speaker-specific pitch, slow contour, per-period
//! jitter) through three parallel formant resonators whose vowel changes every syllable,
//! shaped by a syllable-rate envelope. Outside turns only a faint noise floor remains, so
//! the audio's loud parts line up with the transcript's turns.

use std::f32::consts::PI;

use rand::Rng;
use rand_pcg::Pcg32;

use super::plan::{RecordingPlan, Side, TurnSpan};

/// Formant frequencies (Hz) of five vowels, an adult male voice; other voices scale them.
const VOWELS: [[f32; 3]; 5] = [
    [730.0, 1090.0, 2440.0], // a
    [530.0, 1840.0, 2480.0], // e
    [270.0, 2290.0, 3010.0], // i
    [570.0, 840.0, 2410.0],  // o
    [300.0, 870.0, 2240.0],  // u
];
const FORMANT_BANDWIDTHS_HZ: [f32; 3] = [80.0, 100.0, 150.0];
const FORMANT_GAINS: [f32; 3] = [1.0, 0.5, 0.25];
/// Overall level: speech peaks around -10 dBFS, like a normalised call recording.
const OUTPUT_GAIN: f32 = 0.09;
/// Level of the noise between turns (about -60 dBFS RMS): a quiet line, not digital silence.
const NOISE_FLOOR: f32 = 0.0017;
const SYLLABLES_PER_SECOND: f32 = 4.6;
/// Fade at the edges of a turn so cuts do not click.
const EDGE_FADE_S: f32 = 0.015;

/// A two-pole resonator normalised to unit gain at its centre frequency.
#[derive(Debug, Clone, Copy, Default)]
struct Resonator {
    gain: f32,
    b1: f32,
    b2: f32,
    y1: f32,
    y2: f32,
}

impl Resonator {
    fn tune(&mut self, centre_hz: f32, bandwidth_hz: f32, sample_rate: f32) {
        let centre_hz = centre_hz.min(sample_rate * 0.45);
        let r = (-PI * bandwidth_hz / sample_rate).exp();
        let theta = 2.0 * PI * centre_hz / sample_rate;
        self.b1 = 2.0 * r * theta.cos();
        self.b2 = -r * r;
        // |1 - b1 e^{-jθ} - b2 e^{-2jθ}| is the inverse of the gain at θ.
        let re = 1.0 - self.b1 * theta.cos() - self.b2 * (2.0 * theta).cos();
        let im = self.b1 * theta.sin() + self.b2 * (2.0 * theta).sin();
        self.gain = (re * re + im * im).sqrt();
    }

    #[inline]
    fn step(&mut self, input: f32) -> f32 {
        let y = self.gain * input + self.b1 * self.y1 + self.b2 * self.y2;
        self.y2 = self.y1;
        self.y1 = y;
        y
    }
}

/// One speaker: walks through that speaker's turns in time order.
struct Voice {
    turns: Vec<TurnSpan>,
    next_turn: usize,
    pitch_hz: f32,
    formant_scale: f32,
    sample_rate: f32,
    resonators: [Resonator; 3],
    /// Samples until the next glottal pulse.
    samples_to_pulse: f32,
    syllable: i64,
    syllable_level: f32,
    rng: Pcg32,
}

impl Voice {
    fn new(plan: &RecordingPlan, side: Side, stream: u64) -> Self {
        let (pitch_hz, formant_scale) = match side {
            Side::Agent => (plan.agent_pitch_hz, formant_scale_for(plan.agent_pitch_hz)),
            Side::Customer => (
                plan.customer_pitch_hz,
                formant_scale_for(plan.customer_pitch_hz),
            ),
        };
        Voice {
            turns: plan
                .turns
                .iter()
                .copied()
                .filter(|t| t.side == side)
                .collect(),
            next_turn: 0,
            pitch_hz,
            formant_scale,
            sample_rate: plan.format.sample_rate as f32,
            resonators: [Resonator::default(); 3],
            samples_to_pulse: 0.0,
            syllable: -1,
            syllable_level: 0.0,
            rng: Pcg32::new(plan.seed, stream),
        }
    }

    /// The voice's output at time `t` seconds (0 outside its turns).
    #[inline]
    fn sample(&mut self, t: f64) -> f32 {
        while self.next_turn < self.turns.len() && self.turns[self.next_turn].end_s <= t {
            self.next_turn += 1;
            self.syllable = -1;
        }
        let Some(turn) = self.turns.get(self.next_turn).copied() else {
            return self.ring_out();
        };
        if t < turn.start_s {
            return self.ring_out();
        }
        let since_start = (t - turn.start_s) as f32;
        let until_end = (turn.end_s - t) as f32;
        let syllable_pos = since_start * SYLLABLES_PER_SECOND;
        let syllable = syllable_pos as i64;
        if syllable != self.syllable {
            self.start_syllable(syllable);
        }
        let phase = syllable_pos.fract();
        // A smooth rise and fall per syllable, never fully closed so a turn stays audible.
        // 4x(1-x) stands in for sin(πx): same shape, no transcendental call per sample.
        let bump = 4.0 * phase * (1.0 - phase);
        let envelope = (0.25 + 0.75 * bump * bump)
            * self.syllable_level
            * (since_start / EDGE_FADE_S).min(1.0)
            * (until_end / EDGE_FADE_S).min(1.0);

        let mut source = 0.0;
        self.samples_to_pulse -= 1.0;
        if self.samples_to_pulse <= 0.0 {
            // Declination over the turn plus a slow wobble, then ±2% jitter per period.
            let contour = 1.0 + 0.08 * (2.0 * PI * 0.6 * since_start).sin()
                - 0.12 * (since_start / (turn.end_s - turn.start_s) as f32);
            let jitter = 1.0 + 0.04 * (self.rng.random::<f32>() - 0.5);
            let period = self.sample_rate / (self.pitch_hz * contour * jitter);
            self.samples_to_pulse += period;
            // Scaling the pulse by its period keeps the harmonics' level independent of the
            // sample rate and the pitch.
            source = period;
        }
        source += 0.3 * (self.rng.random::<f32>() - 0.5); // breath
        self.filter(source * envelope)
    }

    fn start_syllable(&mut self, syllable: i64) {
        self.syllable = syllable;
        let vowel = VOWELS[self.rng.random_range(0..VOWELS.len())];
        // Every few syllables is unstressed, as in running speech.
        self.syllable_level = if self.rng.random_range(0..5) == 0 {
            0.45
        } else {
            1.0
        };
        for ((resonator, formant), bandwidth) in self
            .resonators
            .iter_mut()
            .zip(vowel)
            .zip(FORMANT_BANDWIDTHS_HZ)
        {
            resonator.tune(formant * self.formant_scale, bandwidth, self.sample_rate);
        }
    }

    #[inline]
    fn filter(&mut self, input: f32) -> f32 {
        let mut out = 0.0;
        for (resonator, gain) in self.resonators.iter_mut().zip(FORMANT_GAINS) {
            out += gain * resonator.step(input);
        }
        out
    }

    /// Lets the resonators decay after a turn (a few milliseconds) instead of cutting them.
    #[inline]
    fn ring_out(&mut self) -> f32 {
        if self.resonators[0].y1 == 0.0 && self.resonators[0].y2 == 0.0 {
            return 0.0;
        }
        let out = self.filter(0.0);
        if out.abs() < 1e-6 {
            for resonator in &mut self.resonators {
                resonator.y1 = 0.0;
                resonator.y2 = 0.0;
            }
        }
        out
    }
}

/// Higher voices have shorter vocal tracts, so their formants sit higher.
fn formant_scale_for(pitch_hz: f32) -> f32 {
    if pitch_hz >= 165.0 {
        1.17
    } else {
        1.0
    }
}

/// Generates a recording's samples in order, a block at a time.
pub(crate) struct Synth {
    agent: Voice,
    customer: Voice,
    noise: Pcg32,
    channels: u16,
    seconds_per_frame: f64,
    next_frame: u64,
}

impl Synth {
    pub(crate) fn new(plan: &RecordingPlan) -> Self {
        Synth {
            agent: Voice::new(plan, Side::Agent, 1),
            customer: Voice::new(plan, Side::Customer, 2),
            noise: Pcg32::new(plan.seed, 3),
            channels: plan.format.channels,
            seconds_per_frame: 1.0 / f64::from(plan.format.sample_rate),
            next_frame: 0,
        }
    }

    /// Appends `frames` frames of interleaved samples in [-1, 1] to `out`.
    /// Stereo puts the agent on the left and the customer on the right.
    pub(crate) fn render(&mut self, frames: usize, out: &mut Vec<f32>) {
        out.reserve(frames * usize::from(self.channels));
        for _ in 0..frames {
            let t = self.next_frame as f64 * self.seconds_per_frame;
            self.next_frame += 1;
            let agent = self.agent.sample(t) * OUTPUT_GAIN;
            let customer = self.customer.sample(t) * OUTPUT_GAIN;
            if self.channels == 2 {
                out.push(self.with_noise(agent));
                out.push(self.with_noise(customer));
            } else {
                let mixed = self.with_noise(agent + customer);
                out.push(mixed);
            }
        }
    }

    #[inline]
    fn with_noise(&mut self, sample: f32) -> f32 {
        let noise = (self.noise.random::<f32>() - 0.5) * (NOISE_FLOOR * 3.46); // uniform, RMS = floor
        (sample + noise).clamp(-1.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::wav_format::WavFormat;
    use super::*;

    fn plan(format: WavFormat) -> RecordingPlan {
        RecordingPlan {
            format,
            duration_s: 6.0,
            turns: vec![
                TurnSpan {
                    side: Side::Agent,
                    start_s: 0.5,
                    end_s: 2.5,
                },
                TurnSpan {
                    side: Side::Customer,
                    start_s: 3.5,
                    end_s: 5.0,
                },
            ],
            seed: 7,
            agent_pitch_hz: 205.0,
            customer_pitch_hz: 118.0,
        }
    }

    fn rms(samples: &[f32]) -> f32 {
        (samples.iter().map(|s| s * s).sum::<f32>() / samples.len() as f32).sqrt()
    }

    fn render_all(plan: &RecordingPlan) -> Vec<f32> {
        let mut out = Vec::new();
        Synth::new(plan).render(plan.frames() as usize, &mut out);
        out
    }

    #[test]
    fn speech_is_loud_inside_turns_and_quiet_between_at_every_rate() {
        for format in [WavFormat::MULAW_8K, WavFormat::PCM_16K, WavFormat::PCM_48K] {
            let plan = plan(format);
            let samples = render_all(&plan);
            let rate = format.sample_rate as f64;
            let span = |a: f64, b: f64| &samples[(a * rate) as usize..(b * rate) as usize];
            let agent = rms(span(0.6, 2.4));
            let customer = rms(span(3.6, 4.9));
            let gap = rms(span(2.6, 3.4));
            let tail = rms(span(5.1, 6.0));
            assert!(agent > 0.05 && agent < 0.4, "{format:?} agent rms {agent}");
            assert!(
                customer > 0.05 && customer < 0.4,
                "{format:?} customer rms {customer}"
            );
            assert!(
                gap < 0.004 && tail < 0.004,
                "{format:?} gap {gap} tail {tail}"
            );
            let clipped = samples.iter().filter(|s| s.abs() >= 1.0).count();
            assert!(clipped * 1000 < samples.len(), "{format:?} clips {clipped}");
        }
    }

    #[test]
    fn stereo_keeps_each_party_on_its_own_channel() {
        let plan = plan(WavFormat::PCM_8K_STEREO);
        let samples = render_all(&plan);
        let channel = |c: usize, a: f64, b: f64| -> Vec<f32> {
            samples[(a * 8000.0) as usize * 2..(b * 8000.0) as usize * 2]
                .iter()
                .skip(c)
                .step_by(2)
                .copied()
                .collect()
        };
        assert!(rms(&channel(0, 0.6, 2.4)) > 0.05);
        assert!(rms(&channel(1, 0.6, 2.4)) < 0.004);
        assert!(rms(&channel(1, 3.6, 4.9)) > 0.05);
        assert!(rms(&channel(0, 3.6, 4.9)) < 0.004);
    }

    #[test]
    fn rendering_in_blocks_equals_rendering_at_once_and_repeats_exactly() {
        let plan = plan(WavFormat::ALAW_8K);
        let whole = render_all(&plan);
        let mut blocks = Vec::new();
        let mut synth = Synth::new(&plan);
        let mut left = plan.frames() as usize;
        while left > 0 {
            let n = left.min(777);
            synth.render(n, &mut blocks);
            left -= n;
        }
        assert_eq!(whole, blocks);
        assert_eq!(whole, render_all(&plan));
    }
}
