//! Calls with fixed ids that tests and demos rely on, including the API pages' own examples.

use rand_pcg::Pcg64Mcg;
use serde_json::{json, Value};

use super::call::{CallSpec, TimeUnit, TranscriptShape};
use super::generate::{call_length, lay_out, Fills, NEWEST_START_MS};
use super::scripts::{self, Language, Scenario};
use super::timing::Pace;
use crate::audio::plan::{RecordingPlan, Side, SpeechLanguage, TurnSpan};
use crate::audio::wav_format::WavFormat;

/// Words the generated transcripts hold, of every script and frequency (a name, scenario words,
/// Hindi, Tamil, an abbreviation): what the benches search a large library for.
pub const SEARCH_WORDS: [&str; 12] = [
    "password",
    "Lakshmi",
    "brochure",
    "parcel",
    "भुगतान",
    "धन्यवाद",
    "பார்சல்",
    "நன்றி",
    "appointment",
    "order",
    "UPI",
    "delivery",
];

/// The get-conversation page's example, verbatim: seconds timestamps, a float duration and
/// `{speaker, start_time, end_time, text}` turns. Recording: 16 kHz PCM16 mono, 245.7 s.
pub const TIMED_CALL: &str = "c9f8a1d2-3b4e-4f6a-9d7e-123456789abc";
/// The conversations page's example, verbatim: millisecond timestamps and `{role, message}`
/// turns; the id carries an attempt suffix. Recording: 8 kHz A-law, 142 s.
pub const ROLE_MESSAGE_CALL: &str = "e36853de-9cbb-441e-ad75-d3c8ac82abfb_1";
/// A completed call with a transcript whose recording is not available (404).
pub const NO_RECORDING_CALL: &str = "0b7e6f52-91c3-4d8a-a4e2-5f3c2d1b0a99";
/// A completed support call of 37 min 17.4 s; 8 kHz mu-law recording, streamed.
pub const LONG_CALL: &str = "7a1c3e5f-2b4d-4c6e-8f0a-1b2c3d4e5f60";
/// Only in scaled datasets (`SandboxOptions::conversations`): a support call of 1 h 1 min 2.5 s
/// with an 8 kHz mu-law recording, for measuring the app with an hour of audio open.
pub const HOUR_CALL: &str = "5f0e1d2c-3b4a-4968-8776-a5b4c3d2e1f0";
/// A payment reminder held in Hindi (Devanagari transcript); 8 kHz A-law recording.
pub const HINDI_CALL: &str = "4d2f8b10-6c3a-4e9d-b7f1-a0c9e8d7f6e5";
/// A failed call: SIP 503 from the carrier, no transcript, no recording.
pub const FAILED_CALL: &str = "9e8d7c6b-5a49-4382-a1f0-e9d8c7b6a5f4";
/// 8 kHz PCM16 stereo recording: agent on the left channel, customer on the right.
pub const STEREO_CALL: &str = "3c5e7a9b-1d2f-4e6a-8b0c-d1e2f3a4b5c6";
/// A support call whose timing call analysis marks: two channels (agent left), a reply that
/// keeps the caller waiting 3 s, a barge-in by the customer over the agent, and 5 s of dead
/// air. 8 kHz PCM16 stereo. See [`TIMING_CALL_TURNS`].
pub const TIMING_CALL: &str = "8b4d6f10-2a3c-4e5f-9a7b-c1d2e3f4a5b6";

/// [`TIMING_CALL`]'s turns (side, start s, end s): a 3.0 s wait after the customer's first
/// turn (7.4 → 10.4), the customer barging in 0.8 s before the agent ends (14.0 < 14.8), and
/// nobody speaking from 21.0 to 26.0.
pub const TIMING_CALL_TURNS: [(&str, f64, f64); 7] = [
    ("agent", 0.6, 4.0),
    ("customer", 4.6, 7.4),
    ("agent", 10.4, 14.8),
    ("customer", 14.0, 17.0),
    ("agent", 17.5, 21.0),
    ("customer", 26.0, 28.5),
    ("agent", 29.0, 33.0),
];

/// The fixed calls: their records and recording plans.
pub(crate) fn known_calls() -> Vec<(Value, Option<RecordingPlan>)> {
    let mut calls = vec![timed_call(), role_message_call()];
    calls.extend(
        [
            no_recording_call(),
            long_call(),
            hindi_call(),
            failed_call(),
            stereo_call(),
            timing_call(),
        ]
        .into_iter()
        .map(|spec| (spec.to_json(), spec.recording_plan())),
    );
    calls
}

/// How many fixed calls a scaled dataset holds beyond the default account's: [`HOUR_CALL`].
pub(crate) const SCALED_ONLY_CALLS: usize = 1;

/// The fixed calls of a scaled dataset: the default ones plus [`HOUR_CALL`].
pub(crate) fn scaled_known_calls() -> Vec<(Value, Option<RecordingPlan>)> {
    let mut calls = known_calls();
    let hour = hour_call();
    calls.push((hour.to_json(), hour.recording_plan()));
    calls
}

fn timed_call() -> (Value, Option<RecordingPlan>) {
    let record = json!({
        "agent_id": 452,
        "contact_number": "+14155552671",
        "conversation_id": TIMED_CALL,
        "duration_seconds": 245.7,
        "end_timestamp": 1685606400,
        "failure_reason": null,
        "results": {
            "call_quality": "excellent",
            "sentiment_analysis": { "overall_sentiment": "positive", "confidence": 0.92 }
        },
        "start_timestamp": 1685606154,
        "status": "completed",
        "trace_id": "trace-7f3e2a1b-9c4d-4e5f-b8a1-2d3c4e5f6a7b",
        "transcript": [
            {
                "speaker": "agent", "start_time": 0, "end_time": 5,
                "text": "Hello, thank you for calling FormantAI support. How can I assist you today?"
            },
            {
                "speaker": "customer", "start_time": 6, "end_time": 12,
                "text": "Hi, I'm having trouble accessing my account."
            }
        ]
    });
    let plan = RecordingPlan {
        format: WavFormat::PCM_16K,
        duration_s: 245.7,
        turns: vec![
            TurnSpan {
                side: Side::Agent,
                start_s: 0.0,
                end_s: 5.0,
            },
            TurnSpan {
                side: Side::Customer,
                start_s: 6.0,
                end_s: 12.0,
            },
        ],
        language: SpeechLanguage::English,
        seed: 0x7133_0001,
        agent_pitch_hz: 195.0,
        customer_pitch_hz: 125.0,
    };
    (record, Some(plan))
}

fn role_message_call() -> (Value, Option<RecordingPlan>) {
    let record = json!({
        "agent_id": 123,
        "contact_number": "+919876543210",
        "conversation_id": ROLE_MESSAGE_CALL,
        "duration_seconds": 142,
        "end_timestamp": 1773867341766_i64,
        "failure_reason": null,
        "results": { "intent": "payment_confirmed", "sentiment": "positive" },
        "start_timestamp": 1773867201766_i64,
        "status": "completed",
        "trace_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "transcript": [
            { "role": "agent", "message": "Hello Rahul..." },
            { "role": "human", "message": "Yes, I can talk." }
        ]
    });
    // `{role, message}` turns carry no times; the recording places them at the start.
    let plan = RecordingPlan {
        format: WavFormat::ALAW_8K,
        duration_s: 142.0,
        turns: vec![
            TurnSpan {
                side: Side::Agent,
                start_s: 0.6,
                end_s: 2.4,
            },
            TurnSpan {
                side: Side::Customer,
                start_s: 3.1,
                end_s: 4.6,
            },
        ],
        language: SpeechLanguage::English,
        seed: 0x7133_0002,
        agent_pitch_hz: 210.0,
        customer_pitch_hz: 130.0,
    };
    (record, Some(plan))
}

/// A call whose every field is set by the caller; helpers below change what differs.
fn spec(id: &str, agent_id: i64, scenario: Scenario, unit: TimeUnit, seed: u64) -> CallSpec {
    CallSpec {
        id: id.to_owned(),
        agent_id: Some(agent_id),
        contact_number: Some("+14155550123".to_owned()),
        status: "completed",
        failure_reason: None,
        start_ms: NEWEST_START_MS - 3_600_000,
        unit,
        duration_s: None,
        integer_duration: false,
        lines: None,
        shape: TranscriptShape::Timed,
        results: None,
        trace_id: Some(format!("trace-{id}")),
        recording: None,
        language: Language::English,
        seed,
        agent_pitch_hz: 195.0,
        customer_pitch_hz: 150.0,
        absent_fields: &[],
        extra_field: None,
        scenario,
        timing: None,
    }
}

/// Gives a spec the script's lines, laid out in time, and the matching call length.
fn speak(mut call: CallSpec, language: Language, fills: &Fills, cycles: usize) -> CallSpec {
    let mut rng = Pcg64Mcg::new(u128::from(call.seed));
    let script = scripts::script(call.scenario, language);
    let texts: Vec<(Side, String)> = script
        .iter()
        .cycle()
        .take(script.len() * cycles)
        .map(|(side, text)| (*side, fills.apply(text)))
        .collect();
    let lines = lay_out(&texts, call.unit, &Pace::EVEN, &mut rng);
    call.language = language;
    call.duration_s = Some(call_length(&lines, &mut rng));
    call.lines = Some(lines);
    call
}

fn fills(name: &str, amount: &str, date: &str) -> Fills {
    Fills {
        name: name.into(),
        amount: amount.into(),
        date: date.into(),
    }
}

fn no_recording_call() -> CallSpec {
    let mut call = spec(
        NO_RECORDING_CALL,
        301,
        Scenario::Appointment,
        TimeUnit::Millis,
        0x7133_0003,
    );
    call.start_ms = NEWEST_START_MS - 2 * 3_600_000;
    call.results = Some(json!({ "intent": "appointment_booked", "sentiment": "positive" }));
    speak(call, Language::English, &fills("Emily", "0", "March 24"), 1)
}

fn long_call() -> CallSpec {
    let mut call = spec(
        LONG_CALL,
        452,
        Scenario::Support,
        TimeUnit::Millis,
        0x7133_0004,
    );
    call.start_ms = NEWEST_START_MS - 26 * 3_600_000;
    call.recording = Some(WavFormat::MULAW_8K);
    call.results = Some(json!({
        "call_quality": "good",
        "sentiment_analysis": { "overall_sentiment": "neutral", "confidence": 0.71 },
        "resolved": false,
        "topics": ["login", "password_reset", "billing"],
    }));
    let mut call = speak(
        call,
        Language::English,
        &fills("James", "0", "March 20"),
        60,
    );
    // Keep the turns of the first 37 minutes; the call ends at 37:17.4.
    const LENGTH_S: f64 = 2237.4;
    if let Some(lines) = &mut call.lines {
        lines.retain(|line| line.end_s < LENGTH_S - 1.0);
    }
    call.duration_s = Some(LENGTH_S);
    call
}

fn hour_call() -> CallSpec {
    let mut call = spec(
        HOUR_CALL,
        452,
        Scenario::Support,
        TimeUnit::Millis,
        0x7133_0008,
    );
    call.start_ms = NEWEST_START_MS - 30 * 3_600_000;
    call.recording = Some(WavFormat::MULAW_8K);
    call.results = Some(json!({
        "call_quality": "fair",
        "sentiment_analysis": { "overall_sentiment": "negative", "confidence": 0.64 },
        "resolved": true,
        "topics": ["login", "billing", "escalation"],
    }));
    // More script cycles than an hour needs; the turns past the end are cut below.
    let mut call = speak(
        call,
        Language::English,
        &fills("Olivia", "0", "March 21"),
        110,
    );
    const LENGTH_S: f64 = 3662.5;
    if let Some(lines) = &mut call.lines {
        lines.retain(|line| line.end_s < LENGTH_S - 1.0);
    }
    call.duration_s = Some(LENGTH_S);
    call
}

fn hindi_call() -> CallSpec {
    let mut call = spec(
        HINDI_CALL,
        123,
        Scenario::PaymentReminder,
        TimeUnit::Millis,
        0x7133_0005,
    );
    call.contact_number = Some("+919812345678".to_owned());
    call.start_ms = NEWEST_START_MS - 5 * 3_600_000;
    call.recording = Some(WavFormat::ALAW_8K);
    call.agent_pitch_hz = 210.0;
    call.customer_pitch_hz = 120.0;
    call.results = Some(json!({
        "intent": "payment_confirmed",
        "sentiment": "positive",
        "promise_to_pay": true,
        "extracted": { "amount_due": 4500.0, "currency": "INR", "promised_date": "2026-03-22", "payment_mode": "UPI" },
    }));
    speak(call, Language::Hindi, &fills("राहुल", "4500", "22 मार्च"), 1)
}

fn failed_call() -> CallSpec {
    let mut call = spec(
        FAILED_CALL,
        123,
        Scenario::PaymentReminder,
        TimeUnit::Millis,
        0x7133_0006,
    );
    call.status = "failed";
    call.failure_reason = Some("SIP 503 Service Unavailable from carrier");
    call.contact_number = Some("+919900112233".to_owned());
    call.start_ms = NEWEST_START_MS - 7 * 3_600_000;
    call.duration_s = Some(0.0);
    call.integer_duration = true;
    call
}

fn stereo_call() -> CallSpec {
    let mut call = spec(
        STEREO_CALL,
        608,
        Scenario::LeadQualification,
        TimeUnit::Seconds,
        0x7133_0007,
    );
    call.contact_number = Some("+919845012345".to_owned());
    call.start_ms = NEWEST_START_MS - 9 * 3_600_000;
    call.recording = Some(WavFormat::PCM_8K_STEREO);
    call.agent_pitch_hz = 112.0;
    call.customer_pitch_hz = 205.0;
    call.results = Some(
        json!({ "intent": "interested", "sentiment": "neutral", "lead_score": 0.64, "qualified": false }),
    );
    speak(
        call,
        Language::English,
        &fills("Kavya", "3200", "March 21"),
        1,
    )
}

fn timing_call() -> CallSpec {
    let mut call = spec(
        TIMING_CALL,
        452,
        Scenario::Support,
        TimeUnit::Seconds,
        0x7133_0009,
    );
    call.contact_number = Some("+14155550199".to_owned());
    call.start_ms = NEWEST_START_MS - 10 * 3_600_000;
    call.recording = Some(WavFormat::PCM_8K_STEREO);
    call.agent_pitch_hz = 118.0;
    call.customer_pitch_hz = 210.0;
    call.results = Some(json!({ "intent": "account_unlocked", "sentiment": "neutral" }));
    let mut call = speak(call, Language::English, &fills("Dana", "0", "March 20"), 1);
    // The script's words, at the times above rather than laid out evenly.
    if let Some(lines) = call.lines.as_mut() {
        lines.truncate(TIMING_CALL_TURNS.len());
        for (line, (_, start_s, end_s)) in lines.iter_mut().zip(TIMING_CALL_TURNS) {
            line.start_s = start_s;
            line.end_s = end_s;
        }
    }
    call.duration_s = Some(34.2);
    call
}
