//! The generated part of the sample data: a seeded PRNG, so every run sends the same calls.

use rand::seq::IndexedRandom;
use rand::Rng;
use rand_pcg::Pcg64Mcg;
use serde_json::{json, Value};

use super::call::{CallSpec, Line, TimeUnit, TranscriptShape};
use super::scripts::{self, Language, Scenario};
use super::timing::{Pace, DRAWN_GAP_S};
use crate::audio::plan::Side;
use crate::audio::wav_format::WavFormat;

/// The newest calls start shortly before this instant (epoch ms, 2026-03-18), the time of the
/// list page's example, so the data looks recent but never changes between runs.
pub(crate) const NEWEST_START_MS: i64 = 1_773_867_201_766;
const DAY_MS: i64 = 86_400_000;

/// An agent of the sample account: its id, what it calls about, and its voice's pitch.
pub(crate) struct AgentProfile {
    pub id: i64,
    pub scenario: Scenario,
    pub india: bool,
    pub pitch_hz: f32,
}

pub(crate) const AGENTS: [AgentProfile; 5] = [
    AgentProfile {
        id: 123,
        scenario: Scenario::PaymentReminder,
        india: true,
        pitch_hz: 210.0,
    },
    AgentProfile {
        id: 452,
        scenario: Scenario::Support,
        india: false,
        pitch_hz: 195.0,
    },
    AgentProfile {
        id: 301,
        scenario: Scenario::Appointment,
        india: false,
        pitch_hz: 118.0,
    },
    AgentProfile {
        id: 517,
        scenario: Scenario::Delivery,
        india: true,
        pitch_hz: 220.0,
    },
    AgentProfile {
        id: 608,
        scenario: Scenario::LeadQualification,
        india: true,
        pitch_hz: 112.0,
    },
];

/// Statuses with their weights and the failure reasons seen with them.
const STATUSES: &[(&str, u32, &[&str])] = &[
    ("completed", 62, &[]),
    (
        "failed",
        7,
        &[
            "SIP 503 Service Unavailable from carrier",
            "LLM provider timeout after 30s",
            "Agent configuration error: voice 'meera-v2' is not available in this region",
        ],
    ),
    ("busy", 8, &["SIP 486 Busy Here"]),
    (
        "no_answer",
        10,
        &["No answer within 45s (SIP 480 Temporarily Unavailable)"],
    ),
    (
        "socket_failure",
        5,
        &[
            "WebSocket closed 1006 during stream",
            "Media stream timeout: no audio frames received for 10s",
        ],
    ),
    (
        "telephony_failed",
        4,
        &[
            "SIP 503 from carrier after 180 Ringing",
            "Carrier rejected call: SIP 403 Forbidden",
        ],
    ),
    (
        "unreachable",
        4,
        &[
            "SIP 404 Not Found: number not in service",
            "Invalid destination number format",
        ],
    ),
];

/// Generates `count` calls, deterministically, from one generator: call `i` depends on every
/// call before it, so this suits the small default account (whose calls tests pin), not
/// random access; see [`super::tail`] for that.
pub(crate) fn generated_calls(count: usize) -> Vec<CallSpec> {
    let mut rng = Pcg64Mcg::new(0x466f_726d_616e_7444_6573_6b53_616e_6462);
    (0..count as u64)
        .map(|index| {
            let agent = &AGENTS[rng.random_range(0..AGENTS.len())];
            generated_call(index, agent, index % 53 != 7, &mut rng)
        })
        .collect()
}

/// One call of `agent` (its `agent_id` sent as null unless `agent_shown`), drawn from `rng`;
/// `index` decides the rare odd fields and seeds its recording.
pub(crate) fn generated_call(
    index: u64,
    agent: &AgentProfile,
    agent_shown: bool,
    rng: &mut Pcg64Mcg,
) -> CallSpec {
    let (status, failure_reason) = pick_status(rng);
    let language = match (agent.scenario, rng.random_range(0..10)) {
        (Scenario::PaymentReminder, 0..=3) => Language::Hindi,
        (Scenario::Delivery, 0..=1) => Language::Tamil,
        _ => Language::English,
    };
    let unit = if rng.random_range(0..100) < 85 {
        TimeUnit::Millis
    } else {
        TimeUnit::Seconds
    };
    let connected = matches!(status, "completed" | "socket_failure");
    let lines = connected.then(|| {
        let script = scripts::script(agent.scenario, language);
        let mut spoken = script.len();
        if status == "socket_failure" {
            spoken = rng.random_range(2..=4).min(spoken);
        }
        let fills = Fills::pick(rng, agent, language);
        let texts: Vec<(Side, String)> = script[..spoken]
            .iter()
            .map(|(side, text)| (*side, fills.apply(text)))
            .collect();
        let sides: Vec<Side> = texts.iter().map(|(side, _)| *side).collect();
        let lengths: Vec<f64> = texts.iter().map(|(_, text)| speaking_s(text)).collect();
        let pace = Pace::for_call(index, &sides, &lengths);
        let lines = lay_out(&texts, unit, &pace, rng);
        (pace.planned(&lines), lines)
    });
    let (timing, lines) = match lines {
        Some((timing, lines)) => (timing, Some(lines)),
        None => (None, None),
    };
    let duration_s = match &lines {
        Some(lines) => Some(call_length(lines, rng)),
        // Calls that never connected: zero, or null when the carrier reported nothing.
        None if rng.random_range(0..4) == 0 => None,
        None => Some(0.0),
    };
    let integer_duration = duration_s.is_some_and(|d| d.fract() == 0.0);
    let has_recording = match status {
        "completed" => rng.random_range(0..100) >= 8,
        "socket_failure" => rng.random_range(0..100) >= 30,
        _ => false,
    };
    let recording = has_recording.then(|| pick_format(rng, agent.india));
    let shape = if rng.random_range(0..4) == 0 {
        TranscriptShape::RoleMessage
    } else {
        TranscriptShape::Timed
    };
    // A few records arrive with nulls, missing fields or fields the docs do not mention.
    let agent_id = agent_shown.then_some(agent.id);
    let absent_fields: &'static [&'static str] = match index % 41 {
        5 => &["trace_id"],
        17 if lines.is_none() => &["transcript", "results"],
        _ => &[],
    };
    let extra_field = (index % 37 == 11).then(|| {
        (
            "x_campaign",
            json!({ "id": format!("cmp_{}", index.saturating_add(1000)), "batch": index / 50 }),
        )
    });
    let contact_number = (index % 61 != 13).then(|| phone_number(rng, agent.india));
    CallSpec {
        id: conversation_id(rng),
        agent_id,
        contact_number,
        status,
        failure_reason,
        start_ms: NEWEST_START_MS - rng.random_range(0..75 * DAY_MS),
        unit,
        results: lines
            .as_ref()
            .map(|_| results_for(agent.scenario, status, rng)),
        lines: lines.or_else(|| (rng.random_range(0..2) == 0).then(Vec::new)),
        duration_s,
        integer_duration,
        shape,
        trace_id: Some(trace_id(rng)),
        recording,
        language,
        seed: index.wrapping_add(0x5eed_0000),
        agent_pitch_hz: agent.pitch_hz,
        customer_pitch_hz: rng.random_range(100.0..240.0),
        absent_fields,
        extra_field,
        scenario: agent.scenario,
        timing,
    }
}

fn pick_status(rng: &mut Pcg64Mcg) -> (&'static str, Option<&'static str>) {
    let total: u32 = STATUSES.iter().map(|(_, weight, _)| weight).sum();
    let mut roll = rng.random_range(0..total);
    for (status, weight, reasons) in STATUSES {
        if roll < *weight {
            return (status, reasons.choose(rng).copied());
        }
        roll -= weight;
    }
    ("completed", None)
}

fn pick_format(rng: &mut Pcg64Mcg, india: bool) -> WavFormat {
    match rng.random_range(0..100) {
        0..=34 if india => WavFormat::ALAW_8K,
        0..=34 => WavFormat::MULAW_8K,
        35..=59 => WavFormat::MULAW_8K,
        60..=74 => WavFormat::PCM_16K,
        75..=89 => WavFormat::PCM_8K_STEREO,
        _ => WavFormat::PCM_48K,
    }
}

/// Per-call values the script's placeholders take.
pub(crate) struct Fills {
    pub name: String,
    pub amount: String,
    pub date: String,
}

impl Fills {
    fn pick(rng: &mut Pcg64Mcg, agent: &AgentProfile, language: Language) -> Fills {
        let names = match language {
            Language::Hindi => scripts::HINDI_NAMES,
            Language::Tamil => scripts::TAMIL_NAMES,
            Language::English if agent.india => scripts::INDIAN_NAMES,
            Language::English => scripts::US_NAMES,
        };
        let name = names.choose(rng).copied().unwrap_or("there");
        Fills {
            name: name.split(' ').next().unwrap_or(name).to_owned(),
            amount: format!("{}", rng.random_range(12..90) * 100),
            date: format!("March {}", rng.random_range(19..29)),
        }
    }

    pub(crate) fn apply(&self, text: &str) -> String {
        text.replace("{name}", &self.name)
            .replace("{amount}", &self.amount)
            .replace("{date}", &self.date)
    }
}

/// How long a line takes to say, before the ±10 % a layout adds: about 14 characters a
/// second, as a calm phone voice speaks.
pub(crate) fn speaking_s(text: &str) -> f64 {
    (text.chars().count() as f64 / 14.0).clamp(0.8, 12.0)
}

/// Places lines one after another with the gaps `pace` gives (an overlap where it says so);
/// times are rounded to the record's unit (whole ms, or 1/100 s) so the transcript and the
/// recording agree exactly. `rng` draws the same values whatever the pace.
pub(crate) fn lay_out(
    texts: &[(Side, String)],
    unit: TimeUnit,
    pace: &Pace,
    rng: &mut Pcg64Mcg,
) -> Vec<Line> {
    let round = |s: f64| match unit {
        TimeUnit::Millis => (s * 1000.0).round() / 1000.0,
        TimeUnit::Seconds => (s * 100.0).round() / 100.0,
    };
    let mut clock = rng.random_range(0.4..1.2);
    // Where the speech so far ends: after a barge-in, the turn that was talked over may end
    // after the one that started over it.
    let mut latest_end: f64 = 0.0;
    texts
        .iter()
        .enumerate()
        .map(|(i, (side, text))| {
            let start_s = round(clock);
            let end_s = round(clock + speaking_s(text) * rng.random_range(0.9..1.1));
            latest_end = latest_end.max(end_s);
            let gap = pace.gap_before(i + 1, rng.random_range(DRAWN_GAP_S.0..DRAWN_GAP_S.1));
            clock = if gap < 0.0 { end_s } else { latest_end } + gap;
            Line {
                side: *side,
                text: text.clone(),
                start_s,
                end_s,
            }
        })
        .collect()
}

/// Call length: the last turn plus the hang-up, sometimes whole seconds as some carriers report.
pub(crate) fn call_length(lines: &[Line], rng: &mut Pcg64Mcg) -> f64 {
    let last = lines.last().map_or(0.0, |line| line.end_s);
    let length = last + rng.random_range(0.6..2.5);
    if rng.random_range(0..2) == 0 {
        length.ceil()
    } else {
        (length * 10.0).round() / 10.0
    }
}

fn results_for(scenario: Scenario, status: &str, rng: &mut Pcg64Mcg) -> Value {
    let sentiment = *["positive", "neutral", "negative"]
        .choose(rng)
        .unwrap_or(&"neutral");
    let confidence = f64::from(rng.random_range(55..99)) / 100.0;
    let complete = status == "completed";
    match scenario {
        Scenario::PaymentReminder => json!({
            "intent": if complete { "payment_confirmed" } else { "call_dropped" },
            "sentiment": sentiment,
            "promise_to_pay": complete,
            "extracted": {
                "amount_due": f64::from(rng.random_range(1200..9000)),
                "currency": "INR",
                "promised_date": format!("2026-03-{}", rng.random_range(19..29)),
                "payment_mode": "UPI",
            },
        }),
        Scenario::Support => json!({
            "call_quality": *["excellent", "good", "fair"].choose(rng).unwrap_or(&"good"),
            "sentiment_analysis": { "overall_sentiment": sentiment, "confidence": confidence },
            "issue_category": "account_access",
            "resolved": complete,
            "topics": ["login", "password_reset"],
        }),
        Scenario::Appointment => json!({
            "intent": if complete { "appointment_booked" } else { "incomplete" },
            "sentiment": sentiment,
            "appointment": { "time": "14:30", "location": "Market Street office", "provider": null },
            "reminders": ["sms", "email"],
        }),
        Scenario::Delivery => json!({
            "intent": "delivery_rescheduled",
            "sentiment": sentiment,
            "address_confirmed": complete,
            "delivery_window": { "from": "18:00", "to": "20:00" },
        }),
        Scenario::LeadQualification => json!({
            "intent": "interested",
            "sentiment": sentiment,
            "lead_score": confidence,
            "qualified": complete && confidence > 0.7,
            "products": ["rooftop_solar_5kw"],
            "follow_up": { "channel": "email", "within_hours": 24 },
            "budget": null,
        }),
    }
}

fn phone_number(rng: &mut Pcg64Mcg, india: bool) -> String {
    if india {
        format!(
            "+91{}{:09}",
            rng.random_range(6..10),
            rng.random_range(0..1_000_000_000u64)
        )
    } else {
        let area = *["415", "212", "646", "312", "206"]
            .choose(rng)
            .unwrap_or(&"415");
        format!("+1{area}555{:04}", rng.random_range(0..10_000))
    }
}

fn conversation_id(rng: &mut Pcg64Mcg) -> String {
    let id = uuid_like(rng);
    // Retried calls carry the attempt number after the id.
    match rng.random_range(0..20) {
        0 => format!("{id}_1"),
        1 => format!("{id}_2"),
        _ => id,
    }
}

fn trace_id(rng: &mut Pcg64Mcg) -> String {
    format!("trace-{}", uuid_like(rng))
}

fn uuid_like(rng: &mut Pcg64Mcg) -> String {
    let bits: u128 = rng.random();
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-4{}-a{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}
