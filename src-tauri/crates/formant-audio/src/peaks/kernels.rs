//! Min/max kernels: fold whole frames into pixels of `samples_per_pixel` frames each.
//!
//! Each kernel is one monomorphised loop over a whole block: complete pixels are computed and
//! written straight to the output, so nothing is called through a pointer, and no state is
//! touched, per pixel. Inside a pixel, frames are folded in several independent lanes with no
//! branch per sample, which the compiler turns into SIMD min/max on any x86-64 (SSE2) or ARM
//! (NEON) machine.
//!
//! Where a conversion to audiowaveform's 16-bit values is monotonic, the min/max runs on an
//! order-preserving key (the G.711 and 8-bit codes themselves) and only each pixel's two winners
//! are converted.

use super::samples::*;
use super::simd;
use super::SampleEncoding;

/// The pixel still being filled when a block ends: the frames it holds so far and their
/// min/max per output channel (one when mixing, one per channel when split).
#[derive(Clone)]
pub(crate) struct OpenPixel {
    pub(crate) frames: u32,
    pub(crate) min: Vec<i16>,
    pub(crate) max: Vec<i16>,
}

impl OpenPixel {
    pub(crate) fn new(outputs: usize) -> Self {
        Self {
            frames: 0,
            min: vec![i16::MAX; outputs],
            max: vec![i16::MIN; outputs],
        }
    }

    /// Append the pixel's values to `out` and start an empty one.
    pub(crate) fn close(&mut self, out: &mut Vec<i16>) {
        for (mn, mx) in self.min.iter_mut().zip(self.max.iter_mut()) {
            out.push(*mn);
            out.push(*mx);
            *mn = i16::MAX;
            *mx = i16::MIN;
        }
        self.frames = 0;
    }
}

/// Fold `frames` (whole frames of `channels` interleaved samples) into pixels of
/// `samples_per_pixel` frames, appending each completed pixel's min/max pairs to `out`.
pub(crate) type FoldFn = fn(
    frames: &[u8],
    channels: usize,
    samples_per_pixel: usize,
    open: &mut OpenPixel,
    out: &mut Vec<i16>,
);

/// The kernel for an input format and output layout.
pub(crate) fn select(encoding: SampleEncoding, channels: u16, split: bool) -> FoldFn {
    use SampleEncoding as E;
    match (encoding, channels, split) {
        (E::U8, 1, _) => |f, _, spp, open, out| {
            pixels::<1>(f, spp, open, out, |run| {
                byte_keys(run, |b| b, |k| u8_to_i16([k]))
            })
        },
        (E::MuLaw, 1, _) => |f, _, spp, open, out| {
            pixels::<1>(f, spp, open, out, |run| {
                byte_keys(run, mulaw_key, |k| MULAW_KEY_TO_I16[usize::from(k)])
            })
        },
        (E::ALaw, 1, _) => |f, _, spp, open, out| {
            pixels::<1>(f, spp, open, out, |run| {
                byte_keys(run, alaw_key, |k| ALAW_KEY_TO_I16[usize::from(k)])
            })
        },
        (E::S16, 1, _) => {
            |f, _, spp, open, out| pixels::<2>(f, spp, open, out, |run| values(run, s16_to_i16))
        }
        (E::S24, 1, _) => {
            |f, _, spp, open, out| pixels::<3>(f, spp, open, out, |run| values(run, s24_to_i16))
        }
        (E::S32, 1, _) => {
            |f, _, spp, open, out| pixels::<4>(f, spp, open, out, |run| values(run, s32_to_i16))
        }
        (E::F32, 1, _) => |f, _, spp, open, out| {
            pixels::<4>(f, spp, open, out, |run| {
                simd::f32_mixed::<1>(run, |exact| values(exact, f32_to_i16))
            })
        },
        (E::F64, 1, _) => {
            |f, _, spp, open, out| pixels::<8>(f, spp, open, out, |run| values(run, f64_to_i16))
        }
        (E::S16, 2, false) => |f, _, spp, open, out| {
            pixels::<4>(f, spp, open, out, |run| {
                simd::s16_stereo_mixed(run, |tail| {
                    values(tail, |fr: [u8; 4]| {
                        mix2(s16_to_i16([fr[0], fr[1]]), s16_to_i16([fr[2], fr[3]]))
                    })
                })
            })
        },
        (E::F32, 2, false) => |f, _, spp, open, out| {
            pixels::<8>(f, spp, open, out, |run| {
                simd::f32_mixed::<2>(run, |exact| {
                    values(exact, |fr: [u8; 8]| {
                        mix2(
                            f32_to_i16([fr[0], fr[1], fr[2], fr[3]]),
                            f32_to_i16([fr[4], fr[5], fr[6], fr[7]]),
                        )
                    })
                })
            })
        },
        (E::U8, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, u8_to_i16),
        (E::MuLaw, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, mulaw_to_i16),
        (E::ALaw, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, alaw_to_i16),
        (E::S16, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, s16_to_i16),
        (E::S24, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, s24_to_i16),
        (E::S32, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, s32_to_i16),
        (E::F32, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, f32_to_i16),
        (E::F64, _, _) => |f, c, spp, open, out| general(f, c, spp, open, out, f64_to_i16),
    }
}

/// audiowaveform's mix of two channels: their sum divided by two, truncated toward zero (C
/// integer division). Always within 16 bits.
#[inline(always)]
fn mix2(left: i16, right: i16) -> i16 {
    ((i32::from(left) + i32::from(right)) / 2) as i16
}

/// Split whole frames of `FRAME` bytes into pixels for a kernel with one output channel:
/// `min_max` gives the min and max of a run of frames (`(i16::MAX, i16::MIN)` when empty).
#[inline(always)]
fn pixels<const FRAME: usize>(
    frames: &[u8],
    samples_per_pixel: usize,
    open: &mut OpenPixel,
    out: &mut Vec<i16>,
    min_max: impl Fn(&[u8]) -> (i16, i16),
) {
    let mut rest = frames;
    if open.frames > 0 {
        // Finish the pixel the previous block left open.
        let room = samples_per_pixel - open.frames as usize;
        let take = room.min(rest.len() / FRAME);
        let (run, tail) = rest.split_at(take * FRAME);
        add(open, min_max(run));
        open.frames += take as u32;
        if take == room {
            open.close(out);
        }
        rest = tail;
    }
    let pixel_bytes = samples_per_pixel.saturating_mul(FRAME);
    let mut whole = rest.chunks_exact(pixel_bytes);
    out.reserve(2 * whole.len());
    for pixel in &mut whole {
        let (lo, hi) = min_max(pixel);
        out.push(lo);
        out.push(hi);
    }
    let tail = whole.remainder();
    if !tail.is_empty() {
        add(open, min_max(tail));
        open.frames += (tail.len() / FRAME) as u32;
    }
}

#[inline(always)]
fn add(open: &mut OpenPixel, (lo, hi): (i16, i16)) {
    open.min[0] = open.min[0].min(lo);
    open.max[0] = open.max[0].max(hi);
}

/// Independent lanes per fold: two SIMD registers' worth of keys for each of min and max.
const BYTE_LANES: usize = 32;
const VALUE_LANES: usize = 16;

/// Min and max of `key(byte)` over a run of 8-bit codes, then the winners decoded.
#[inline(always)]
fn byte_keys(run: &[u8], key: impl Fn(u8) -> u8, value: impl Fn(u8) -> i16) -> (i16, i16) {
    if run.is_empty() {
        return (i16::MAX, i16::MIN);
    }
    let (lo, hi) = lanes::<1, u8, BYTE_LANES>(run, u8::MAX, u8::MIN, |b| key(b[0]));
    (value(lo), value(hi))
}

/// Min and max of `value(frame)` over a run of whole frames.
#[inline(always)]
fn values<const FRAME: usize>(run: &[u8], value: impl Fn([u8; FRAME]) -> i16) -> (i16, i16) {
    lanes::<FRAME, i16, VALUE_LANES>(run, i16::MAX, i16::MIN, value)
}

/// Min and max of `key(frame)` over the whole frames of `run`. Written as a plain reduction,
/// which the compiler vectorises itself (several registers of lanes, a tree at the end).
#[inline(always)]
fn lanes<const FRAME: usize, K: Copy + Ord, const L: usize>(
    run: &[u8],
    init_min: K,
    init_max: K,
    key: impl Fn([u8; FRAME]) -> K,
) -> (K, K) {
    let (mut lo, mut hi) = (init_min, init_max);
    for frame in run.chunks_exact(FRAME) {
        let Ok(frame) = <[u8; FRAME]>::try_from(frame) else {
            continue;
        };
        let k = key(frame);
        lo = lo.min(k);
        hi = hi.max(k);
    }
    (lo, hi)
}

/// Any channel count, mixed (integer average truncated toward zero) or split; one frame at a
/// time, since each frame's average is needed before its comparison.
#[inline(always)]
fn general<const W: usize>(
    frames: &[u8],
    channels: usize,
    samples_per_pixel: usize,
    open: &mut OpenPixel,
    out: &mut Vec<i16>,
    decode: impl Fn([u8; W]) -> i16,
) {
    let mixed = open.min.len() == 1;
    let divisor = channels as i32;
    for frame in frames.chunks_exact(W * channels) {
        let samples = frame
            .chunks_exact(W)
            .filter_map(|s| <[u8; W]>::try_from(s).ok());
        if mixed {
            let sum: i32 = samples.map(|s| i32::from(decode(s))).sum();
            // The average of 16-bit values is a 16-bit value.
            let v = (sum / divisor) as i16;
            open.min[0] = open.min[0].min(v);
            open.max[0] = open.max[0].max(v);
        } else {
            for (ch, s) in samples.enumerate() {
                let v = decode(s);
                open.min[ch] = open.min[ch].min(v);
                open.max[ch] = open.max[ch].max(v);
            }
        }
        open.frames += 1;
        if open.frames as usize == samples_per_pixel {
            open.close(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fold `bytes` at `spp` frames per pixel, cut into blocks of `block` frames, and return
    /// every pixel including the last, partial one.
    fn fold(
        enc: SampleEncoding,
        channels: u16,
        split: bool,
        bytes: &[u8],
        spp: usize,
        block: usize,
    ) -> Vec<i16> {
        let outs = if split { usize::from(channels) } else { 1 };
        let frame = enc.bytes_per_sample() * usize::from(channels);
        let kernel = select(enc, channels, split);
        let mut open = OpenPixel::new(outs);
        let mut out = Vec::new();
        for chunk in bytes.chunks(block * frame) {
            kernel(chunk, usize::from(channels), spp, &mut open, &mut out);
        }
        if open.frames > 0 {
            open.close(&mut out);
        }
        out
    }

    /// The same through the frame-at-a-time kernel.
    fn fold_general(enc: SampleEncoding, channels: u16, bytes: &[u8], spp: usize) -> Vec<i16> {
        let c = usize::from(channels);
        let mut open = OpenPixel::new(1);
        let mut out = Vec::new();
        match enc {
            SampleEncoding::U8 => general(bytes, c, spp, &mut open, &mut out, u8_to_i16),
            SampleEncoding::MuLaw => general(bytes, c, spp, &mut open, &mut out, mulaw_to_i16),
            SampleEncoding::ALaw => general(bytes, c, spp, &mut open, &mut out, alaw_to_i16),
            SampleEncoding::S16 => general(bytes, c, spp, &mut open, &mut out, s16_to_i16),
            SampleEncoding::S24 => general(bytes, c, spp, &mut open, &mut out, s24_to_i16),
            SampleEncoding::S32 => general(bytes, c, spp, &mut open, &mut out, s32_to_i16),
            SampleEncoding::F32 => general(bytes, c, spp, &mut open, &mut out, f32_to_i16),
            SampleEncoding::F64 => general(bytes, c, spp, &mut open, &mut out, f64_to_i16),
        }
        if open.frames > 0 {
            open.close(&mut out);
        }
        out
    }

    #[test]
    fn fast_kernels_agree_with_the_general_one() {
        // Random bit patterns (for floats: NaN, infinities, huge and tiny values) and 1000
        // frames: several lane groups per pixel, pixels split across blocks, a partial last one.
        let bytes: Vec<u8> = (0..16_000u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let audio: Vec<u8> = (0..2000u32)
            .flat_map(|i| ((i as f32 * 0.37).sin() * 1.05).to_le_bytes())
            .collect();
        let cases = [
            (SampleEncoding::U8, 1),
            (SampleEncoding::MuLaw, 1),
            (SampleEncoding::ALaw, 1),
            (SampleEncoding::S16, 1),
            (SampleEncoding::S24, 1),
            (SampleEncoding::S32, 1),
            (SampleEncoding::F32, 1),
            (SampleEncoding::F64, 1),
            (SampleEncoding::S16, 2),
            (SampleEncoding::F32, 2),
        ];
        for (enc, channels) in cases {
            let frames = 1000 / usize::from(channels);
            let len = enc.bytes_per_sample() * usize::from(channels) * frames;
            let inputs: Vec<&[u8]> = if enc == SampleEncoding::F32 {
                vec![&bytes[..len], &audio[..len]]
            } else {
                vec![&bytes[..len]]
            };
            for input in inputs {
                for (spp, block) in [(256, 4096), (64, 100), (7, 33), (300, 1), (2, 1000)] {
                    assert_eq!(
                        fold(enc, channels, false, input, spp, block),
                        fold_general(enc, channels, input, spp),
                        "{enc:?} x{channels} spp={spp} block={block}"
                    );
                }
            }
        }
    }

    #[test]
    fn stereo_mix_truncates_toward_zero() {
        // (-3 + 0) / 2 = -1 in C, not -2.
        let frame = [(-3i16).to_le_bytes(), 0i16.to_le_bytes()].concat();
        assert_eq!(
            fold(SampleEncoding::S16, 2, false, &frame, 256, 1),
            vec![-1, -1]
        );
        let three = [1i16, 2, -7]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect::<Vec<_>>();
        assert_eq!(
            fold(SampleEncoding::S16, 3, false, &three, 256, 1),
            vec![-1, -1]
        );
        assert_eq!(
            fold(SampleEncoding::S16, 3, true, &three, 256, 1),
            vec![1, 1, 2, 2, -7, -7]
        );
    }
}
