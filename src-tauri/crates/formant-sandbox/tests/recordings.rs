//! Recordings: real WAV files in every encoding, as long as the call, speech where the
//! transcript says, silence between, identical on every download.

mod common;

use common::{decode, get, get_json, parse_wav, rms, start, WavInfo};
use formant_sandbox::{conversations, known, Sandbox};
use serde_json::Value;

async fn download(sandbox: &Sandbox, id: &str) -> (Vec<u8>, WavInfo) {
    let response = get(sandbox, &format!("/v1/conversations/{id}/recording")).await;
    assert_eq!(response.status(), 200, "{id}");
    assert_eq!(response.headers()["content-type"], "audio/wav");
    let promised = response.content_length().expect("Content-Length");
    let bytes = response.bytes().await.expect("body").to_vec();
    assert_eq!(bytes.len() as u64, promised);
    let info = parse_wav(&bytes);
    (bytes, info)
}

async fn record(sandbox: &Sandbox, id: &str) -> Value {
    get_json(sandbox, &format!("/v1/conversations/{id}"))
        .await
        .1["data"]
        .clone()
}

fn assert_length_matches(record: &Value, info: &WavInfo) {
    let duration = record["duration_seconds"].as_f64().expect("duration");
    let frames = info.data_len / usize::from(info.channels * info.bits / 8);
    let seconds = frames as f64 / f64::from(info.sample_rate);
    assert!(
        (seconds - duration).abs() < 0.001,
        "{seconds} s vs {duration} s"
    );
}

/// Turn spans in seconds from a timed transcript, whatever unit the record uses.
fn turns(record: &Value) -> Vec<(String, f64, f64)> {
    let millis = record["start_timestamp"]
        .as_i64()
        .is_some_and(|s| s > 100_000_000_000);
    let scale = if millis { 1000.0 } else { 1.0 };
    record["transcript"]
        .as_array()
        .expect("transcript")
        .iter()
        .map(|t| {
            let time = |k: &str| t[k].as_f64().expect("timed turn") / scale;
            (
                t["speaker"].as_str().expect("speaker").to_owned(),
                time("start_time"),
                time("end_time"),
            )
        })
        .collect()
}

/// RMS of one channel between two times.
fn window(samples: &[f32], info: &WavInfo, channel: usize, from: f64, to: f64) -> f32 {
    let ch = usize::from(info.channels);
    let rate = f64::from(info.sample_rate);
    let (a, b) = ((from * rate) as usize, (to * rate) as usize);
    rms(samples[a * ch..b * ch]
        .iter()
        .skip(channel)
        .step_by(ch)
        .copied())
}

fn assert_speech_follows_turns(
    samples: &[f32],
    info: &WavInfo,
    turns: &[(String, f64, f64)],
    channel_of: impl Fn(&str) -> usize,
) {
    for (speaker, start, end) in turns {
        let level = window(samples, info, channel_of(speaker), start + 0.1, end - 0.1);
        assert!(level > 0.03, "{speaker} {start}-{end}: rms {level}");
    }
    for pair in turns.windows(2) {
        let (gap_start, gap_end) = (pair[0].2, pair[1].1);
        if gap_end - gap_start > 0.25 {
            for channel in 0..usize::from(info.channels) {
                let level = window(samples, info, channel, gap_start + 0.05, gap_end - 0.05);
                assert!(level < 0.005, "gap {gap_start}-{gap_end}: rms {level}");
            }
        }
    }
}

#[tokio::test]
async fn timed_call_is_16k_pcm_with_speech_exactly_in_its_turns() {
    let sandbox = start().await;
    let (bytes, info) = download(&sandbox, known::TIMED_CALL).await;
    assert_eq!(
        (info.format_tag, info.sample_rate, info.channels, info.bits),
        (1, 16_000, 1, 16)
    );
    let reader = hound::WavReader::new(std::io::Cursor::new(&bytes)).expect("hound reads it");
    assert_eq!(reader.spec().sample_rate, 16_000);
    assert_eq!(reader.duration(), 3_931_200); // 245.7 s
    let record = record(&sandbox, known::TIMED_CALL).await;
    assert_length_matches(&record, &info);
    let samples = decode(&bytes, &info);
    assert_speech_follows_turns(&samples, &info, &turns(&record), |_| 0);
    assert!(
        window(&samples, &info, 0, 12.2, 240.0) < 0.005,
        "silence after the last turn"
    );
}

#[tokio::test]
async fn hindi_call_is_alaw_and_lines_up_with_ms_turns() {
    let sandbox = start().await;
    let (bytes, info) = download(&sandbox, known::HINDI_CALL).await;
    assert_eq!(
        (info.format_tag, info.sample_rate, info.channels, info.bits),
        (6, 8_000, 1, 8)
    );
    assert_eq!(info.data_offset, 46);
    let record = record(&sandbox, known::HINDI_CALL).await;
    assert_length_matches(&record, &info);
    let turns = turns(&record);
    assert!(turns.len() >= 6);
    assert_speech_follows_turns(&decode(&bytes, &info), &info, &turns, |_| 0);
}

#[tokio::test]
async fn stereo_call_puts_agent_left_and_customer_right() {
    let sandbox = start().await;
    let (bytes, info) = download(&sandbox, known::STEREO_CALL).await;
    assert_eq!(
        (info.format_tag, info.sample_rate, info.channels, info.bits),
        (1, 8_000, 2, 16)
    );
    let spec = hound::WavReader::new(std::io::Cursor::new(&bytes))
        .expect("hound reads it")
        .spec();
    assert_eq!(spec.channels, 2);
    let record = record(&sandbox, known::STEREO_CALL).await;
    assert_length_matches(&record, &info);
    let turns = turns(&record);
    let samples = decode(&bytes, &info);
    assert_speech_follows_turns(&samples, &info, &turns, |speaker| {
        usize::from(speaker != "agent")
    });
    for (speaker, start, end) in &turns {
        let other = usize::from(speaker == "agent");
        assert!(
            window(&samples, &info, other, start + 0.1, end - 0.1) < 0.005,
            "{speaker} leaks"
        );
    }
}

#[tokio::test]
async fn long_call_streams_over_30_minutes_of_mulaw() {
    let sandbox = start().await;
    let response = get(
        &sandbox,
        &format!("/v1/conversations/{}/recording", known::LONG_CALL),
    )
    .await;
    let promised = response.content_length().expect("Content-Length");
    let mut response = response;
    let first = response
        .chunk()
        .await
        .expect("first chunk")
        .expect("some bytes");
    assert!(
        first.len() < 100_000,
        "the file is streamed, not sent in one piece"
    );
    let mut received = first.len() as u64;
    let mut head = first.to_vec();
    while let Some(chunk) = response.chunk().await.expect("chunk") {
        received += chunk.len() as u64;
        if head.len() < 46 {
            head.extend_from_slice(&chunk);
        }
    }
    assert_eq!(received, promised);
    assert_eq!(u16::from_le_bytes([head[20], head[21]]), 7, "mu-law");
    let record = record(&sandbox, known::LONG_CALL).await;
    let duration = record["duration_seconds"].as_f64().expect("duration");
    assert!(duration > 1800.0);
    assert_eq!(promised, 46 + (duration * 8000.0).round() as u64);
}

#[tokio::test]
async fn every_encoding_is_served_with_a_valid_header() {
    let sandbox = start().await;
    let mut seen = std::collections::BTreeSet::new();
    for record in conversations() {
        let id = record["conversation_id"].as_str().expect("id");
        let mut response = get(&sandbox, &format!("/v1/conversations/{id}/recording")).await;
        if response.status() == 404 {
            continue;
        }
        let head = response.chunk().await.expect("chunk").expect("header");
        let format = (
            u16::from_le_bytes([head[20], head[21]]),
            u32::from_le_bytes([head[24], head[25], head[26], head[27]]),
            u16::from_le_bytes([head[22], head[23]]),
        );
        if seen.insert(format) {
            drop(response);
            let (_, info) = download(&sandbox, id).await;
            assert_length_matches(record, &info);
        }
        if seen.len() == 5 {
            break;
        }
    }
    let expected = [
        (1, 8_000, 2),
        (1, 16_000, 1),
        (1, 48_000, 1),
        (6, 8_000, 1),
        (7, 8_000, 1),
    ];
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), expected);
}

#[tokio::test]
async fn downloads_are_identical_every_time() {
    let sandbox = start().await;
    let (first, _) = download(&sandbox, known::ROLE_MESSAGE_CALL).await;
    let (second, _) = download(&sandbox, known::ROLE_MESSAGE_CALL).await;
    assert!(first == second, "same bytes twice");
    let other = start().await;
    let (third, _) = download(&other, known::ROLE_MESSAGE_CALL).await;
    assert!(first == third, "same bytes from another server");
}

#[tokio::test]
async fn calls_without_recordings_are_404_recording_not_found() {
    let sandbox = start().await;
    for id in [known::NO_RECORDING_CALL, known::FAILED_CALL] {
        let (status, body) = get_json(&sandbox, &format!("/v1/conversations/{id}/recording")).await;
        assert_eq!(status, 404);
        assert_eq!(
            body,
            serde_json::json!({ "error": { "message": "Recording not found", "type": "not_found" } })
        );
    }
    let (status, body) = get_json(&sandbox, "/v1/conversations/nope/recording").await;
    assert_eq!(status, 404);
    common::assert_error(&body, "not_found");
}
