//! From per-frame decisions to speech segments, and the rules that clean them up.
//!
//! 0. **Level gate**: the detector says where speech-like sound is, but its score is smoothed
//!    over a few hundred milliseconds, so on a noisy line it stays up after the words end. A
//!    frame only counts as speech when it is also at least [`SPEECH_ABOVE_FLOOR_DB`] above the
//!    channel's noise floor (the [`FLOOR_PERCENTILE`]th percentile of its frame levels) — which
//!    puts the edges where the voice is. In heavy noise the detector is also slow to rise and a
//!    word's onset and fade sit under that threshold, so each run of speech then grows into
//!    the frames right before and after it that are still [`GROW_ABOVE_FLOOR_DB`] above the
//!    floor (a lower threshold: hysteresis), up to [`GROW_LIMIT_S`] each way.
//! 1. **Crosstalk** (two channels only): a speech frame on one channel is dropped when the
//!    other channel is speaking within ±[`CROSSTALK_WINDOW_FRAMES`] frames and is at least
//!    [`CROSSTALK_MARGIN_DB`] louder. That is one side's voice leaking into the other's line
//!    (echo, a speakerphone); real double-talk is at comparable levels and stays.
//! 2. **Raw segments**: runs of speech frames, with gaps shorter than [`FILL_GAP_S`] (between
//!    syllables and words) bridged, then runs shorter than [`MIN_SPEECH_S`] dropped (clicks,
//!    breaths, a burst of line noise) unless a longer run of the same turn lies within
//!    [`TURN_PAUSE_S`] (a short word between pauses on a noisy line).
//! 3. **Turns**: one side's raw segments separated by less than [`TURN_PAUSE_S`] merge into one
//!    stretch of speech (a pause inside a turn); these are the `speech` arrays of the result.
//! 4. **Hidden fades**: a word's fade goes on under the line noise after the level has lost
//!    it, for as long as it takes to fall from where it meets the noise
//!    (the floor + [`GROW_ABOVE_FLOOR_DB`]) to where a fade is over (−60 dBFS), at
//!    [`FADE_DB_PER_S`]: each raw segment's end is moved that much later ([`hidden_fade_s`]).
//!    Nothing on a quiet line (a floor at or under −63 dBFS); 12 ms under pink line noise at
//!    −50 dBFS (a floor of −56 above the high-pass), 42 ms under −32 dBFS (a floor of −38).
//!    Onsets rise too fast for the same to matter.

use crate::span::{merge_gaps, Span};
use crate::vad::{Frame, FRAME_S};

pub const SPEECH_ABOVE_FLOOR_DB: f32 = 9.0;
pub const FLOOR_PERCENTILE: usize = 10;
pub const GROW_LIMIT_S: f64 = 1.0;
/// How loud a frame must be to join a run by growing: a word's onset and fade lie between the
/// noise and the gate's threshold. Frames of steady line noise stay within about ±1.5 dB of
/// their median, which is about 1 dB above the floor.
pub const GROW_ABOVE_FLOOR_DB: f32 = 3.0;
pub const CROSSTALK_MARGIN_DB: f32 = 15.0;
/// ±3 frames (48 ms): echo arrives a few tens of milliseconds late.
pub const CROSSTALK_WINDOW_FRAMES: usize = 3;
pub const FILL_GAP_S: f64 = 0.2;
pub const MIN_SPEECH_S: f64 = 0.12;
pub const TURN_PAUSE_S: f64 = 0.5;
/// How fast a word's fade is taken to fall, for the part of it hidden under line noise (rule 4).
/// On the labelled set any rate from 500 to 800 dB/s puts the ends at −32 dBFS noise within
/// 70 ms and leaves the quieter sets within their 50 ms; without it the ends there came 40 ms
/// early on average and up to 100 ms.
pub const FADE_DB_PER_S: f32 = 600.0;
/// Where a fade is over: the level under which a frame is never speech.
const FADE_END_DB: f32 = crate::vad::MIN_SPEECH_LEVEL_DB;

/// Rule 0, over one channel's frames. Returns the channel's noise floor (dBFS).
pub fn gate_by_level(frames: &mut [Frame]) -> f32 {
    let mut levels: Vec<f32> = frames.iter().map(|f| f.level_db).collect();
    if levels.is_empty() {
        return FADE_END_DB;
    }
    let rank = (levels.len() * FLOOR_PERCENTILE / 100).min(levels.len() - 1);
    let (_, floor, _) = levels.select_nth_unstable_by(rank, f32::total_cmp);
    let threshold = *floor + SPEECH_ABOVE_FLOOR_DB;
    let grow_threshold = *floor + GROW_ABOVE_FLOOR_DB;
    let scored: Vec<bool> = frames
        .iter()
        .map(|f| f.speech && f.level_db >= threshold)
        .collect();
    let audible: Vec<bool> = frames
        .iter()
        .map(|f| f.level_db >= grow_threshold)
        .collect();
    let limit = (GROW_LIMIT_S / FRAME_S) as usize;
    for (k, frame) in frames.iter_mut().enumerate() {
        frame.speech = scored[k] || (audible[k] && grows_into(&scored, &audible, k, limit));
    }
    *floor
}

/// Rule 4: seconds of a fade hidden under a channel's noise floor.
pub fn hidden_fade_s(floor_db: f32) -> f64 {
    let depth_db = (floor_db + GROW_ABOVE_FLOOR_DB - FADE_END_DB).max(0.0);
    f64::from(depth_db / FADE_DB_PER_S)
}

/// Whether a loud frame `k` is joined to scored speech by unbroken loud frames within `limit`.
fn grows_into(scored: &[bool], loud: &[bool], k: usize, limit: usize) -> bool {
    let reach = |step: isize| {
        (1..=limit as isize)
            .map(|d| k as isize + d * step)
            .take_while(|&i| i >= 0 && (i as usize) < loud.len() && loud[i as usize])
            .any(|i| scored[i as usize])
    };
    reach(-1) || reach(1)
}

/// Drops the frames of each channel that are the other channel's voice leaking in.
pub fn suppress_crosstalk(left: &mut [Frame], right: &mut [Frame]) {
    let left_before: Vec<Frame> = left.to_vec();
    let right_before: Vec<Frame> = right.to_vec();
    drop_leaks(left, &right_before);
    drop_leaks(right, &left_before);
}

fn drop_leaks(frames: &mut [Frame], other: &[Frame]) {
    for (k, frame) in frames.iter_mut().enumerate() {
        if !frame.speech {
            continue;
        }
        let lo = k.saturating_sub(CROSSTALK_WINDOW_FRAMES);
        let hi = (k + CROSSTALK_WINDOW_FRAMES + 1).min(other.len());
        let louder = other
            .get(lo..hi)
            .unwrap_or_default()
            .iter()
            .filter(|o| o.speech)
            .any(|o| o.level_db - frame.level_db >= CROSSTALK_MARGIN_DB);
        if louder {
            frame.speech = false;
        }
    }
}

/// Raw segments of one channel (rule 2), their ends moved by `hidden_fade_s` (rule 4),
/// clamped to the recording.
pub fn raw_segments(frames: &[Frame], duration_s: f64, hidden_fade_s: f64) -> Vec<Span> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    for (k, frame) in frames.iter().enumerate() {
        match (frame.speech, start) {
            (true, None) => start = Some(k),
            (false, Some(s)) => {
                runs.push(frame_span(s, k));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        runs.push(frame_span(s, frames.len()));
    }
    drop_lone_blips(merge_gaps(&runs, FILL_GAP_S))
        .into_iter()
        .map(|s| {
            Span(
                s.0.clamp(0.0, duration_s),
                (s.1 + hidden_fade_s).clamp(0.0, duration_s),
            )
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Rule 2's second half: runs shorter than [`MIN_SPEECH_S`] are dropped unless they belong to a
/// turn (runs less than [`TURN_PAUSE_S`] apart) that holds a longer one. On a noisy line the
/// level gate cuts a sentence at every pause between words, so a short word ("it", "and")
/// stands alone for the gate; it is still speech when a longer stretch follows or precedes
/// it closely. A click or a burst of noise with no speech near it still drops.
fn drop_lone_blips(bridged: Vec<Span>) -> Vec<Span> {
    let mut kept = Vec::with_capacity(bridged.len());
    let mut turn: Vec<Span> = Vec::new();
    for span in bridged {
        if turn
            .last()
            .is_some_and(|last| span.0 - last.1 >= TURN_PAUSE_S)
        {
            keep_turn_if_long_enough(&mut turn, &mut kept);
        }
        turn.push(span);
    }
    keep_turn_if_long_enough(&mut turn, &mut kept);
    kept
}

fn keep_turn_if_long_enough(turn: &mut Vec<Span>, kept: &mut Vec<Span>) {
    if turn.iter().any(|s| s.len() >= MIN_SPEECH_S) {
        kept.append(turn);
    } else {
        turn.clear();
    }
}

/// One side's turns (rule 3).
pub fn turns(raw: &[Span]) -> Vec<Span> {
    merge_gaps(raw, TURN_PAUSE_S)
}

fn frame_span(first: usize, end: usize) -> Span {
    Span(first as f64 * FRAME_S, end as f64 * FRAME_S)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(pattern: &str, level_db: f32) -> Vec<Frame> {
        pattern
            .chars()
            .map(|c| Frame {
                speech: c == '#',
                level_db,
            })
            .collect()
    }

    #[test]
    fn short_gaps_bridge_and_blips_drop() {
        // 16 ms frames: 20 speech, 5 quiet (80 ms, bridged), 20 speech, 40 quiet, 3 speech (a blip).
        let pattern = format!(
            "{}{}{}{}{}",
            "#".repeat(20),
            ".".repeat(5),
            "#".repeat(20),
            ".".repeat(40),
            "###"
        );
        let raw = raw_segments(&frames(&pattern, -20.0), 100.0, 0.0);
        assert_eq!(raw.len(), 1, "{raw:?}");
        assert!((raw[0].len() - 45.0 * FRAME_S).abs() < 1e-9);
    }

    #[test]
    fn a_short_word_near_a_longer_one_stays_and_a_lone_blip_drops() {
        // 5 speech frames (80 ms, too short alone), 14 quiet (224 ms: not bridged, within a
        // turn), 20 speech; then 60 quiet (960 ms) and another 5-frame blip on its own.
        let pattern = format!(
            "{}{}{}{}{}",
            "#".repeat(5),
            ".".repeat(14),
            "#".repeat(20),
            ".".repeat(60),
            "#".repeat(5)
        );
        let raw = raw_segments(&frames(&pattern, -20.0), 100.0, 0.0);
        assert_eq!(raw.len(), 2, "{raw:?}");
        assert!(
            raw[0].start().abs() < 1e-9,
            "the short word is kept: {raw:?}"
        );
        assert!(
            (raw[1].end() - 39.0 * FRAME_S).abs() < 1e-9,
            "the lone blip drops: {raw:?}"
        );
    }

    #[test]
    fn speech_grows_into_its_faint_onset_and_fade_but_not_into_the_noise() {
        // Noise at -40 dBFS; a word scored at -20 with a faint onset and fade at -36 (4 dB
        // above the floor: under the gate's 9 dB, over the growing threshold).
        let mut frames: Vec<Frame> = Vec::new();
        let push = |frames: &mut Vec<Frame>, n: usize, speech: bool, level_db: f32| {
            frames.extend(std::iter::repeat_n(Frame { speech, level_db }, n));
        };
        push(&mut frames, 50, true, -40.0);
        push(&mut frames, 4, true, -36.0);
        push(&mut frames, 10, true, -20.0);
        push(&mut frames, 6, true, -36.0);
        push(&mut frames, 50, true, -40.0);
        gate_by_level(&mut frames);
        let speech: Vec<usize> = (0..frames.len()).filter(|&k| frames[k].speech).collect();
        assert_eq!(speech.first(), Some(&50), "{speech:?}");
        assert_eq!(speech.last(), Some(&69), "{speech:?}");
        assert_eq!(speech.len(), 20);
    }

    #[test]
    fn a_fade_is_hidden_only_under_a_noisy_floor() {
        assert_eq!(hidden_fade_s(-120.0), 0.0);
        assert_eq!(hidden_fade_s(-63.0), 0.0);
        assert!((hidden_fade_s(-32.0) - 31.0 / 600.0).abs() < 1e-6);
        let frames = frames(&"#".repeat(20), -20.0);
        let raw = raw_segments(&frames, 100.0, 0.05);
        assert!(
            (raw[0].end() - (20.0 * FRAME_S + 0.05)).abs() < 1e-9,
            "{raw:?}"
        );
        assert!(raw[0].start().abs() < 1e-9);
        // Never past the recording's end.
        assert!((raw_segments(&frames, 0.3, 0.05)[0].end() - 0.3).abs() < 1e-9);
    }

    #[test]
    fn a_leak_far_below_the_other_side_is_dropped_and_double_talk_stays() {
        let mut agent = frames(&"#".repeat(10), -18.0);
        let mut leak = frames(&"#".repeat(10), -42.0);
        suppress_crosstalk(&mut agent, &mut leak);
        assert!(agent.iter().all(|f| f.speech));
        assert!(leak.iter().all(|f| !f.speech));

        let mut agent = frames(&"#".repeat(10), -18.0);
        let mut customer = frames(&"#".repeat(10), -24.0);
        suppress_crosstalk(&mut agent, &mut customer);
        assert!(customer.iter().all(|f| f.speech), "double-talk is kept");
    }
}
