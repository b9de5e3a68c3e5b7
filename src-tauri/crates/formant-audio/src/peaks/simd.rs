//! The kernels whose arithmetic the compiler does not vectorise by itself, written with `wide`'s
//! portable SIMD types (SSE2 on any x86-64, NEON on ARM, plain arrays elsewhere): pairwise sums
//! of 16-bit samples into 32 bits (`pmaddwd`), saturating packs back to 16 bits (`packssdw`),
//! and float-to-integer truncation (`cvttps2dq`).

use wide::{f32x4, i16x8, i32x4, i32x8};

/// 16-bit samples from 16 little-endian bytes.
#[inline(always)]
fn load_i16x8(bytes: &[u8]) -> i16x8 {
    i16x8::new(std::array::from_fn(|i| {
        i16::from_le_bytes([bytes[2 * i], bytes[2 * i + 1]])
    }))
}

#[inline(always)]
fn load_f32x4(bytes: &[u8]) -> f32x4 {
    f32x4::new(std::array::from_fn(|i| {
        f32::from_le_bytes([
            bytes[4 * i],
            bytes[4 * i + 1],
            bytes[4 * i + 2],
            bytes[4 * i + 3],
        ])
    }))
}

/// The sums of adjacent pairs (left + right of a stereo frame), saturated to 16 bits: lanes
/// 0-3 from `a`, 4-7 from `b`. Saturation is monotonic, so the min/max of these is the
/// saturated min/max of the true sums: exact unless it sits at the 16-bit limit.
#[inline(always)]
fn pair_sums_saturated(a: i16x8, b: i16x8) -> i16x8 {
    let ones = i16x8::splat(1);
    i16x8::from_i32x8_saturate(wide::bytemuck::cast::<[i32x4; 2], i32x8>([
        a.dot(ones),
        b.dot(ones),
    ]))
}

/// audiowaveform's mix of a pixel's extreme sums: halved, rounded toward zero (C's integer
/// division), which is monotonic, so halving the extremes equals the extremes of the halves.
/// `None` when a sum may have been saturated, i.e. is not known exactly.
#[inline(always)]
fn halve_sums(lo: i16, hi: i16) -> Option<(i16, i16)> {
    if lo == i16::MIN || hi == i16::MAX {
        return None;
    }
    Some((lo / 2, hi / 2))
}

/// Min and max over a run of 16-bit stereo frames, mixed to one channel. `exact` is the
/// frame-by-frame computation: it takes the frames after the last whole block, and the whole run
/// when the sum of a frame reaches the 16-bit limit (both channels above half scale at once).
#[inline(always)]
pub(crate) fn s16_stereo_mixed(run: &[u8], exact: impl Fn(&[u8]) -> (i16, i16)) -> (i16, i16) {
    if run.len() < 32 {
        // No whole block: the halving below would turn the empty min/max into numbers.
        return exact(run);
    }
    let mut lo = i16x8::splat(i16::MAX);
    let mut hi = i16x8::splat(i16::MIN);
    let mut blocks = run.chunks_exact(32);
    for block in &mut blocks {
        let sums = pair_sums_saturated(load_i16x8(&block[..16]), load_i16x8(&block[16..]));
        lo = lo.min(sums);
        hi = hi.max(sums);
    }
    let Some((lo, hi)) = halve_sums(lo.reduce_min(), hi.reduce_max()) else {
        return exact(run);
    };
    let (tail_lo, tail_hi) = exact(blocks.remainder());
    (lo.min(tail_lo), hi.max(tail_hi))
}

/// `f * 32767` truncated toward zero and saturated to 16 bits, for eight floats, exactly as
/// [`super::samples::float_to_i16`] except that NaN and values of 2^31 / 32767 or more in size
/// come out as `i16::MIN` (the hardware's "invalid" result). Callers treat a pixel whose
/// minimum is `i16::MIN` as suspect and recompute it exactly: that takes a sample at or below
/// -1.00003, which real audio reaches rarely, and then costs one pixel's worth of scalar work.
#[inline(always)]
fn float_to_i16_fast(a: f32x4, b: f32x4) -> i16x8 {
    let scale = f32x4::splat(32767.0);
    let ints = [(a * scale).fast_trunc_int(), (b * scale).fast_trunc_int()];
    i16x8::from_i32x8_saturate(wide::bytemuck::cast::<[i32x4; 2], i32x8>(ints))
}

/// Min and max over a run of 32-bit float frames of `CH` (1 or 2) channels, mixed to one.
/// `exact` is the frame-by-frame computation: it takes the frames after the last whole block,
/// and the whole run when that holds a value the fast conversion may get wrong (see
/// [`float_to_i16_fast`]) or a stereo sum at the 16-bit limit (see [`halve_sums`]).
#[inline(always)]
pub(crate) fn f32_mixed<const CH: usize>(
    run: &[u8],
    exact: impl Fn(&[u8]) -> (i16, i16),
) -> (i16, i16) {
    if run.len() < 64 {
        // No whole block: the halving below would turn the empty min/max into numbers.
        return exact(run);
    }
    let mut lo = i16x8::splat(i16::MAX);
    let mut hi = i16x8::splat(i16::MIN);
    let mut converted_lo = i16x8::splat(i16::MAX);
    let mut blocks = run.chunks_exact(64);
    for block in &mut blocks {
        let v0 = float_to_i16_fast(load_f32x4(&block[..16]), load_f32x4(&block[16..32]));
        let v1 = float_to_i16_fast(load_f32x4(&block[32..48]), load_f32x4(&block[48..]));
        if CH == 1 {
            lo = lo.min(v0).min(v1);
            hi = hi.max(v0).max(v1);
        } else {
            converted_lo = converted_lo.min(v0).min(v1);
            let sums = pair_sums_saturated(v0, v1);
            lo = lo.min(sums);
            hi = hi.max(sums);
        }
    }
    let (lo, hi) = (lo.reduce_min(), hi.reduce_max());
    let extremes = if CH == 1 {
        (lo != i16::MIN).then_some((lo, hi))
    } else if converted_lo.reduce_min() == i16::MIN {
        None
    } else {
        halve_sums(lo, hi)
    };
    let Some((lo, hi)) = extremes else {
        return exact(run);
    };
    let (tail_lo, tail_hi) = exact(blocks.remainder());
    (lo.min(tail_lo), hi.max(tail_hi))
}
