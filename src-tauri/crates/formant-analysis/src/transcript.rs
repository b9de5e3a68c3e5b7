//! The transcript's timed turns, as formant-core reads them (both item shapes, seconds or
//! milliseconds).

use formant_core::{Speaker, Turn};

use crate::result::Side;

/// An agent or customer turn with usable times.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimedTurn {
    /// Index in the transcript.
    pub index: usize,
    pub side: Side,
    pub start_s: f64,
    pub end_s: f64,
}

pub fn side_of(turn: &Turn) -> Option<Side> {
    match turn.speaker {
        Speaker::Agent => Some(Side::Agent),
        Speaker::Customer => Some(Side::Customer),
        Speaker::Other(_) => None,
    }
}

/// The agent's and customer's turns that carry a start and an end in order.
pub fn timed_turns(turns: &[Turn]) -> Vec<TimedTurn> {
    turns
        .iter()
        .enumerate()
        .filter_map(|(index, turn)| {
            let side = side_of(turn)?;
            let (start_s, end_s) = (turn.start_secs?, turn.end_secs?);
            (start_s.is_finite() && end_s.is_finite() && end_s >= start_s).then_some(TimedTurn {
                index,
                side,
                start_s,
                end_s,
            })
        })
        .collect()
}

/// Words each side said in the transcript (whitespace-separated, any script).
pub fn words(turns: &[Turn], side: Side) -> usize {
    turns
        .iter()
        .filter(|turn| side_of(turn) == Some(side))
        .map(|turn| turn.text.split_whitespace().count())
        .sum()
}
