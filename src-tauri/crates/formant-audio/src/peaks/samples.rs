//! Conversion of each supported WAV sample encoding to the signed 16-bit values that BBC
//! audiowaveform computes its peaks from (it reads every integer format through libsndfile's
//! `sf_readf_short`, and floats through `sf_readf_float` scaled by 32767 and truncated).

use serde::{Deserialize, Serialize};

/// How one sample is stored in a WAV file's data chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleEncoding {
    /// Unsigned 8-bit PCM (128 is silence).
    U8,
    /// Signed 16-bit little-endian PCM.
    S16,
    /// Signed 24-bit little-endian PCM.
    S24,
    /// Signed 32-bit little-endian PCM.
    S32,
    /// IEEE float, 32 bits.
    F32,
    /// IEEE float, 64 bits.
    F64,
    /// G.711 mu-law (WAVE format tag 7).
    MuLaw,
    /// G.711 A-law (WAVE format tag 6).
    ALaw,
}

impl SampleEncoding {
    /// Bytes one sample of one channel occupies.
    pub fn bytes_per_sample(self) -> usize {
        match self {
            Self::U8 | Self::MuLaw | Self::ALaw => 1,
            Self::S16 => 2,
            Self::S24 => 3,
            Self::S32 | Self::F32 => 4,
            Self::F64 => 8,
        }
    }
}

/// libsndfile's unsigned 8-bit conversion: `(x - 0x80) << 8`.
#[inline(always)]
pub(crate) fn u8_to_i16(b: [u8; 1]) -> i16 {
    (i16::from(b[0]) - 128) << 8
}

#[inline(always)]
pub(crate) fn s16_to_i16(b: [u8; 2]) -> i16 {
    i16::from_le_bytes(b)
}

/// 24- and 32-bit samples keep their two most significant bytes (an arithmetic shift, as in
/// libsndfile), so no rounding happens.
#[inline(always)]
pub(crate) fn s24_to_i16(b: [u8; 3]) -> i16 {
    i16::from_le_bytes([b[1], b[2]])
}

#[inline(always)]
pub(crate) fn s32_to_i16(b: [u8; 4]) -> i16 {
    i16::from_le_bytes([b[2], b[3]])
}

/// audiowaveform multiplies by 32767 in single precision and truncates toward zero. Values
/// outside [-1, 1] saturate here, where C++'s cast would be undefined; NaN becomes 0.
#[inline(always)]
pub(crate) fn float_to_i16(f: f32) -> i16 {
    (f * 32767.0) as i16
}

#[inline(always)]
pub(crate) fn f32_to_i16(b: [u8; 4]) -> i16 {
    float_to_i16(f32::from_le_bytes(b))
}

/// libsndfile hands doubles to audiowaveform as floats, so narrow first.
#[inline(always)]
pub(crate) fn f64_to_i16(b: [u8; 8]) -> i16 {
    float_to_i16(f64::from_le_bytes(b) as f32)
}

#[inline(always)]
pub(crate) fn mulaw_to_i16(b: [u8; 1]) -> i16 {
    MULAW_TO_I16[usize::from(b[0])]
}

#[inline(always)]
pub(crate) fn alaw_to_i16(b: [u8; 1]) -> i16 {
    ALAW_TO_I16[usize::from(b[0])]
}

/// The G.711 expansion tables (same values as libsndfile's `ulaw_decode`/`alaw_decode`).
pub(crate) static MULAW_TO_I16: [i16; 256] = build_table(Law::Mu, false);
pub(crate) static ALAW_TO_I16: [i16; 256] = build_table(Law::A, false);

#[derive(Clone, Copy)]
enum Law {
    Mu,
    A,
}

/// Indexed by the byte, or by its key when `by_key` (const fns cannot take fn pointers).
const fn build_table(law: Law, by_key: bool) -> [i16; 256] {
    let mut table = [0i16; 256];
    let mut i = 0;
    while i < 256 {
        let byte = i as u8;
        let (key, value) = match law {
            Law::Mu => (mulaw_key_const(byte), mulaw_expand(byte)),
            Law::A => (alaw_key_const(byte), alaw_expand(byte)),
        };
        table[if by_key { key as usize } else { i }] = value;
        i += 1;
    }
    table
}

const fn mulaw_expand(byte: u8) -> i16 {
    let u = !byte;
    let magnitude = ((((u & 0x0F) as i32) << 3) + 0x84) << ((u & 0x70) >> 4);
    if u & 0x80 != 0 {
        (0x84 - magnitude) as i16
    } else {
        (magnitude - 0x84) as i16
    }
}

const fn alaw_expand(byte: u8) -> i16 {
    let a = byte ^ 0x55;
    let mut magnitude = ((a & 0x0F) as i32) << 4;
    let segment = (a & 0x70) >> 4;
    match segment {
        0 => magnitude += 8,
        1 => magnitude += 0x108,
        _ => magnitude = (magnitude + 0x108) << (segment - 1),
    }
    if a & 0x80 != 0 {
        magnitude as i16
    } else {
        -magnitude as i16
    }
}

/// For 8-bit encodings an order-preserving byte "key" lets the min/max run on raw bytes (16 or
/// more per SIMD instruction) and converts only the two winners. These keys sort exactly like
/// the decoded values.
#[inline(always)]
pub(crate) fn mulaw_key(b: u8) -> u8 {
    mulaw_key_const(b)
}

#[inline(always)]
pub(crate) fn alaw_key(b: u8) -> u8 {
    alaw_key_const(b)
}

/// Value of each key, for turning a winning key back into a sample.
pub(crate) static MULAW_KEY_TO_I16: [i16; 256] = build_table(Law::Mu, true);
pub(crate) static ALAW_KEY_TO_I16: [i16; 256] = build_table(Law::A, true);

/// 0x00..=0x7F decode to -32124..=0 (rising), 0x80..=0xFF to 32124..=0 (falling).
const fn mulaw_key_const(b: u8) -> u8 {
    b ^ (((b as i8) >> 7) as u8 & 0x7F)
}

/// After the 0x55 toggle the top bit is the sign (set = positive), the rest a magnitude.
const fn alaw_key_const(b: u8) -> u8 {
    let a = b ^ 0x55;
    a ^ (!((a as i8) >> 7) as u8 & 0x7F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_tables_match_the_standard_endpoints() {
        assert_eq!(MULAW_TO_I16[0x00], -32124);
        assert_eq!(MULAW_TO_I16[0x80], 32124);
        assert_eq!(MULAW_TO_I16[0xFF], 0);
        assert_eq!(MULAW_TO_I16[0x7F], 0);
        assert_eq!(ALAW_TO_I16[0x55], -8);
        assert_eq!(ALAW_TO_I16[0xD5], 8);
        assert_eq!(ALAW_TO_I16[0x00], -5504);
        assert_eq!(ALAW_TO_I16[0x2A], -32256);
        assert_eq!(ALAW_TO_I16[0xAA], 32256);
    }

    #[test]
    fn byte_keys_sort_like_the_decoded_values() {
        for (key, table) in [
            (mulaw_key as fn(u8) -> u8, &MULAW_TO_I16),
            (alaw_key as fn(u8) -> u8, &ALAW_TO_I16),
        ] {
            for a in 0..=255u8 {
                for b in 0..=255u8 {
                    let (va, vb) = (table[usize::from(a)], table[usize::from(b)]);
                    if va < vb {
                        assert!(key(a) < key(b), "{a:#x} {b:#x}");
                    }
                }
            }
        }
        for b in 0..=255u8 {
            assert_eq!(
                MULAW_KEY_TO_I16[usize::from(mulaw_key(b))],
                MULAW_TO_I16[usize::from(b)]
            );
            assert_eq!(
                ALAW_KEY_TO_I16[usize::from(alaw_key(b))],
                ALAW_TO_I16[usize::from(b)]
            );
        }
    }

    #[test]
    fn pcm_conversions_follow_libsndfile() {
        assert_eq!(u8_to_i16([0]), -32768);
        assert_eq!(u8_to_i16([255]), 32512);
        assert_eq!(s24_to_i16([0xFF, 0xFF, 0xFF]), -1);
        assert_eq!(s32_to_i16([0, 0, 0, 0x80]), -32768);
        assert_eq!(f32_to_i16(1.0f32.to_le_bytes()), 32767);
        assert_eq!(f32_to_i16((-0.99999f32).to_le_bytes()), -32766);
        assert_eq!(f32_to_i16(2.0f32.to_le_bytes()), 32767);
        assert_eq!(f64_to_i16(0.5f64.to_le_bytes()), 16383);
    }
}
