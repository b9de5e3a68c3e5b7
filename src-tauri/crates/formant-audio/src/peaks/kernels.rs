//! Min/max kernels: fold a run of whole frames into per-channel minimum and maximum.
//!
//! The hot cases (mono, and stereo mixed to one channel) keep several independent lanes over
//! fixed-size chunks, with no branch per sample, so the compiler turns them into SIMD min/max.
//! Everything runs on an order-preserving "key" of each frame (the raw byte for 8-bit codes,
//! the sample, or the sum of a frame's samples) and converts only the winning keys, which is
//! exact because every conversion to audiowaveform's 16-bit values is monotonic.

use super::samples::*;
use super::SampleEncoding;

/// Fold `frames` (whole frames of `channels` interleaved samples) into `min`/`max`, which hold
/// one entry per output channel: one when mixing, `channels` when split.
pub(crate) type FoldFn = fn(frames: &[u8], channels: usize, min: &mut [i32], max: &mut [i32]);

/// Lanes per kernel: 32 keys keep two to four SSE registers busy without spilling.
const LANES: usize = 32;

/// The kernel for an input format and output layout.
pub(crate) fn select(encoding: SampleEncoding, channels: u16, split: bool) -> FoldFn {
    use SampleEncoding as E;
    match (encoding, channels, split) {
        (E::U8, 1, _) => |f, _, mn, mx| mono_bytes(f, mn, mx, |b| b, |k| u8_to_i16([k])),
        (E::MuLaw, 1, _) => {
            |f, _, mn, mx| mono_bytes(f, mn, mx, mulaw_key, |k| MULAW_KEY_TO_I16[usize::from(k)])
        }
        (E::ALaw, 1, _) => {
            |f, _, mn, mx| mono_bytes(f, mn, mx, alaw_key, |k| ALAW_KEY_TO_I16[usize::from(k)])
        }
        (E::S16, 1, _) => |f, _, mn, mx| mono(f, mn, mx, s16_to_i16),
        (E::S24, 1, _) => |f, _, mn, mx| mono(f, mn, mx, s24_to_i16),
        (E::S32, 1, _) => |f, _, mn, mx| mono(f, mn, mx, s32_to_i16),
        (E::F32, 1, _) => |f, _, mn, mx| float_frames::<1>(f, mn, mx),
        (E::F64, 1, _) => |f, _, mn, mx| mono(f, mn, mx, f64_to_i16),
        (E::S16, 2, false) => |f, _, mn, mx| stereo_mixed::<2, 4>(f, mn, mx, s16_to_i16),
        (E::F32, 2, false) => |f, _, mn, mx| float_frames::<2>(f, mn, mx),
        (E::U8, _, _) => |f, c, mn, mx| general(f, c, mn, mx, u8_to_i16),
        (E::MuLaw, _, _) => |f, c, mn, mx| general(f, c, mn, mx, mulaw_to_i16),
        (E::ALaw, _, _) => |f, c, mn, mx| general(f, c, mn, mx, alaw_to_i16),
        (E::S16, _, _) => |f, c, mn, mx| general(f, c, mn, mx, s16_to_i16),
        (E::S24, _, _) => |f, c, mn, mx| general(f, c, mn, mx, s24_to_i16),
        (E::S32, _, _) => |f, c, mn, mx| general(f, c, mn, mx, s32_to_i16),
        (E::F32, _, _) => |f, c, mn, mx| general(f, c, mn, mx, f32_to_i16),
        (E::F64, _, _) => |f, c, mn, mx| general(f, c, mn, mx, f64_to_i16),
    }
}

#[inline(always)]
fn array<const W: usize>(bytes: &[u8], at: usize) -> [u8; W] {
    std::array::from_fn(|i| bytes[at + i])
}

/// Min and max of `key(frame)` over all frames of `W` bytes, in `LANES` independent lanes.
/// The keys of a chunk are first computed into an array, then folded: written this way the
/// compiler loads whole vectors instead of assembling lanes byte by byte.
#[inline(always)]
fn lanes_min_max<const W: usize, K: Copy + Ord>(
    frames: &[u8],
    init_min: K,
    init_max: K,
    key: impl Fn([u8; W]) -> K,
) -> (K, K) {
    let mut mins = [init_min; LANES];
    let mut maxs = [init_max; LANES];
    let mut chunks = frames.chunks_exact(W * LANES);
    for chunk in &mut chunks {
        let mut keys = [init_min; LANES];
        for (k, frame) in keys.iter_mut().zip(chunk.chunks_exact(W)) {
            if let Ok(frame) = <[u8; W]>::try_from(frame) {
                *k = key(frame);
            }
        }
        for lane in 0..LANES {
            mins[lane] = mins[lane].min(keys[lane]);
            maxs[lane] = maxs[lane].max(keys[lane]);
        }
    }
    let mut lo = init_min;
    let mut hi = init_max;
    for frame in chunks.remainder().chunks_exact(W) {
        if let Ok(frame) = <[u8; W]>::try_from(frame) {
            let k = key(frame);
            lo = lo.min(k);
            hi = hi.max(k);
        }
    }
    // Halving tree: stays in vector registers, where a lane-by-lane loop would go scalar.
    let mut width = LANES / 2;
    while width > 0 {
        for lane in 0..width {
            mins[lane] = mins[lane].min(mins[lane + width]);
            maxs[lane] = maxs[lane].max(maxs[lane + width]);
        }
        width /= 2;
    }
    (lo.min(mins[0]), hi.max(maxs[0]))
}

#[inline(always)]
fn merge(mn: &mut [i32], mx: &mut [i32], lo: i32, hi: i32) {
    mn[0] = mn[0].min(lo);
    mx[0] = mx[0].max(hi);
}

/// Mono 8-bit codes: min/max over order-preserving byte keys, then decode the two winners.
#[inline(always)]
fn mono_bytes(
    frames: &[u8],
    mn: &mut [i32],
    mx: &mut [i32],
    key: impl Fn(u8) -> u8,
    value: impl Fn(u8) -> i16,
) {
    if frames.is_empty() {
        return;
    }
    let (lo, hi) = lanes_min_max::<1, u8>(frames, u8::MAX, u8::MIN, |b| key(b[0]));
    merge(mn, mx, i32::from(value(lo)), i32::from(value(hi)));
}

#[inline(always)]
fn mono<const W: usize>(
    frames: &[u8],
    mn: &mut [i32],
    mx: &mut [i32],
    decode: impl Fn([u8; W]) -> i16,
) {
    let (lo, hi) = lanes_min_max::<W, i16>(frames, i16::MAX, i16::MIN, decode);
    merge(mn, mx, i32::from(lo), i32::from(hi));
}

/// Two channels mixed as audiowaveform does: `(left + right) / 2`, truncated toward zero.
/// Truncating division is monotonic, so it is applied to the winning sums only.
#[inline(always)]
fn stereo_mixed<const W: usize, const FRAME: usize>(
    frames: &[u8],
    mn: &mut [i32],
    mx: &mut [i32],
    decode: impl Fn([u8; W]) -> i16,
) {
    if frames.is_empty() {
        return;
    }
    let (lo, hi) = lanes_min_max::<FRAME, i32>(frames, i32::MAX, i32::MIN, |f| {
        i32::from(decode(array::<W>(&f, 0))) + i32::from(decode(array::<W>(&f, W)))
    });
    merge(mn, mx, lo / 2, hi / 2);
}

/// Floats per chunk of [`float_frames`]: 8 SSE vectors, converted side by side.
const FLOATS: usize = 32;

/// 32-bit float frames of `CH` (1 or 2) channels, mixed to one. Every sample is converted
/// (the mix adds truncated values, so no key can stand in for the pair); the chunk's floats are
/// first collected into an array and converted together by the branchless
/// [`float_to_i16_wide`], so the conversion runs on whole vectors.
#[inline(always)]
fn float_frames<const CH: usize>(frames: &[u8], mn: &mut [i32], mx: &mut [i32]) {
    if frames.is_empty() {
        return;
    }
    let frames_per_chunk = FLOATS / CH;
    let mut mins = [i32::MAX; FLOATS];
    let mut maxs = [i32::MIN; FLOATS];
    let mut chunks = frames.chunks_exact(4 * FLOATS);
    for chunk in &mut chunks {
        let mut floats = [0f32; FLOATS];
        for (f, b) in floats.iter_mut().zip(chunk.chunks_exact(4)) {
            *f = f32::from_le_bytes(array::<4>(b, 0));
        }
        let values = floats.map(float_to_i16_wide);
        for lane in 0..frames_per_chunk {
            let mut sum = 0;
            for ch in 0..CH {
                sum += values[lane * CH + ch];
            }
            mins[lane] = mins[lane].min(sum);
            maxs[lane] = maxs[lane].max(sum);
        }
    }
    let mut lo = i32::MAX;
    let mut hi = i32::MIN;
    for lane in 0..frames_per_chunk {
        lo = lo.min(mins[lane]);
        hi = hi.max(maxs[lane]);
    }
    for frame in chunks.remainder().chunks_exact(4 * CH) {
        let sum: i32 = frame
            .chunks_exact(4)
            .map(|b| i32::from(f32_to_i16(array::<4>(b, 0))))
            .sum();
        lo = lo.min(sum);
        hi = hi.max(sum);
    }
    // Truncating division by the channel count is monotonic: dividing the winners is exact.
    let divisor = CH as i32;
    merge(mn, mx, lo / divisor, hi / divisor);
}

/// Any channel count, mixed (integer average truncated toward zero) or split.
#[inline(always)]
fn general<const W: usize>(
    frames: &[u8],
    channels: usize,
    mn: &mut [i32],
    mx: &mut [i32],
    decode: impl Fn([u8; W]) -> i16,
) {
    let frame_bytes = W * channels;
    if mn.len() == 1 {
        // Each frame's average is needed before its comparison, so sum per frame.
        let divisor = channels as i32;
        for frame in frames.chunks_exact(frame_bytes) {
            let sum: i32 = (0..channels)
                .map(|ch| i32::from(decode(array::<W>(frame, ch * W))))
                .sum();
            let v = sum / divisor;
            mn[0] = mn[0].min(v);
            mx[0] = mx[0].max(v);
        }
    } else {
        for frame in frames.chunks_exact(frame_bytes) {
            for ch in 0..channels {
                let v = i32::from(decode(array::<W>(frame, ch * W)));
                mn[ch] = mn[ch].min(v);
                mx[ch] = mx[ch].max(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(enc: SampleEncoding, channels: u16, split: bool, bytes: &[u8]) -> Vec<i32> {
        let outs = if split { usize::from(channels) } else { 1 };
        let mut mn = vec![i32::from(i16::MAX); outs];
        let mut mx = vec![i32::from(i16::MIN); outs];
        select(enc, channels, split)(bytes, usize::from(channels), &mut mn, &mut mx);
        mn.into_iter().zip(mx).flat_map(|(a, b)| [a, b]).collect()
    }

    #[test]
    fn fast_kernels_agree_with_the_general_one() {
        // 100 frames: more than one chunk of lanes plus a remainder.
        let bytes: Vec<u8> = (0..800u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        for enc in [
            SampleEncoding::U8,
            SampleEncoding::MuLaw,
            SampleEncoding::ALaw,
            SampleEncoding::S16,
            SampleEncoding::S24,
            SampleEncoding::S32,
            SampleEncoding::F64,
        ] {
            let w = enc.bytes_per_sample();
            let frames = &bytes[..w * 100];
            let mut mn = [i32::MAX];
            let mut mx = [i32::MIN];
            match enc {
                SampleEncoding::U8 => general(frames, 1, &mut mn, &mut mx, u8_to_i16),
                SampleEncoding::MuLaw => general(frames, 1, &mut mn, &mut mx, mulaw_to_i16),
                SampleEncoding::ALaw => general(frames, 1, &mut mn, &mut mx, alaw_to_i16),
                SampleEncoding::S16 => general(frames, 1, &mut mn, &mut mx, s16_to_i16),
                SampleEncoding::S24 => general(frames, 1, &mut mn, &mut mx, s24_to_i16),
                SampleEncoding::S32 => general(frames, 1, &mut mn, &mut mx, s32_to_i16),
                _ => general(frames, 1, &mut mn, &mut mx, f64_to_i16),
            }
            assert_eq!(fold(enc, 1, false, frames), vec![mn[0], mx[0]], "{enc:?}");
        }
        let frames = &bytes[..4 * 100];
        let mut mn = [i32::MAX];
        let mut mx = [i32::MIN];
        general(frames, 2, &mut mn, &mut mx, s16_to_i16);
        assert_eq!(
            fold(SampleEncoding::S16, 2, false, frames),
            vec![mn[0], mx[0]]
        );
    }

    #[test]
    fn float_kernels_agree_with_the_general_one() {
        // Random bit patterns (NaN, infinities, huge and tiny values) and audio-like values,
        // 203 frames: several chunks plus a remainder for mono and for stereo.
        let random: Vec<u8> = (0..406u32)
            .flat_map(|i| i.wrapping_mul(2654435761).rotate_left(7).to_le_bytes())
            .collect();
        let audio: Vec<u8> = (0..406u32)
            .flat_map(|i| ((i as f32 * 0.37).sin() * 1.05).to_le_bytes())
            .collect();
        for bytes in [&random, &audio] {
            for channels in [1u16, 2] {
                let frames = &bytes[..4 * usize::from(channels) * 203];
                let mut mn = [i32::MAX];
                let mut mx = [i32::MIN];
                general(frames, usize::from(channels), &mut mn, &mut mx, f32_to_i16);
                assert_eq!(
                    fold(SampleEncoding::F32, channels, false, frames),
                    vec![mn[0], mx[0]],
                    "{channels} channels"
                );
            }
        }
    }

    #[test]
    fn stereo_mix_truncates_toward_zero() {
        // (-3 + 0) / 2 = -1 in C, not -2.
        let frame = [(-3i16).to_le_bytes(), 0i16.to_le_bytes()].concat();
        assert_eq!(fold(SampleEncoding::S16, 2, false, &frame), vec![-1, -1]);
        let three = [1i16, 2, -7]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>();
        assert_eq!(fold(SampleEncoding::S16, 3, false, &three), vec![-1, -1]);
        assert_eq!(
            fold(SampleEncoding::S16, 3, true, &three),
            vec![1, 1, 2, 2, -7, -7]
        );
    }
}
