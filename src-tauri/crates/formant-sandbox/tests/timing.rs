//! The generated calls' timing, measured from their recordings: call analysis (the app's own,
//! formant-analysis) finds every slow reply, barge-in and dead air the generator placed — in
//! the default account and deep in a million-call one, on mono and on two channels — and
//! nothing in the calls it kept prompt.

mod common;

use std::collections::HashMap;
use std::io::Write;

use common::{get, get_json, start, start_with};
use formant_analysis::{analyze_path, AnalysisOptions, CallAnalysis};
use formant_core::{Conversation, Speaker};
use formant_sandbox::{
    known, PlannedMark, PlannedTiming, SampleAccount, Sandbox, SandboxOptions, Side, TimingKind,
};

/// How far a measured time may be from the one the generator chose (the detector works in
/// 16 ms frames; the edges of synthetic speech are sharp).
const TOLERANCE_S: f64 = 0.15;
/// A reply this slow is marked in the app (amber from 1 s); prompt calls have none.
const MARKED_REPLY_S: f64 = 1.0;

/// Calls checked per kind and channel count, per account.
const PER_GROUP: usize = 2;

async fn analyse(sandbox: &Sandbox, id: &str) -> Option<CallAnalysis> {
    analyse_with_transcript(sandbox, id)
        .await
        .map(|(_, analysis)| analysis)
}

/// The call as the app reads it and the analysis of its recording (`None` without either).
async fn analyse_with_transcript(
    sandbox: &Sandbox,
    id: &str,
) -> Option<(Conversation, CallAnalysis)> {
    let (status, body) = get_json(sandbox, &format!("/v1/conversations/{id}")).await;
    assert_eq!(status, 200, "{id}");
    let conversation = Conversation::from_json(body["data"].clone()).expect("a conversation");
    if !conversation.turns().iter().all(|t| t.has_times()) || conversation.turns().is_empty() {
        return None; // {role, message} turns: no sides to measure on mono
    }
    let response = get(sandbox, &format!("/v1/conversations/{id}/recording")).await;
    if response.status() == 404 {
        return None;
    }
    let bytes = response.bytes().await.expect("recording");
    let mut file = tempfile::Builder::new()
        .suffix(".wav")
        .tempfile()
        .expect("temp file");
    file.write_all(&bytes).expect("written");
    let analysis = analyze_path(
        file.path(),
        conversation.turns(),
        &AnalysisOptions::default(),
    )
    .unwrap_or_else(|error| panic!("{id}'s recording analyses: {error}"));
    Some((conversation, analysis))
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE_S
}

fn side(side: Side) -> formant_analysis::Side {
    match side {
        Side::Agent => formant_analysis::Side::Agent,
        Side::Customer => formant_analysis::Side::Customer,
    }
}

/// Every planned mark is found, and nothing else is.
fn assert_found(id: &str, planned: &PlannedTiming, analysis: &CallAnalysis) {
    let context = format!("{id} ({planned:?}): {analysis:#?}");
    for mark in &planned.marks {
        let found = match *mark {
            PlannedMark::SlowReply { after_s, latency_s } => analysis
                .response_latencies
                .iter()
                .any(|l| near(l.after_s, after_s) && near(l.latency_s, latency_s)),
            PlannedMark::BargeIn {
                by,
                at_s,
                overlap_s,
            } => analysis
                .interruptions
                .iter()
                .any(|i| i.by == side(by) && near(i.at_s, at_s) && near(i.overlap_s, overlap_s)),
            PlannedMark::DeadAir { start_s, end_s } => analysis
                .silences
                .iter()
                .any(|s| near(s.start_s, start_s) && near(s.end_s, end_s)),
        };
        assert!(found, "{mark:?} is found in {context}");
    }
    let count =
        |wanted: fn(&PlannedMark) -> bool| planned.marks.iter().filter(|m| wanted(m)).count();
    let slow = analysis
        .response_latencies
        .iter()
        .filter(|l| l.latency_s >= MARKED_REPLY_S)
        .count();
    assert_eq!(
        slow,
        count(|m| matches!(m, PlannedMark::SlowReply { .. })),
        "slow replies in {context}"
    );
    assert_eq!(
        analysis.interruptions.len(),
        count(|m| matches!(m, PlannedMark::BargeIn { .. })),
        "interruptions in {context}"
    );
    assert_eq!(
        analysis.silences.len(),
        count(|m| matches!(m, PlannedMark::DeadAir { .. })),
        "dead air in {context}"
    );
}

/// Checks up to [`PER_GROUP`] calls of each kind and channel count among `ids`; returns how
/// many were checked per (kind, channels).
async fn check_calls(
    sandbox: &Sandbox,
    account: &SampleAccount,
    ids: impl IntoIterator<Item = String>,
) -> HashMap<(TimingKind, u16), usize> {
    let mut checked: HashMap<(TimingKind, u16), usize> = HashMap::new();
    for id in ids {
        let Some(planned) = account.planned_timing(&id) else {
            continue;
        };
        if planned.kind != TimingKind::Normal {
            assert!(!planned.marks.is_empty(), "{id}: {planned:?}");
        }
        let full = |channels| checked.get(&(planned.kind, channels)) >= Some(&PER_GROUP);
        if full(1) && full(2) {
            continue;
        }
        let Some(analysis) = analyse(sandbox, &id).await else {
            continue;
        };
        let group = checked
            .entry((planned.kind, analysis.channels))
            .or_default();
        if *group >= PER_GROUP {
            continue;
        }
        *group += 1;
        assert_found(&id, &planned, &analysis);
        if checked.len() == 8 && checked.values().all(|n| *n >= PER_GROUP) {
            break;
        }
    }
    checked
}

fn ids(account: &SampleAccount, offset: u64, limit: u64) -> Vec<String> {
    account
        .list_page(offset, limit)
        .iter()
        .map(|item| item["conversation_id"].as_str().expect("id").to_owned())
        .collect()
}

fn assert_every_kind_on_mono_and_stereo(checked: &HashMap<(TimingKind, u16), usize>) {
    for kind in [
        TimingKind::Normal,
        TimingKind::SlowReplies,
        TimingKind::BargeIn,
        TimingKind::DeadAir,
    ] {
        for channels in [1, 2] {
            assert!(
                checked.get(&(kind, channels)).is_some_and(|n| *n > 0),
                "{kind:?} on {channels} channel(s) was checked: {checked:?}"
            );
        }
    }
}

#[tokio::test]
async fn the_default_accounts_generated_calls_show_the_marks_they_were_given() {
    let sandbox = start().await;
    let account = SampleAccount::of_size(None).expect("default account");
    let all = ids(&account, 0, account.len());
    let checked = check_calls(&sandbox, &account, all).await;
    assert_every_kind_on_mono_and_stereo(&checked);
}

#[tokio::test]
async fn a_million_call_account_generates_them_deep_in_the_list_too() {
    const SIZE: usize = 1_000_000;
    let sandbox = start_with(SandboxOptions {
        conversations: Some(SIZE),
        ..SandboxOptions::default()
    })
    .await;
    let account = SampleAccount::of_size(Some(SIZE)).expect("scaled account");
    let deep = ids(&account, 654_321, 2_000);
    let checked = check_calls(&sandbox, &account, deep).await;
    assert_every_kind_on_mono_and_stereo(&checked);
}

#[test]
fn about_a_quarter_of_the_calls_are_slow_and_others_have_a_barge_in_or_dead_air() {
    let account = SampleAccount::of_size(Some(20_000)).expect("scaled account");
    let mut kinds: HashMap<TimingKind, usize> = HashMap::new();
    let mut planned = 0;
    for id in ids(&account, 0, account.len()) {
        if let Some(timing) = account.planned_timing(&id) {
            planned += 1;
            *kinds.entry(timing.kind).or_default() += 1;
        }
    }
    let share = |kind| kinds.get(&kind).copied().unwrap_or(0) as f64 / planned as f64;
    assert!(planned > 10_000, "{planned}");
    assert!(
        (0.20..=0.30).contains(&share(TimingKind::SlowReplies)),
        "{kinds:?}"
    );
    assert!(
        (0.10..=0.20).contains(&share(TimingKind::BargeIn)),
        "{kinds:?}"
    );
    assert!(
        (0.10..=0.20).contains(&share(TimingKind::DeadAir)),
        "{kinds:?}"
    );
    // The known calls keep their fixed timing.
    assert_eq!(
        account.planned_timing(formant_sandbox::known::TIMING_CALL),
        None
    );
}

/// Each side's speech, as the analysis hears it, is where that side's turns are: every turn is
/// heard for nearly all of its span, and every stretch of speech starts at one of the side's
/// turn starts and ends at one of its turn ends (turns less than a pause apart merge).
fn assert_speech_is_the_turns(id: &str, conversation: &Conversation, analysis: &CallAnalysis) {
    for (speaker, heard) in [
        (Speaker::Agent, &analysis.speech.agent),
        (Speaker::Customer, &analysis.speech.customer),
    ] {
        let turns: Vec<(f64, f64)> = conversation
            .turns()
            .iter()
            .filter(|t| t.speaker == speaker)
            .filter_map(|t| Some((t.start_secs?, t.end_secs?)))
            .collect();
        let context = format!("{id} {speaker:?}: turns {turns:?}, heard {heard:?}");
        for &(start, end) in &turns {
            let covered: f64 = heard
                .iter()
                .map(|s| (s.end().min(end) - s.start().max(start)).max(0.0))
                .sum();
            assert!(covered >= 0.9 * (end - start), "{start}-{end} in {context}");
        }
        for span in heard {
            assert!(
                turns.iter().any(|t| near(t.0, span.start()))
                    && turns.iter().any(|t| near(t.1, span.end())),
                "{span:?} in {context}"
            );
        }
    }
}

fn is_hindi(conversation: &Conversation) -> bool {
    conversation.turns().iter().any(|t| {
        t.text
            .chars()
            .any(|c| ('\u{0900}'..='\u{097f}').contains(&c))
    })
}

#[tokio::test]
async fn every_turn_is_heard_as_speech_from_its_start_to_its_end_and_nothing_else_is() {
    let sandbox = start().await;
    let account = SampleAccount::of_size(None).expect("default account");
    let mut ids = vec![
        known::TIMED_CALL.to_owned(),
        known::HINDI_CALL.to_owned(),
        known::STEREO_CALL.to_owned(),
        known::TIMING_CALL.to_owned(),
    ];
    ids.extend(self::ids(&account, 0, account.len()));
    // Per (Hindi, channels): how many calls were checked.
    let mut checked: HashMap<(bool, u16), usize> = HashMap::new();
    for id in ids {
        let Some((conversation, analysis)) = analyse_with_transcript(&sandbox, &id).await else {
            continue;
        };
        let group = checked
            .entry((is_hindi(&conversation), analysis.channels))
            .or_default();
        if *group >= 4 {
            continue;
        }
        *group += 1;
        assert_speech_is_the_turns(&id, &conversation, &analysis);
    }
    for group in [(false, 1), (false, 2), (true, 1), (true, 2)] {
        assert!(checked.contains_key(&group), "{group:?}: {checked:?}");
    }
}
