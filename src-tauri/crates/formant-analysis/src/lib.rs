//! Call analysis from the audio: when each side spoke, how long the agent took to answer,
//! who talked over whom, dead air and talk time — measured from what the caller heard.
//!
//! One streaming pass decodes the WAV file (formant-audio's reader), resamples each channel to
//! 16 kHz and runs a voice activity detector per channel ([`vad`]); the frames become speech
//! segments ([`segments`] documents the rules and constants), the segments are given to the
//! agent and the customer ([`sides`]), and the figures follow ([`metrics`]). The result is a
//! [`CallAnalysis`], serialisable and versioned.

mod error;
pub mod metrics;
pub mod result;
pub mod segments;
pub mod sides;
mod span;
mod stream;
mod transcript;
pub mod vad;

use std::path::Path;

use formant_core::Turn;

pub use error::AnalysisError;
pub use result::*;
pub use stream::for_each_block_16k;

use crate::segments::{gate_by_level, hidden_fade_s, raw_segments, suppress_crosstalk, turns};
use crate::span::{total, union};
use crate::transcript::{timed_turns, words, TimedTurn};
use crate::vad::Frame;

/// Dead air is a silence of at least this long, unless set otherwise.
pub const DEFAULT_MIN_SILENCE_S: f64 = 2.0;
/// A turn whose stated start is further than this from the speech heard is flagged.
pub const DRIFT_FLAG_S: f64 = 0.5;
/// On two channels, a turn's speech is looked for this far around its stated start.
pub const DRIFT_SEARCH_S: f64 = 2.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnalysisOptions {
    pub min_silence_s: f64,
    /// Which channel is the agent's, overriding the transcript (two-channel recordings).
    pub agent_channel: Option<Channel>,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        Self {
            min_silence_s: DEFAULT_MIN_SILENCE_S,
            agent_channel: None,
        }
    }
}

/// Analyses the recording at `path`, with the call's transcript when there is one.
pub fn analyze_path(
    path: &Path,
    transcript: &[Turn],
    options: &AnalysisOptions,
) -> Result<CallAnalysis, AnalysisError> {
    check(options)?;
    let decoded = stream::detect_voice(path)?;
    Ok(analyze_frames(
        decoded.frames,
        decoded.duration_s,
        transcript,
        options,
    ))
}

fn check(options: &AnalysisOptions) -> Result<(), AnalysisError> {
    let m = options.min_silence_s;
    if m.is_finite() && (0.1..=3600.0).contains(&m) {
        Ok(())
    } else {
        Err(AnalysisError::InvalidMinSilence(m))
    }
}

/// Whose speech is where, before any figure is computed.
struct Attribution {
    /// `None` when the sides are unknown (mono without turn times).
    speech: Option<BySide<Vec<Span>>>,
    voice: Vec<Span>,
    agent_channel: Option<(Channel, AgentChannelFrom)>,
    /// The speech heard for each timed turn, by position in the timed turns.
    heard: Vec<Option<f64>>,
}

/// The analysis from per-channel frame decisions (one or two channels).
pub fn analyze_frames(
    mut frames: Vec<Vec<Frame>>,
    duration_s: f64,
    transcript: &[Turn],
    options: &AnalysisOptions,
) -> CallAnalysis {
    let timed = timed_turns(transcript);
    let channels = frames.len();
    // Each channel's hidden fade follows from its noise floor (segments, rule 4).
    let fades: Vec<f64> = frames
        .iter_mut()
        .map(|f| hidden_fade_s(gate_by_level(f)))
        .collect();
    let fade = |channel: usize| fades.get(channel).copied().unwrap_or(0.0);
    let attribution = if let [left, right] = frames.as_mut_slice() {
        suppress_crosstalk(left, right);
        let raw = [
            raw_segments(left, duration_s, fade(0)),
            raw_segments(right, duration_s, fade(1)),
        ];
        let (agent, from) = sides::agent_channel([&raw[0], &raw[1]], &timed, options.agent_channel);
        let speech = BySide {
            agent: turns(&raw[agent.index()]),
            customer: turns(&raw[agent.other().index()]),
        };
        let heard = timed
            .iter()
            .map(|t| heard_start(speech.get(t.side), t, &timed))
            .collect();
        Attribution {
            voice: union(&[speech.agent.clone(), speech.customer.clone()].concat()),
            speech: Some(speech),
            agent_channel: Some((agent, from)),
            heard,
        }
    } else {
        let raw = frames
            .first()
            .map(|f| raw_segments(f, duration_s, fade(0)))
            .unwrap_or_default();
        let voice = turns(&raw);
        if timed.is_empty() {
            Attribution {
                speech: None,
                voice,
                agent_channel: None,
                heard: Vec::new(),
            }
        } else {
            let (speech, heard) = sides::assign_mono(&raw, &timed);
            Attribution {
                speech: Some(speech),
                voice,
                agent_channel: None,
                heard,
            }
        }
    };
    build(
        channels,
        duration_s,
        attribution,
        &timed,
        transcript,
        options,
    )
}

/// The speech heard for a turn on two channels: the side's stretch that overlaps the stated
/// span most (or starts nearest it, within [`DRIFT_SEARCH_S`]).
fn heard_start(side_speech: &[Span], turn: &TimedTurn, timed: &[TimedTurn]) -> Option<f64> {
    let stated = Span(turn.start_s, turn.end_s.max(turn.start_s + 0.01));
    let best = side_speech
        .iter()
        .copied()
        .filter(|s| s.overlap(stated) > 0.0)
        .max_by(|a, b| a.overlap(stated).total_cmp(&b.overlap(stated)))
        .or_else(|| {
            side_speech
                .iter()
                .copied()
                .filter(|s| (s.0 - turn.start_s).abs() <= DRIFT_SEARCH_S)
                .min_by(|a, b| {
                    (a.0 - turn.start_s)
                        .abs()
                        .total_cmp(&(b.0 - turn.start_s).abs())
                })
        })?;
    // A stretch that began before the same side's previous turn ended holds that turn too:
    // this turn's own start cannot be seen in it.
    let previous_end = timed
        .iter()
        .filter(|t| t.side == turn.side && t.index < turn.index)
        .map(|t| t.end_s)
        .fold(f64::NEG_INFINITY, f64::max);
    if best.0 < previous_end {
        return None;
    }
    ((best.0 - turn.start_s).abs() <= DRIFT_SEARCH_S).then_some(best.0)
}

fn build(
    channels: usize,
    duration_s: f64,
    attribution: Attribution,
    timed: &[TimedTurn],
    transcript: &[Turn],
    options: &AnalysisOptions,
) -> CallAnalysis {
    let Attribution {
        speech,
        voice,
        agent_channel,
        heard,
    } = attribution;
    let sided = speech.is_some();
    let speech = speech.unwrap_or_default();
    let latencies = metrics::response_latencies(&speech);
    let interruptions = metrics::interruptions(&speech);
    let silences = metrics::silences(&voice, options.min_silence_s);
    let talk_s = BySide {
        agent: total(&speech.agent),
        customer: total(&speech.customer),
    };
    let talk_total = talk_s.agent + talk_s.customer;
    let latency_values: Vec<f64> = latencies.iter().map(|l| l.latency_s).collect();
    let wpm = |side: Side| {
        let talk = *talk_s.get(side);
        let words = words(transcript, side);
        (sided && words > 0 && talk > 0.0).then(|| words as f64 / (talk / 60.0))
    };
    let drift: Vec<TurnDrift> = timed
        .iter()
        .zip(heard.iter().chain(std::iter::repeat(&None)))
        .map(|(turn, heard)| {
            let offset_s = heard.map(|h| h - turn.start_s);
            TurnDrift {
                turn: turn.index,
                speaker: turn.side,
                stated_start_s: round(turn.start_s),
                heard_start_s: heard.map(round),
                offset_s: offset_s.map(round),
                flagged: offset_s.is_none_or(|o| o.abs() > DRIFT_FLAG_S),
            }
        })
        .collect();
    let summary = Summary {
        latency_p50_s: metrics::percentile(&latency_values, 0.5).map(round),
        latency_p90_s: metrics::percentile(&latency_values, 0.9).map(round),
        latency_max_s: latency_values.iter().copied().reduce(f64::max).map(round),
        interruptions: interruptions.len(),
        dead_air_s: round(silences.iter().map(|s| s.end_s - s.start_s).sum()),
        agent_talk_share: (talk_total > 0.0).then(|| round(talk_s.agent / talk_total)),
        time_to_first_word_s: speech.agent.first().map(|s| round(s.0)),
        speech_s: round(total(&voice)),
        drifted_turns: drift.iter().filter(|d| d.flagged).count(),
    };
    let rounded = |spans: &[Span]| -> Vec<Span> {
        spans.iter().map(|s| Span(round(s.0), round(s.1))).collect()
    };
    CallAnalysis {
        version: ANALYSIS_VERSION,
        duration_s: round(duration_s),
        channels: u16::try_from(channels).unwrap_or(u16::MAX),
        agent_channel: agent_channel.map(|(c, _)| c),
        agent_channel_from: agent_channel.map(|(_, f)| f),
        longest_monologue: metrics::longest_monologue(&speech).map(|m| Monologue {
            start_s: round(m.start_s),
            end_s: round(m.end_s),
            ..m
        }),
        speech: BySide {
            agent: rounded(&speech.agent),
            customer: rounded(&speech.customer),
        },
        voice: rounded(&voice),
        response_latencies: latencies
            .iter()
            .map(|l| ResponseLatency {
                after_s: round(l.after_s),
                latency_s: round(l.latency_s),
            })
            .collect(),
        interruptions: interruptions
            .iter()
            .map(|i| Interruption {
                at_s: round(i.at_s),
                overlap_s: round(i.overlap_s),
                ..*i
            })
            .collect(),
        silences: silences
            .iter()
            .map(|s| Silence {
                start_s: round(s.start_s),
                end_s: round(s.end_s),
            })
            .collect(),
        talk_s: BySide {
            agent: round(talk_s.agent),
            customer: round(talk_s.customer),
        },
        words_per_minute: BySide {
            agent: wpm(Side::Agent).map(|w| (w * 10.0).round() / 10.0),
            customer: wpm(Side::Customer).map(|w| (w * 10.0).round() / 10.0),
        },
        drift,
        summary,
        settings: Settings {
            min_silence_s: options.min_silence_s,
        },
    }
}

/// To the millisecond: the detector's resolution is 16 ms, more digits would be noise.
fn round(seconds: f64) -> f64 {
    // `+ 0.0` turns -0.0 (the sum of no floats) into 0.0, so nothing prints "-0.0 s".
    (seconds * 1000.0).round() / 1000.0 + 0.0
}

#[cfg(test)]
mod tests {
    use super::round;

    #[test]
    fn no_dead_air_is_zero_not_negative_zero() {
        let total: f64 = std::iter::empty::<f64>().sum();
        assert!(round(total).is_sign_positive(), "{}", round(total));
        assert_eq!(round(1.23449), 1.234);
    }
}
