//! The direct WAV reader against an independent per-sample reference, for every encoding and
//! layout; broken and unusual files; live (chunked) computation.

use std::io::Cursor;
use std::num::NonZeroU32;
use std::path::Path;

use formant_audio::peaks::{
    peaks_from_path, peaks_from_reader, Bits, LivePeaks, PeaksError, PeaksOptions, SampleEncoding,
    Scale, Waveform,
};

// ---------- building WAV files ----------

#[derive(Clone, Copy, Debug)]
enum Enc {
    U8,
    S16,
    S24,
    S32,
    F32,
    F64,
    MuLaw,
    ALaw,
}

const ALL: [Enc; 8] = [
    Enc::U8,
    Enc::S16,
    Enc::S24,
    Enc::S32,
    Enc::F32,
    Enc::F64,
    Enc::MuLaw,
    Enc::ALaw,
];

impl Enc {
    fn tag_and_bits(self) -> (u16, u16) {
        match self {
            Enc::U8 => (1, 8),
            Enc::S16 => (1, 16),
            Enc::S24 => (1, 24),
            Enc::S32 => (1, 32),
            Enc::F32 => (3, 32),
            Enc::F64 => (3, 64),
            Enc::MuLaw => (7, 8),
            Enc::ALaw => (6, 8),
        }
    }

    /// Encode a test value; 8-bit codes take the value's top byte as the raw code.
    fn encode(self, v: i16, out: &mut Vec<u8>) {
        match self {
            Enc::U8 | Enc::MuLaw | Enc::ALaw => out.push((v >> 8) as u8 ^ 0x80),
            Enc::S16 => out.extend_from_slice(&v.to_le_bytes()),
            // Low bits set: they must be dropped, not rounded.
            Enc::S24 => out.extend_from_slice(&((i32::from(v) << 8) | 0xA7).to_le_bytes()[..3]),
            Enc::S32 => out.extend_from_slice(&((i32::from(v) << 16) | 0xBEEF).to_le_bytes()),
            Enc::F32 => out.extend_from_slice(&((f64::from(v) / 32768.0) as f32).to_le_bytes()),
            Enc::F64 => out.extend_from_slice(&(f64::from(v) / 32768.0).to_le_bytes()),
        }
    }

    /// What audiowaveform makes of `raw` (the bytes of one sample), computed independently.
    fn reference(self, raw: &[u8]) -> i32 {
        match self {
            Enc::U8 => (i32::from(raw[0]) - 128) * 256,
            Enc::S16 => i32::from(i16::from_le_bytes([raw[0], raw[1]])),
            Enc::S24 => (i32::from_le_bytes([0, raw[0], raw[1], raw[2]]) >> 8).div_euclid(256),
            Enc::S32 => i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]).div_euclid(65536),
            Enc::F32 => {
                let f = f32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]);
                (f * 32767.0).trunc().clamp(-32768.0, 32767.0) as i32
            }
            Enc::F64 => {
                let f = f64::from_le_bytes(raw[..8].try_into().expect("8 bytes")) as f32;
                (f * 32767.0).trunc().clamp(-32768.0, 32767.0) as i32
            }
            Enc::MuLaw => g711_mulaw(raw[0]),
            Enc::ALaw => g711_alaw(raw[0]),
        }
    }

    fn width(self) -> usize {
        usize::from(self.tag_and_bits().1 / 8)
    }
}

/// ITU-T G.711 mu-law expansion, written from the spec's formula.
fn g711_mulaw(code: u8) -> i32 {
    let c = !code;
    let exponent = i32::from((c >> 4) & 7);
    let mantissa = i32::from(c & 15);
    let magnitude = (((mantissa << 1) + 33) << exponent) - 33;
    let v = magnitude * 4;
    if c & 0x80 != 0 {
        -v
    } else {
        v
    }
}

/// ITU-T G.711 A-law expansion, written from the spec's formula.
fn g711_alaw(code: u8) -> i32 {
    let c = code ^ 0x55;
    let exponent = i32::from((c >> 4) & 7);
    let mantissa = i32::from(c & 15);
    let magnitude = if exponent == 0 {
        (mantissa << 1) + 1
    } else {
        ((mantissa << 1) + 33) << (exponent - 1)
    };
    let v = magnitude * 8;
    if c & 0x80 != 0 {
        v
    } else {
        -v
    }
}

struct WavSpec {
    tag: u16,
    bits: u16,
    channels: u16,
    rate: u32,
    extensible: bool,
    /// Chunks placed before fmt, between fmt and data, and after data.
    extra_chunks: bool,
    /// Override of the data chunk's size field.
    data_size: Option<u32>,
}

fn build_wav(spec: &WavSpec, data: &[u8]) -> Vec<u8> {
    let mut fmt = Vec::new();
    let block = spec.channels * spec.bits / 8;
    let tag = if spec.extensible { 0xFFFE } else { spec.tag };
    fmt.extend_from_slice(&tag.to_le_bytes());
    fmt.extend_from_slice(&spec.channels.to_le_bytes());
    fmt.extend_from_slice(&spec.rate.to_le_bytes());
    fmt.extend_from_slice(&(spec.rate * u32::from(block)).to_le_bytes());
    fmt.extend_from_slice(&block.to_le_bytes());
    fmt.extend_from_slice(&spec.bits.to_le_bytes());
    if spec.extensible {
        fmt.extend_from_slice(&22u16.to_le_bytes());
        fmt.extend_from_slice(&spec.bits.to_le_bytes());
        fmt.extend_from_slice(&0u32.to_le_bytes());
        fmt.extend_from_slice(&spec.tag.to_le_bytes());
        fmt.extend_from_slice(&[
            0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71,
        ]);
    }
    let mut body = b"WAVE".to_vec();
    let mut chunk = |id: &[u8], content: &[u8], size: Option<u32>| {
        body.extend_from_slice(id);
        body.extend_from_slice(&size.unwrap_or(content.len() as u32).to_le_bytes());
        body.extend_from_slice(content);
        if content.len() % 2 == 1 {
            body.push(0);
        }
    };
    if spec.extra_chunks {
        chunk(b"LIST", b"INFOISFT\x05\x00\x00\x00test\x00", None); // odd size: padded
    }
    chunk(b"fmt ", &fmt, None);
    if spec.extra_chunks {
        chunk(b"fact", &[1, 2, 3, 4], None);
        chunk(b"junk", &[9; 7], None);
    }
    chunk(b"data", data, spec.data_size);
    if spec.extra_chunks && spec.data_size.is_none() {
        chunk(b"id3 ", &[0x55; 33], None);
    }
    let mut out = b"RIFF".to_vec();
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Speech-like values: a decaying chirp with noise, covering the whole 16-bit range.
fn test_values(n: usize, seed: u32) -> Vec<i16> {
    let mut x = seed;
    (0..n)
        .map(|i| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let t = i as f64;
            let env = ((t / 700.0).sin().abs() * 1.2).min(1.0);
            let tone = (t * t / 90_000.0).sin() * 32767.0 * env;
            let noise = f64::from((x >> 20) as i32 - 2048);
            (tone + noise).clamp(-32768.0, 32767.0) as i16
        })
        .collect()
}

fn interleaved(enc: Enc, channels: u16, frames: usize) -> Vec<u8> {
    let per_channel: Vec<Vec<i16>> = (0..channels)
        .map(|c| test_values(frames, 7 + u32::from(c)))
        .collect();
    let mut data = Vec::new();
    for f in 0..frames {
        for ch in &per_channel {
            enc.encode(ch[f], &mut data);
        }
    }
    data
}

/// audiowaveform's algorithm, sample by sample, from the raw data bytes.
fn reference_peaks(enc: Enc, channels: u16, data: &[u8], spp: usize, split: bool) -> Vec<i16> {
    let c = usize::from(channels);
    let frame = enc.width() * c;
    let frames: Vec<Vec<i32>> = data
        .chunks_exact(frame)
        .map(|f| {
            f.chunks_exact(enc.width())
                .map(|s| enc.reference(s))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for pixel in frames.chunks(spp) {
        if split {
            for ch in 0..c {
                out.push(pixel.iter().map(|f| f[ch]).min().expect("frames") as i16);
                out.push(pixel.iter().map(|f| f[ch]).max().expect("frames") as i16);
            }
        } else {
            let mixed: Vec<i32> = pixel
                .iter()
                .map(|f| f.iter().sum::<i32>() / c as i32)
                .collect();
            out.push(*mixed.iter().min().expect("frames") as i16);
            out.push(*mixed.iter().max().expect("frames") as i16);
        }
    }
    out
}

fn spec(enc: Enc, channels: u16) -> WavSpec {
    let (tag, bits) = enc.tag_and_bits();
    WavSpec {
        tag,
        bits,
        channels,
        rate: 8000,
        extensible: false,
        extra_chunks: false,
        data_size: None,
    }
}

fn options(spp: u32, split: bool) -> PeaksOptions {
    PeaksOptions {
        scale: Scale::SamplesPerPixel(spp),
        bits: Bits::Sixteen,
        split_channels: split,
    }
}

fn peaks(bytes: &[u8], options: &PeaksOptions) -> Result<Waveform, PeaksError> {
    peaks_from_reader(Cursor::new(bytes), options)
}

// ---------- the encodings matrix ----------

#[test]
fn every_encoding_and_layout_matches_the_reference() {
    for enc in ALL {
        for channels in [1u16, 2, 3, 6] {
            for split in [false, true] {
                // 1001 frames: not a multiple of the zoom, so the last pixel is partial.
                let data = interleaved(enc, channels, 1001);
                for extensible in [false, true] {
                    let wav = build_wav(
                        &WavSpec {
                            extensible,
                            ..spec(enc, channels)
                        },
                        &data,
                    );
                    let w = peaks(&wav, &options(64, split)).expect("peaks");
                    let expected = reference_peaks(enc, channels, &data, 64, split);
                    assert_eq!(
                        w.data, expected,
                        "{enc:?} x{channels} split={split} ext={extensible}"
                    );
                    assert_eq!(w.channels, if split { channels } else { 1 });
                    assert_eq!(w.len(), 16);
                }
            }
        }
    }
}

#[test]
fn exact_value_conversions() {
    // Values that pin down truncation and rounding for each kind.
    let cases: [(Enc, &[u8], i16); 9] = [
        (Enc::U8, &[0x00], -32768),
        (Enc::U8, &[0xFF], 32512),
        (Enc::S24, &[0xFF, 0xFF, 0xFF], -1),
        (Enc::S32, &[0x00, 0x00, 0x00, 0x80], -32768),
        (Enc::MuLaw, &[0x00], -32124),
        (Enc::ALaw, &[0xAA], 32256),
        (Enc::F32, &0.5f32.to_le_bytes(), 16383),
        (Enc::F32, &(-1.5f32).to_le_bytes(), -32768),
        (Enc::F64, &(-0.25f64).to_le_bytes(), -8191),
    ];
    for (enc, sample, expected) in cases {
        let data = sample.repeat(3);
        let w = peaks(&build_wav(&spec(enc, 1), &data), &options(2, false)).expect("peaks");
        assert_eq!(w.data, vec![expected; 4], "{enc:?} {sample:?}");
    }
}

#[test]
fn unusual_chunks_and_padding_are_skipped() {
    let data = interleaved(Enc::S16, 2, 999);
    let plain = peaks(&build_wav(&spec(Enc::S16, 2), &data), &options(100, true)).expect("plain");
    let extra = WavSpec {
        extra_chunks: true,
        ..spec(Enc::S16, 2)
    };
    assert_eq!(
        peaks(&build_wav(&extra, &data), &options(100, true)).expect("extra"),
        plain
    );
    // An odd-sized data chunk (mono u8) followed by a padded chunk.
    let odd = interleaved(Enc::U8, 1, 333);
    let wav = build_wav(
        &WavSpec {
            extra_chunks: true,
            ..spec(Enc::U8, 1)
        },
        &odd,
    );
    let w = peaks(&wav, &options(100, false)).expect("odd");
    assert_eq!(w.data, reference_peaks(Enc::U8, 1, &odd, 100, false));
}

// ---------- broken files ----------

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/waveform")
            .join(name),
    )
    .expect("fixture")
}

#[test]
fn data_size_that_disagrees_with_the_file_reads_what_is_there() {
    let data = interleaved(Enc::S16, 1, 5000);
    let good = peaks(&build_wav(&spec(Enc::S16, 1), &data), &options(256, false)).expect("good");
    for size in [0u32, u32::MAX, 10_000_000] {
        let wav = build_wav(
            &WavSpec {
                data_size: Some(size),
                ..spec(Enc::S16, 1)
            },
            &data,
        );
        assert_eq!(
            peaks(&wav, &options(256, false)).expect("best effort"),
            good,
            "size {size}"
        );
    }
}

#[test]
fn truncated_data_gives_the_peaks_of_what_arrived() {
    let wav = fixture("dual-8k-s16.wav");
    let full = peaks(&wav, &options(256, true)).expect("full");
    // Cut in the middle of a frame: 1000 whole frames plus 3 bytes.
    let cut = &wav[..44 + 4 * 1000 + 3];
    let w = peaks(cut, &options(256, true)).expect("truncated");
    assert_eq!(w.len(), 4); // 1000 frames: 3 full pixels and a partial one
    assert_eq!(w.data[..12], full.data[..12]);
}

#[test]
fn broken_headers_give_typed_errors() {
    let wav = fixture("mono-16k-s16.wav");
    let o = options(256, false);
    assert!(matches!(
        peaks(&wav[..30], &o),
        Err(PeaksError::TruncatedHeader { bytes: 30 })
    ));
    assert!(matches!(
        peaks(&wav[..5], &o),
        Err(PeaksError::TruncatedHeader { bytes: 5 })
    ));
    assert!(matches!(peaks(b"", &o), Err(PeaksError::NotWav)));
    assert!(matches!(
        peaks(b"hello, this is not audio at all", &o),
        Err(PeaksError::NotWav)
    ));
    assert!(matches!(
        peaks(b"RIFF\x10\x00\x00\x00AVI LIST", &o),
        Err(PeaksError::NotWav)
    ));

    // Zero samples: a data chunk with nothing in it.
    let empty = build_wav(&spec(Enc::S16, 1), &[]);
    assert!(matches!(peaks(&empty, &o), Err(PeaksError::NoSamples)));
    // Less than one frame is no samples either.
    let partial = build_wav(&spec(Enc::S16, 2), &[1, 2, 3]);
    assert!(matches!(peaks(&partial, &o), Err(PeaksError::NoSamples)));

    // fmt chunk missing.
    let mut no_fmt = b"RIFF\x00\x00\x00\x00WAVEdata\x04\x00\x00\x00".to_vec();
    no_fmt.extend_from_slice(&[0, 0, 0, 0]);
    assert!(matches!(peaks(&no_fmt, &o), Err(PeaksError::MissingFmt)));

    // Unsupported codec (IMA ADPCM, tag 0x11) and impossible fmt values.
    let adpcm = build_wav(
        &WavSpec {
            tag: 0x11,
            bits: 4,
            ..spec(Enc::S16, 1)
        },
        &[0; 8],
    );
    assert!(matches!(
        peaks(&adpcm, &o),
        Err(PeaksError::UnsupportedEncoding {
            format_tag: 0x11,
            bits: 4
        })
    ));
    let no_channels = build_wav(
        &WavSpec {
            channels: 0,
            ..spec(Enc::S16, 1)
        },
        &[0; 8],
    );
    assert!(matches!(
        peaks(&no_channels, &o),
        Err(PeaksError::InvalidFmt { .. })
    ));

    // A chunk claiming 4 GB before any data: refused at once instead of buffered or awaited.
    let mut huge = b"RIFF\x00\x00\x00\x00WAVEjunk\xF0\xFF\xFF\xFF".to_vec();
    huge.extend_from_slice(&[0; 100]);
    assert!(matches!(
        peaks(&huge, &o),
        Err(PeaksError::HeaderTooLarge { .. })
    ));
    // A header cut inside a small chunk before the data is a truncated header.
    let mut cut = b"RIFF\x00\x00\x00\x00WAVEjunk\x00\x01\x00\x00".to_vec();
    cut.extend_from_slice(&[0; 100]);
    assert!(matches!(
        peaks(&cut, &o),
        Err(PeaksError::TruncatedHeader { bytes: 120 })
    ));
}

#[test]
fn invalid_zoom_is_refused_like_audiowaveform() {
    let wav = fixture("mono-8k-u8.wav");
    let z1 = options(1, false);
    assert!(matches!(
        peaks(&wav, &z1),
        Err(PeaksError::InvalidZoom {
            samples_per_pixel: 1
        })
    ));
    let pps = PeaksOptions {
        scale: Scale::PixelsPerSecond(5000),
        ..PeaksOptions::default()
    };
    assert!(matches!(
        peaks(&wav, &pps),
        Err(PeaksError::InvalidZoom {
            samples_per_pixel: 1
        })
    ));
    let zero = PeaksOptions {
        scale: Scale::PixelsPerSecond(0),
        ..PeaksOptions::default()
    };
    assert!(matches!(
        peaks(&wav, &zero),
        Err(PeaksError::InvalidPixelsPerSecond)
    ));
}

#[test]
fn a_missing_file_names_the_path() {
    let err = peaks_from_path(Path::new("/nonexistent/call.wav"), &PeaksOptions::default())
        .expect_err("no such file");
    assert!(err.to_string().contains("/nonexistent/call.wav"), "{err}");
}

// ---------- live peaks ----------

fn live(bytes: &[u8], chunk_sizes: &[usize]) -> (Vec<i16>, Waveform) {
    let mut live = LivePeaks::new(100);
    let mut streamed = Vec::new();
    let mut pos = 0;
    let mut i = 0;
    while pos < bytes.len() {
        let n = chunk_sizes[i % chunk_sizes.len()].min(bytes.len() - pos);
        if let Some(update) = live.push(&bytes[pos..pos + n]).expect("push") {
            let values_per_pixel = 2 * usize::from(update.format.channels);
            assert_eq!(
                update.first_pixel * values_per_pixel,
                streamed.len(),
                "updates are contiguous"
            );
            assert_eq!(update.format.sample_rate, 8000);
            streamed.extend_from_slice(&update.data);
        }
        pos += n;
        i += 1;
    }
    (streamed, live.finish().expect("finish"))
}

#[test]
fn live_peaks_equal_the_whole_file_for_any_chunking() {
    for name in ["dual-8k-s16.wav", "mono-8k-alaw.wav", "mono-8k-u8.wav"] {
        let wav = fixture(name);
        let whole = peaks(
            &wav,
            &PeaksOptions {
                scale: Scale::PixelsPerSecond(100),
                bits: Bits::Sixteen,
                split_channels: true,
            },
        )
        .expect("whole");
        for sizes in [
            &[1usize][..],
            &[3, 1, 7],
            &[4096],
            &[13, 65_536, 2],
            &[usize::MAX],
        ] {
            let (streamed, finished) = live(&wav, sizes);
            assert_eq!(finished, whole, "{name} {sizes:?}");
            // Updates carry every complete pixel (here the file is a whole number of pixels).
            assert_eq!(streamed, whole.data, "{name} {sizes:?}");
        }
    }
}

#[test]
fn live_peaks_report_the_format_once_the_header_is_in() {
    let wav = fixture("dual-8k-s16.wav");
    let mut live = LivePeaks::new(100);
    assert_eq!(live.push(&wav[..20]).expect("part of the header"), None);
    let update = live
        .push(&wav[20..50])
        .expect("header done")
        .expect("format announced");
    assert_eq!(update.format.channels, 2);
    assert_eq!(update.format.encoding, SampleEncoding::S16);
    assert_eq!(update.format.frames, Some(80_000));
    assert_eq!(update.format.data_offset, 44);
    assert!(update.data.is_empty());
    assert_eq!(live.push(&wav[50..60]).expect("a few frames"), None);
    // The last partial pixel only appears in finish().
    let w = live.finish().expect("finish");
    assert_eq!(w.len(), 1);
    assert_eq!(w.samples_per_pixel, 80);

    let mut broken = LivePeaks::new(100);
    assert!(matches!(broken.push(b"ID3\x04"), Err(PeaksError::NotWav)));
    let short = LivePeaks::new(100);
    assert!(matches!(short.finish(), Err(PeaksError::NotWav)));
    let mut half = LivePeaks::new(100);
    half.push(&wav[..30]).expect("so far so good");
    assert!(matches!(
        half.finish(),
        Err(PeaksError::TruncatedHeader { bytes: 30 })
    ));
}

// ---------- waveform levels ----------

#[test]
fn zoom_out_equals_computing_at_the_coarser_zoom() {
    let wav = fixture("stereo-48k-s16.wav");
    for split in [false, true] {
        let fine = peaks(&wav, &options(256, split)).expect("fine");
        let coarse = peaks(&wav, &options(1024, split)).expect("coarse");
        let zoomed = fine.zoom_out(NonZeroU32::new(4).expect("4"));
        assert_eq!(zoomed, coarse, "split={split}");
        assert!((zoomed.duration_secs() - 10.0).abs() < 1024.0 / 48_000.0);
    }
}

#[test]
fn waveform_serialises_for_the_ui() {
    let w = peaks(&fixture("mono-8k-u8.wav"), &options(40_000, false)).expect("peaks");
    let json = serde_json::to_value(&w).expect("serialise");
    assert_eq!(json["channels"], 1);
    assert_eq!(json["sample_rate"], 8000);
    assert_eq!(json["samples_per_pixel"], 40_000);
    assert_eq!(json["bits"], 16);
    assert_eq!(json["data"].as_array().expect("array").len(), 4);
}

/// A file large enough to be shared among the cores (several megabytes) gives audiowaveform's
/// numbers computed sample by sample, for a byte-wide and a wide, stereo layout.
#[test]
fn a_large_file_shared_among_cores_matches_the_reference() {
    for (enc, channels, frames) in [(Enc::MuLaw, 1, 6_000_123), (Enc::S24, 2, 1_100_017)] {
        let data = interleaved(enc, channels, frames);
        let wav = build_wav(&spec(enc, channels), &data);
        let file = tempfile::NamedTempFile::new().expect("temp file");
        std::fs::write(file.path(), &wav).expect("write");
        let waveform = peaks_from_path(file.path(), &options(256, false)).expect("peaks");
        assert_eq!(
            waveform.data,
            reference_peaks(enc, channels, &data, 256, false),
            "{enc:?}"
        );
    }
}
