//! SubRip (.srt) and WebVTT (.vtt), one cue per turn, numbered from 1 in transcript order.
//!
//! Rules:
//! - Times come only from the transcript; none are ever invented or guessed. If any turn that
//!   would become a cue lacks a start or an end (or ends before it starts), the export fails
//!   with [`ExportError::NoTimes`], counting those turns.
//! - Turns with no text are skipped (an empty cue is invalid in both formats); if nothing is
//!   left — no transcript, an empty one, or only empty turns — the export fails with
//!   [`ExportError::EmptyTranscriptForSubtitles`].
//! - A blank line ends a cue in both formats, so blank lines inside a turn are dropped; all
//!   other lines are kept.
//! - The speaker is shown as `Agent: text` in SubRip and as a voice span `<v Agent>text` in
//!   WebVTT, where `&`, `<` and `>` in text are written as entities (WebVTT requires it).
//!   SubRip has no escaping rules, so its text is written unchanged.

use crate::{Conversation, Turn};

use super::{clock, ExportError};

struct Cue<'a> {
    start: f64,
    end: f64,
    turn: &'a Turn,
}

/// The turns that become cues, or why there are none to make.
fn cues(c: &Conversation) -> Result<Vec<Cue<'_>>, ExportError> {
    let spoken: Vec<&Turn> = c
        .turns()
        .iter()
        .filter(|t| !t.text.trim().is_empty())
        .collect();
    if spoken.is_empty() {
        return Err(ExportError::EmptyTranscriptForSubtitles);
    }
    let mut cues = Vec::with_capacity(spoken.len());
    let mut without_times = 0;
    for turn in &spoken {
        match (turn.start_secs, turn.end_secs) {
            (Some(start), Some(end)) if turn.has_times() => cues.push(Cue { start, end, turn }),
            _ => without_times += 1,
        }
    }
    if without_times > 0 {
        return Err(ExportError::NoTimes {
            turns_without_times: without_times,
            total: spoken.len(),
        });
    }
    Ok(cues)
}

/// Whether [`srt`]/[`vtt`] would succeed, without building the text.
pub(super) fn check(c: &Conversation) -> Result<(), ExportError> {
    cues(c).map(|_| ())
}

fn text_lines(text: &str) -> impl Iterator<Item = &str> {
    super::header::lines(text)
        .into_iter()
        .filter(|l| !l.trim().is_empty())
}

pub(super) fn srt(c: &Conversation) -> Result<String, ExportError> {
    let mut out = String::new();
    for (i, cue) in cues(c)?.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{}\n{} --> {}\n{}: ",
            i + 1,
            clock::timecode(cue.start, ','),
            clock::timecode(cue.end, ','),
            cue.turn.speaker.label()
        ));
        out.push_str(&text_lines(&cue.turn.text).collect::<Vec<_>>().join("\n"));
        out.push('\n');
    }
    Ok(out)
}

pub(super) fn vtt(c: &Conversation) -> Result<String, ExportError> {
    let mut out = String::from("WEBVTT\n");
    for (i, cue) in cues(c)?.iter().enumerate() {
        out.push_str(&format!(
            "\n{}\n{} --> {}\n<v {}>",
            i + 1,
            clock::timecode(cue.start, '.'),
            clock::timecode(cue.end, '.'),
            escape_vtt(&cue.turn.speaker.label())
        ));
        let lines: Vec<String> = text_lines(&cue.turn.text).map(escape_vtt).collect();
        out.push_str(&lines.join("\n"));
        out.push('\n');
    }
    Ok(out)
}

/// WebVTT cue text: `&`, `<` and `>` must be entities (this also rules out `-->`).
fn escape_vtt(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
