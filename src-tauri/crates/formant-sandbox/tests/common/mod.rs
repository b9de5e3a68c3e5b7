//! Helpers shared by the integration tests: a running sandbox, a client, a WAV reader.
#![allow(dead_code)] // each test binary uses a different subset

use formant_sandbox::{Sandbox, SandboxOptions};
use serde_json::Value;

pub async fn start() -> Sandbox {
    start_with(SandboxOptions::default()).await
}

pub async fn start_with(opts: SandboxOptions) -> Sandbox {
    Sandbox::start(opts).await.expect("sandbox starts")
}

pub fn client() -> reqwest::Client {
    reqwest::Client::new()
}

pub async fn get(sandbox: &Sandbox, path: &str) -> reqwest::Response {
    client()
        .get(format!("{}{path}", sandbox.base_url()))
        .bearer_auth(sandbox.api_key())
        .send()
        .await
        .expect("request is answered")
}

pub async fn get_json(sandbox: &Sandbox, path: &str) -> (u16, Value) {
    let response = get(sandbox, path).await;
    let status = response.status().as_u16();
    (status, response.json().await.expect("body is JSON"))
}

/// Asserts an ErrorResponse body of the given type.
pub fn assert_error(body: &Value, kind: &str) {
    assert_eq!(body["error"]["type"], kind, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

/// The fields of a WAV header this project's recordings use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WavInfo {
    pub format_tag: u16,
    pub channels: u16,
    pub sample_rate: u32,
    pub bits: u16,
    pub data_offset: usize,
    pub data_len: usize,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Parses a RIFF/WAVE file's chunks, checking the sizes it declares against the bytes.
pub fn parse_wav(bytes: &[u8]) -> WavInfo {
    assert_eq!(&bytes[0..4], b"RIFF");
    assert_eq!(u32_at(bytes, 4) as usize, bytes.len() - 8, "RIFF size");
    assert_eq!(&bytes[8..12], b"WAVE");
    let mut at = 12;
    let mut fmt = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let len = u32_at(bytes, at + 4) as usize;
        let body = at + 8;
        if id == b"fmt " {
            fmt = Some((
                u16_at(bytes, body),
                u16_at(bytes, body + 2),
                u32_at(bytes, body + 4),
                u16_at(bytes, body + 14),
            ));
            let block_align = u16_at(bytes, body + 12);
            assert_eq!(
                block_align,
                u16_at(bytes, body + 2) * u16_at(bytes, body + 14) / 8
            );
            assert_eq!(
                u32_at(bytes, body + 8),
                u32_at(bytes, body + 4) * u32::from(block_align)
            );
        } else if id == b"data" {
            let (format_tag, channels, sample_rate, bits) = fmt.expect("fmt before data");
            assert_eq!(body + len, bytes.len(), "data chunk fills the file");
            return WavInfo {
                format_tag,
                channels,
                sample_rate,
                bits,
                data_offset: body,
                data_len: len,
            };
        }
        at = body + len + (len & 1);
    }
    panic!("no data chunk");
}

/// Decodes the data chunk to samples in [-1, 1], interleaved. Written independently of the
/// server's encoder (textbook G.711 expansion) so the two check each other.
pub fn decode(bytes: &[u8], info: &WavInfo) -> Vec<f32> {
    let data = &bytes[info.data_offset..info.data_offset + info.data_len];
    match info.format_tag {
        1 => data
            .chunks_exact(2)
            .map(|p| f32::from(i16::from_le_bytes([p[0], p[1]])) / 32768.0)
            .collect(),
        7 => data
            .iter()
            .map(|&c| f32::from(mulaw(c)) / 32768.0)
            .collect(),
        6 => data.iter().map(|&c| f32::from(alaw(c)) / 32768.0).collect(),
        other => panic!("unexpected format tag {other}"),
    }
}

fn mulaw(code: u8) -> i16 {
    let c = !code;
    let exponent = (c >> 4) & 7;
    let mantissa = i32::from(c & 0x0F);
    let magnitude = ((2 * mantissa + 33) << exponent) - 33; // in 14-bit units
    let value = (magnitude << 2) as i16;
    if c & 0x80 != 0 {
        -value
    } else {
        value
    }
}

fn alaw(code: u8) -> i16 {
    let c = code ^ 0x55;
    let exponent = (c >> 4) & 7;
    let mantissa = i32::from(c & 0x0F);
    let magnitude = if exponent == 0 {
        (mantissa << 4) + 8
    } else {
        ((mantissa << 4) + 0x108) << (exponent - 1)
    };
    if c & 0x80 != 0 {
        magnitude as i16
    } else {
        -(magnitude as i16)
    }
}

pub fn rms(samples: impl Iterator<Item = f32>) -> f32 {
    let (sum, n) = samples.fold((0.0f64, 0usize), |(s, n), x| {
        (s + f64::from(x) * f64::from(x), n + 1)
    });
    (sum / n.max(1) as f64).sqrt() as f32
}
