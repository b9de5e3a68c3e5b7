//! The analysis of one call, as stored and as `formant analyze --json` prints it.
//!
//! Times are seconds from the recording's start (floats, to the millisecond); every array is
//! sorted by time. `version` changes whenever a field or a rule changes meaning, so a stored
//! result can be recognised as stale and computed again.

use serde::{Deserialize, Serialize};

pub use crate::span::Span;

/// Bumped on any change of a field or of a rule that changes the numbers.
pub const ANALYSIS_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct CallAnalysis {
    pub version: u32,
    pub duration_s: f64,
    pub channels: u16,
    /// Which channel is the agent's; `None` for mono.
    pub agent_channel: Option<Channel>,
    /// How `agent_channel` was decided; `None` for mono.
    pub agent_channel_from: Option<AgentChannelFrom>,
    /// Each side's speech, pauses inside a turn merged. Empty on a mono recording without
    /// turn times (who spoke is unknown there).
    pub speech: BySide<Vec<Span>>,
    /// When anyone was speaking (the union of both sides, or all speech on mono).
    pub voice: Vec<Span>,
    pub response_latencies: Vec<ResponseLatency>,
    pub interruptions: Vec<Interruption>,
    /// Dead air: nobody speaking for at least `settings.min_silence_s`, between the first and
    /// the last speech of the call.
    pub silences: Vec<Silence>,
    pub talk_s: BySide<f64>,
    pub summary: Summary,
    pub longest_monologue: Option<Monologue>,
    /// Transcript words per minute of that side's speech; `None` without transcript words or
    /// speech.
    pub words_per_minute: BySide<Option<f64>>,
    /// One entry per timed agent or customer turn of the transcript, in transcript order.
    pub drift: Vec<TurnDrift>,
    pub settings: Settings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(rename = "AudioChannel")]
pub enum Channel {
    Left,
    Right,
}

impl Channel {
    pub fn index(self) -> usize {
        match self {
            Channel::Left => 0,
            Channel::Right => 1,
        }
    }

    pub fn other(self) -> Channel {
        match self {
            Channel::Left => Channel::Right,
            Channel::Right => Channel::Left,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AgentChannelFrom {
    /// Said by the caller (`--agent-channel`, the account's setting).
    Option,
    /// The channel whose speech matches the transcript's agent turns.
    Transcript,
    /// Neither: left is the agent.
    Default,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Agent,
    Customer,
}

impl Side {
    pub fn other(self) -> Side {
        match self {
            Side::Agent => Side::Customer,
            Side::Customer => Side::Agent,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, ts_rs::TS)]
pub struct BySide<T> {
    pub agent: T,
    pub customer: T,
}

impl<T> BySide<T> {
    pub fn get(&self, side: Side) -> &T {
        match side {
            Side::Agent => &self.agent,
            Side::Customer => &self.customer,
        }
    }
}

/// A customer-to-agent hand-off: the customer's speech ended at `after_s`, the agent started
/// `latency_s` later.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct ResponseLatency {
    pub after_s: f64,
    pub latency_s: f64,
}

/// `by` started talking at `at_s` while the other side was speaking; both spoke for
/// `overlap_s`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Interruption {
    pub by: Side,
    pub at_s: f64,
    pub overlap_s: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Silence {
    pub start_s: f64,
    pub end_s: f64,
}

/// The call's figures. `None` (JSON `null`) where there is nothing to measure: no hand-off,
/// no agent speech, no sides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Summary {
    pub latency_p50_s: Option<f64>,
    pub latency_p90_s: Option<f64>,
    pub latency_max_s: Option<f64>,
    pub interruptions: usize,
    pub dead_air_s: f64,
    /// Agent talk time ÷ (agent + customer talk time).
    pub agent_talk_share: Option<f64>,
    /// Recording start → the agent's first speech.
    pub time_to_first_word_s: Option<f64>,
    /// Seconds in which anyone spoke.
    pub speech_s: f64,
    /// Turns whose stated start is more than 0.5 s from the speech heard.
    pub drifted_turns: usize,
}

/// The longest run of one side's consecutive stretches of speech, with no stretch of the
/// other side starting in between (a barge-in inside it does not end it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct Monologue {
    pub by: Side,
    pub start_s: f64,
    pub end_s: f64,
}

/// A transcript turn's stated start against the speech heard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ts_rs::TS)]
pub struct TurnDrift {
    /// The turn's index in the transcript.
    pub turn: usize,
    pub speaker: Side,
    pub stated_start_s: f64,
    /// `None` when no speech of that side was heard near the stated time.
    pub heard_start_s: Option<f64>,
    /// heard − stated.
    pub offset_s: Option<f64>,
    /// |offset| > 0.5 s, or not heard at all.
    pub flagged: bool,
}

/// The settings the numbers were computed with.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[ts(rename = "AnalysisSettings")]
pub struct Settings {
    pub min_silence_s: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vad::Frame;
    use crate::{analyze_frames, AnalysisOptions};

    #[test]
    fn a_result_round_trips_through_json_with_its_version() {
        // Agent speaks 0.5-2 s on the left, customer 3-4 s on the right.
        let frames = |from: f64, to: f64| -> Vec<Frame> {
            (0..400)
                .map(|k| {
                    let t = k as f64 * crate::vad::FRAME_S;
                    Frame {
                        speech: t >= from && t < to,
                        level_db: if t >= from && t < to { -20.0 } else { -70.0 },
                    }
                })
                .collect()
        };
        let analysis = analyze_frames(
            vec![frames(0.5, 2.0), frames(3.0, 4.0)],
            6.4,
            &[],
            &AnalysisOptions::default(),
        );
        let json = serde_json::to_string(&analysis).expect("serialises");
        let back: CallAnalysis = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, analysis);
        assert_eq!(back.version, ANALYSIS_VERSION);
        assert_eq!(back.speech.agent, vec![Span(0.512, 2.0)]);
        assert_eq!(back.speech.customer, vec![Span(3.008, 4.0)]);
        assert!(json.contains("\"agent_channel\":\"left\""), "{json}");
    }
}
