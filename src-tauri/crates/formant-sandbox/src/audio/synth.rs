//! Speech for the recordings: each turn is filled with espeak-ng clips (see [`super::clips`]),
//! chosen from the call's seed and the turn's index, played back to back with short pauses
//! and fitted to the turn's span, so the speech starts at the turn's start and ends at its
//! end. Outside turns only a faint noise floor remains, so the audio's speech lines up with
//! the transcript's turns.
//!
//! Fitting: a turn gets clips until they fill it, each clip played a little slower or faster
//! (a duration scale within [`SCALE_RANGE`]) and the pauses between them within
//! [`PAUSE_RANGE`]; a clip that fits is preferred over one that would be cut. When none fits
//! (a turn shorter than any clip, or one a clip would overshoot), the last clip is cut at the
//! turn's end; the clips' own pauses are at most 80 ms, so a cut lands on speech. Pauses stay
//! under 300 ms, well under formant-analysis's `TURN_PAUSE_S` (0.5 s), so each turn is one
//! stretch of speech to the analysis.

use super::clips::{self, Pool, Voice, CLIP_RATE};
use super::plan::{RecordingPlan, Side, TurnSpan};

/// Overall level: the clips peak at -3 dBFS; speech then peaks around -7 dBFS (about
/// -24 dBFS RMS), like a normalised call recording.
const OUTPUT_GAIN: f32 = 0.65;
/// Level of the noise between turns (about -60 dBFS RMS): a quiet line, not digital silence.
const NOISE_FLOOR: f32 = 0.0017;
/// Fade at the edges of a turn so cuts do not click.
const EDGE_FADE_S: f64 = 0.015;
/// How much a clip's duration may be stretched (> 1) or squeezed to fit a turn; its pitch
/// moves the other way by as much.
const SCALE_RANGE: (f64, f64) = (0.88, 1.15);
/// The pause between two clips of a turn: its usual length and how far fitting may move it.
const PAUSE_S: f64 = 0.15;
const PAUSE_RANGE: (f64, f64) = (0.06, 0.28);
/// More clips than the longest turn needs; a turn longer than this many is cut.
const MAX_CLIPS_PER_TURN: usize = 64;

/// One clip placed in the current turn.
#[derive(Debug, Clone, Copy)]
struct Piece {
    clip: &'static [f32],
    start_s: f64,
}

/// How a turn is filled: which clips, played at what duration scale, with what pause.
#[derive(Debug, Clone, PartialEq)]
struct Fit {
    clips: Vec<usize>,
    scale: f64,
    pause_s: f64,
}

/// One speaker: walks through that speaker's turns in time order.
struct Speaker {
    /// The speaker's turns with their index among all of the call's turns.
    turns: Vec<(usize, TurnSpan)>,
    next_turn: usize,
    pool: &'static Pool,
    /// Playback rate of the voice (from the side's pitch), before fitting.
    rate: f64,
    seed: u64,
    /// The clips of `turns[laid_out]`.
    laid_out: Option<usize>,
    pieces: Vec<Piece>,
    next_piece: usize,
    /// Clip samples per second of the recording, for the current turn.
    clip_samples_per_s: f64,
}

impl Speaker {
    fn new(plan: &RecordingPlan, side: Side) -> Self {
        let pitch_hz = match side {
            Side::Agent => plan.agent_pitch_hz,
            Side::Customer => plan.customer_pitch_hz,
        };
        let (voice, rate) = Voice::for_pitch(pitch_hz);
        Speaker {
            turns: plan
                .turns
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, t)| t.side == side)
                .collect(),
            next_turn: 0,
            pool: clips::pool(plan.language, voice),
            rate,
            seed: plan.seed,
            laid_out: None,
            pieces: Vec::new(),
            next_piece: 0,
            clip_samples_per_s: f64::from(CLIP_RATE),
        }
    }

    /// The speaker's output at time `t` seconds (0 outside its turns).
    #[inline]
    fn sample(&mut self, t: f64) -> f32 {
        while self.next_turn < self.turns.len() && self.turns[self.next_turn].1.end_s <= t {
            self.next_turn += 1;
        }
        let Some((index, turn)) = self.turns.get(self.next_turn).copied() else {
            return 0.0;
        };
        if t < turn.start_s {
            return 0.0;
        }
        if self.laid_out != Some(self.next_turn) {
            self.lay_out(index, turn);
            self.laid_out = Some(self.next_turn);
        }
        while self
            .pieces
            .get(self.next_piece + 1)
            .is_some_and(|p| p.start_s <= t)
        {
            self.next_piece += 1;
        }
        let Some(piece) = self.pieces.get(self.next_piece) else {
            return 0.0;
        };
        let position = (t - piece.start_s) * self.clip_samples_per_s;
        let at = position as usize;
        let (Some(&a), Some(&b)) = (piece.clip.get(at), piece.clip.get(at + 1)) else {
            return 0.0; // a pause between clips
        };
        let fraction = (position - at as f64) as f32;
        let edges = ((t - turn.start_s) / EDGE_FADE_S)
            .min((turn.end_s - t) / EDGE_FADE_S)
            .min(1.0) as f32;
        (a + (b - a) * fraction) * edges
    }

    fn lay_out(&mut self, index: usize, turn: TurnSpan) {
        let lengths: Vec<f64> = self
            .pool
            .iter()
            .map(|clip| clip.len() as f64 / (f64::from(CLIP_RATE) * self.rate))
            .collect();
        let fit = fit_turn(&lengths, turn.end_s - turn.start_s, self.seed, index);
        self.pieces.clear();
        self.next_piece = 0;
        let mut start_s = turn.start_s;
        for clip in fit.clips {
            self.pieces.push(Piece {
                clip: &self.pool[clip],
                start_s,
            });
            start_s += lengths[clip] * fit.scale + fit.pause_s;
        }
        self.clip_samples_per_s = f64::from(CLIP_RATE) * self.rate / fit.scale;
    }
}

/// Chooses the clips for a turn of `span_s` seconds from clips of `lengths` (seconds at the
/// voice's rate), deterministically from the call's `seed` and the turn's `index`.
fn fit_turn(lengths: &[f64], span_s: f64, seed: u64, index: usize) -> Fit {
    let mut chosen: Vec<usize> = Vec::new();
    let mut total_s = 0.0;
    while chosen.len() < MAX_CLIPS_PER_TURN && !lengths.is_empty() {
        let gaps = chosen.len() as f64;
        let candidates = candidates(lengths.len(), seed, index, chosen.len(), chosen.last());
        for &clip in &candidates {
            if let Some((scale, pause_s)) = fit(span_s, total_s + lengths[clip], gaps) {
                chosen.push(clip);
                return Fit {
                    clips: chosen,
                    scale,
                    pause_s,
                };
            }
        }
        let first = candidates[0];
        chosen.push(first);
        total_s += lengths[first];
        let too_short = total_s * SCALE_RANGE.1 + gaps * PAUSE_RANGE.1 < span_s;
        if !too_short {
            break;
        }
    }
    // No fit: squeeze the clips and pauses as far as allowed, so as much as possible of the
    // last clip is heard before the turn's end cuts it.
    Fit {
        clips: chosen,
        scale: SCALE_RANGE.0,
        pause_s: PAUSE_RANGE.0,
    }
}

/// The duration scale and pause that make clips totalling `clips_s` with `gaps` pauses last
/// exactly `span_s`, if any within the allowed ranges.
fn fit(span_s: f64, clips_s: f64, gaps: f64) -> Option<(f64, f64)> {
    let scale = (span_s - gaps * PAUSE_S) / clips_s;
    if (SCALE_RANGE.0..=SCALE_RANGE.1).contains(&scale) {
        return Some((scale, PAUSE_S));
    }
    if gaps == 0.0 {
        return None;
    }
    let scale = scale.clamp(SCALE_RANGE.0, SCALE_RANGE.1);
    let pause_s = (span_s - scale * clips_s) / gaps;
    (PAUSE_RANGE.0..=PAUSE_RANGE.1)
        .contains(&pause_s)
        .then_some((scale, pause_s))
}

/// Every clip of the pool once, in an order drawn from the seed, the turn and the slot,
/// except the clip just played (so a turn does not say the same phrase twice in a row).
fn candidates(
    count: usize,
    seed: u64,
    turn: usize,
    slot: usize,
    previous: Option<&usize>,
) -> Vec<usize> {
    let draw = splitmix(seed ^ splitmix(turn as u64) ^ splitmix((slot as u64) << 32));
    let first = (draw % count as u64) as usize;
    (0..count)
        .map(|k| (first + k) % count)
        .filter(|clip| count == 1 || Some(clip) != previous)
        .collect()
}

/// SplitMix64's finaliser: spreads nearby seeds and indices over the whole range.
fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Generates a recording's samples in order, a block at a time.
pub(crate) struct Synth {
    agent: Speaker,
    customer: Speaker,
    noise: LineNoise,
    channels: u16,
    seconds_per_frame: f64,
    next_frame: u64,
}

impl Synth {
    pub(crate) fn new(plan: &RecordingPlan) -> Self {
        Synth {
            agent: Speaker::new(plan, Side::Agent),
            customer: Speaker::new(plan, Side::Customer),
            noise: LineNoise::new(plan.seed),
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
        let noise = (self.noise.next() - 0.5) * (NOISE_FLOOR * 3.46); // uniform, RMS = floor
        (sample + noise).clamp(-1.0, 1.0)
    }
}

/// The line's hiss: xorshift32, uniform in [0, 1). Noise needs no statistical quality, and
/// this is a few instructions even in a debug build, where a general-purpose generator
/// behind `rand`'s traits was most of a recording's generation time.
struct LineNoise(u32);

impl LineNoise {
    fn new(seed: u64) -> Self {
        LineNoise((splitmix(seed) as u32) | 1) // never 0, which xorshift cannot leave
    }

    #[inline]
    fn next(&mut self) -> f32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.0 = x;
        (x >> 8) as f32 / 16_777_216.0
    }
}

#[cfg(test)]
mod tests {
    use super::super::plan::SpeechLanguage;
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
            language: SpeechLanguage::English,
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
            assert!(agent > 0.03 && agent < 0.3, "{format:?} agent rms {agent}");
            assert!(
                customer > 0.03 && customer < 0.3,
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
        assert!(rms(&channel(0, 0.6, 2.4)) > 0.03);
        assert!(rms(&channel(1, 0.6, 2.4)) < 0.004);
        assert!(rms(&channel(1, 3.6, 4.9)) > 0.03);
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

    /// Where a fit puts each clip: (start, end) in seconds from the turn's start.
    fn placed(lengths: &[f64], fit: &Fit) -> Vec<(f64, f64)> {
        let mut at = 0.0;
        fit.clips
            .iter()
            .map(|&clip| {
                let span = (at, at + lengths[clip] * fit.scale);
                at = span.1 + fit.pause_s;
                span
            })
            .collect()
    }

    #[test]
    fn turns_of_every_length_are_filled_with_speech_to_their_end() {
        for language in [SpeechLanguage::English, SpeechLanguage::Hindi] {
            for voice in [Voice::Female, Voice::Male] {
                let lengths: Vec<f64> = clips::pool(language, voice)
                    .iter()
                    .map(|c| c.len() as f64 / f64::from(CLIP_RATE))
                    .collect();
                for tenth in 7..130 {
                    let span_s = f64::from(tenth) / 10.0;
                    for index in 0..20 {
                        let fit = fit_turn(&lengths, span_s, 0x5eed_0000 + index, 3);
                        let spans = placed(&lengths, &fit);
                        let context = format!("{language:?} {voice:?} {span_s} s: {fit:?}");
                        assert!(fit.pause_s < 0.3, "{context}");
                        assert!(spans.windows(2).all(|w| w[0].1 < w[1].0), "{context}");
                        let (last_start, last_end) = spans[spans.len() - 1];
                        // Either the clips end with the turn, or the turn's end cuts the last
                        // clip after enough of it was heard to count as speech.
                        let fitted = (last_end - span_s).abs() < 1e-9;
                        let cut = last_end > span_s && span_s - last_start >= 0.15;
                        assert!(fitted || cut, "{context}");
                        assert!(
                            fit.clips.windows(2).all(|w| w[0] != w[1]),
                            "no phrase twice in a row: {context}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_clips_depend_on_the_call_and_the_turn() {
        let lengths: Vec<f64> = clips::pool(SpeechLanguage::English, Voice::Female)
            .iter()
            .map(|c| c.len() as f64 / f64::from(CLIP_RATE))
            .collect();
        let first = |seed, turn| fit_turn(&lengths, 6.0, seed, turn).clips;
        assert_eq!(first(1, 2), first(1, 2));
        let calls: std::collections::HashSet<_> = (0..20).map(|seed| first(seed, 0)).collect();
        let turns: std::collections::HashSet<_> = (0..20).map(|turn| first(9, turn)).collect();
        assert!(calls.len() > 5 && turns.len() > 5, "{calls:?} {turns:?}");
    }

    #[test]
    fn a_hindi_call_speaks_the_hindi_clips_and_an_english_one_the_english() {
        for (language, pitch_hz) in [
            (SpeechLanguage::Hindi, 210.0),
            (SpeechLanguage::English, 210.0),
            (SpeechLanguage::Hindi, 120.0),
        ] {
            let mut plan = plan(WavFormat::PCM_8K_STEREO);
            plan.language = language;
            plan.agent_pitch_hz = pitch_hz;
            let mut speaker = Speaker::new(&plan, Side::Agent);
            speaker.sample(1.0);
            let pool = clips::pool(language, Voice::for_pitch(pitch_hz).0);
            assert!(!speaker.pieces.is_empty());
            for piece in &speaker.pieces {
                assert!(
                    pool.iter()
                        .any(|clip| std::ptr::eq(clip.as_slice(), piece.clip)),
                    "{language:?} {pitch_hz}"
                );
            }
        }
    }

    #[test]
    fn speech_reaches_both_edges_of_every_turn() {
        for format in [WavFormat::MULAW_8K, WavFormat::PCM_16K, WavFormat::PCM_48K] {
            for seed in 0..8 {
                let mut plan = plan(format);
                plan.seed = seed;
                let samples = render_all(&plan);
                let rate = format.sample_rate as f64;
                let span = |a: f64, b: f64| &samples[(a * rate) as usize..(b * rate) as usize];
                for turn in &plan.turns {
                    let head = rms(span(turn.start_s + 0.015, turn.start_s + 0.1));
                    let tail = rms(span(turn.end_s - 0.1, turn.end_s - 0.015));
                    // 12 dB over the line noise (the analysis wants 9 dB).
                    let heard = 4.0 * NOISE_FLOOR;
                    assert!(
                        head > heard && tail > heard,
                        "{format:?} seed {seed} {turn:?}: {head} {tail}"
                    );
                }
            }
        }
    }
}
