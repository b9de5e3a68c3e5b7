//! Who is who: which channel is the agent's on two-channel recordings, and which speech is
//! whose on mono recordings.

use crate::result::{AgentChannelFrom, BySide, Channel, Side};
use crate::segments::turns;
use crate::span::{overlap_total, union, Span};
use crate::transcript::TimedTurn;

/// On mono, speech wholly outside every stated turn still belongs to the nearest turn when it
/// is at most this far from it (the vendor's clock may be off by this much).
pub const MONO_MATCH_S: f64 = 1.0;

/// The agent's channel: the caller's choice, else the channel whose speech overlaps the
/// transcript's agent turns more (and its customer turns less), else left.
pub fn agent_channel(
    raw: [&[Span]; 2],
    turns: &[TimedTurn],
    chosen: Option<Channel>,
) -> (Channel, AgentChannelFrom) {
    if let Some(channel) = chosen {
        return (channel, AgentChannelFrom::Option);
    }
    let stated = |side: Side| {
        union(
            &turns
                .iter()
                .filter(|t| t.side == side)
                .map(|t| Span(t.start_s, t.end_s))
                .collect::<Vec<_>>(),
        )
    };
    let (agent, customer) = (stated(Side::Agent), stated(Side::Customer));
    if agent.is_empty() && customer.is_empty() {
        return (Channel::Left, AgentChannelFrom::Default);
    }
    let score = |speech: &[Span]| overlap_total(speech, &agent) - overlap_total(speech, &customer);
    let (left, right) = (score(raw[0]), score(raw[1]));
    if left == right {
        return (Channel::Left, AgentChannelFrom::Default);
    }
    let channel = if left > right {
        Channel::Left
    } else {
        Channel::Right
    };
    (channel, AgentChannelFrom::Transcript)
}

/// Mono: each side's speech, and the start of the speech heard for each timed turn (by the
/// turn's position in `timed`).
///
/// Every raw segment is cut at the turns' stated starts and ends; a piece inside a turn's
/// stated span belongs to that turn (to both, where two turns overlap: a barge-in); a piece
/// outside every span belongs to the turn the same segment continues into (speech heard
/// earlier or later than stated); a segment outside every span goes to the nearest turn within
/// [`MONO_MATCH_S`], or to nobody. So the boundaries come from the audio, the labels from the
/// transcript.
pub fn assign_mono(raw: &[Span], timed: &[TimedTurn]) -> (BySide<Vec<Span>>, Vec<Option<f64>>) {
    let mut pieces_of_turn: Vec<Vec<Span>> = vec![Vec::new(); timed.len()];
    for &segment in raw {
        let mut cuts: Vec<f64> = timed
            .iter()
            .flat_map(|t| [t.start_s, t.end_s])
            .filter(|&t| segment.contains(t))
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        let mut bounds = vec![segment.0];
        bounds.extend(cuts);
        bounds.push(segment.1);
        let pieces: Vec<Span> = bounds.windows(2).map(|w| Span(w[0], w[1])).collect();
        let mut owners: Vec<Vec<usize>> = pieces
            .iter()
            .map(|piece| {
                let mid = (piece.0 + piece.1) / 2.0;
                (0..timed.len())
                    .filter(|&i| timed[i].start_s <= mid && mid <= timed[i].end_s)
                    .collect()
            })
            .collect();
        // Pieces outside every span take the owners of the piece before them, then of the one
        // after them.
        for i in 1..owners.len() {
            if owners[i].is_empty() {
                owners[i] = owners[i - 1].clone();
            }
        }
        for i in (0..owners.len().saturating_sub(1)).rev() {
            if owners[i].is_empty() {
                owners[i] = owners[i + 1].clone();
            }
        }
        if owners.iter().all(Vec::is_empty) {
            if let Some(nearest) = nearest_turn(segment, timed) {
                owners = vec![vec![nearest]; pieces.len()];
            }
        }
        for (piece, owners) in pieces.iter().zip(&owners) {
            for &turn in owners {
                pieces_of_turn[turn].push(*piece);
            }
        }
    }
    let side_speech = |side: Side| {
        let spans: Vec<Span> = timed
            .iter()
            .zip(&pieces_of_turn)
            .filter(|(t, _)| t.side == side)
            .flat_map(|(_, pieces)| pieces.iter().copied())
            .collect();
        turns(&union(&spans))
    };
    let heard = pieces_of_turn
        .iter()
        .map(|pieces| pieces.iter().map(|p| p.0).min_by(f64::total_cmp))
        .collect();
    (
        BySide {
            agent: side_speech(Side::Agent),
            customer: side_speech(Side::Customer),
        },
        heard,
    )
}

fn nearest_turn(segment: Span, timed: &[TimedTurn]) -> Option<usize> {
    timed
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let distance = (t.start_s - segment.1).max(segment.0 - t.end_s).max(0.0);
            (i, distance)
        })
        .filter(|(_, distance)| *distance <= MONO_MATCH_S)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turn(index: usize, side: Side, start_s: f64, end_s: f64) -> TimedTurn {
        TimedTurn {
            index,
            side,
            start_s,
            end_s,
        }
    }

    #[test]
    fn mono_speech_takes_its_labels_from_the_turns_and_its_edges_from_the_audio() {
        let timed = [
            turn(0, Side::Agent, 0.5, 3.0),
            turn(1, Side::Customer, 4.0, 6.0),
            // Stated 0.8 s late.
            turn(2, Side::Agent, 8.0, 10.0),
        ];
        let raw = [Span(0.6, 3.1), Span(3.9, 6.2), Span(7.2, 9.2)];
        let (speech, heard) = assign_mono(&raw, &timed);
        assert_eq!(speech.agent, vec![Span(0.6, 3.1), Span(7.2, 9.2)]);
        assert_eq!(speech.customer, vec![Span(3.9, 6.2)]);
        assert_eq!(heard, vec![Some(0.6), Some(3.9), Some(7.2)]);
    }

    #[test]
    fn overlapping_turns_share_the_overlap() {
        let timed = [
            turn(0, Side::Agent, 0.0, 4.0),
            turn(1, Side::Customer, 3.0, 6.0),
        ];
        let (speech, _) = assign_mono(&[Span(0.1, 5.9)], &timed);
        assert_eq!(speech.agent, vec![Span(0.1, 4.0)]);
        assert_eq!(speech.customer, vec![Span(3.0, 5.9)]);
    }

    #[test]
    fn the_agent_channel_follows_the_transcript_unless_chosen() {
        let timed = [
            turn(0, Side::Agent, 0.5, 3.0),
            turn(1, Side::Customer, 4.0, 6.0),
        ];
        let left = [Span(4.0, 6.0)];
        let right = [Span(0.5, 3.0)];
        assert_eq!(
            agent_channel([&left, &right], &timed, None),
            (Channel::Right, AgentChannelFrom::Transcript)
        );
        assert_eq!(
            agent_channel([&left, &right], &timed, Some(Channel::Left)),
            (Channel::Left, AgentChannelFrom::Option)
        );
        assert_eq!(
            agent_channel([&left, &right], &[], None),
            (Channel::Left, AgentChannelFrom::Default)
        );
    }
}
