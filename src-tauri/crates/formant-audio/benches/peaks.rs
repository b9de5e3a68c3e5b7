//! Throughput of the peaks inner loops on in-memory WAVs (no file system), one per input kind
//! of `bench/peaks.sh`. Run: `cargo bench -p formant-audio --bench peaks`. The whole-file
//! entry point reads in 128 KiB blocks, so these numbers include one copy of every byte, as
//! reading a file does.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use formant_audio::peaks::{peaks_from_reader, LivePeaks, PeaksOptions};

/// A WAV file of `bytes` bytes of deterministic noise-like data.
fn wav(format_tag: u16, channels: u16, rate: u32, bits: u16, bytes: usize) -> Vec<u8> {
    let block = channels * bits / 8;
    let mut out = Vec::with_capacity(bytes + 44);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + bytes as u32).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&format_tag.to_le_bytes());
    out.extend_from_slice(&channels.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * u32::from(block)).to_le_bytes());
    out.extend_from_slice(&block.to_le_bytes());
    out.extend_from_slice(&bits.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(bytes as u32).to_le_bytes());
    let mut x = 0x1234_5678u32;
    if format_tag == 3 {
        for _ in 0..bytes / 4 {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let f = (x >> 8) as f32 / (1u32 << 24) as f32 * 1.6 - 0.8;
            out.extend_from_slice(&f.to_le_bytes());
        }
    } else {
        for _ in 0..bytes {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            out.push((x >> 24) as u8);
        }
    }
    out
}

fn bench_peaks(c: &mut Criterion) {
    const SIZE: usize = 16 << 20;
    let inputs = [
        ("a_mulaw_mono", wav(7, 1, 8000, 8, SIZE)),
        ("b_s16_mono", wav(1, 1, 16000, 16, SIZE)),
        ("c_s16_stereo_mixed", wav(1, 2, 48000, 16, SIZE)),
        ("d_f32_stereo_mixed", wav(3, 2, 44100, 32, SIZE)),
        ("f32_mono", wav(3, 1, 44100, 32, SIZE)),
        ("s24_mono", wav(1, 1, 16000, 24, SIZE / 3 * 3)),
    ];
    let mut group = c.benchmark_group("peaks_from_reader");
    group.sample_size(20);
    for (name, bytes) in &inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| peaks_from_reader(Cursor::new(black_box(bytes)), &PeaksOptions::default()))
        });
    }
    group.finish();

    let split = PeaksOptions {
        split_channels: true,
        ..PeaksOptions::default()
    };
    let mut group = c.benchmark_group("split_and_live");
    group.sample_size(10);
    let (_, stereo) = &inputs[2];
    group.throughput(Throughput::Bytes(stereo.len() as u64));
    group.bench_function("c_s16_stereo_split", |b| {
        b.iter(|| peaks_from_reader(Cursor::new(black_box(stereo)), &split))
    });
    group.bench_function("c_s16_stereo_live_64k_chunks", |b| {
        b.iter(|| {
            let mut live = LivePeaks::new(100);
            for chunk in stereo.chunks(64 * 1024) {
                black_box(live.push(chunk).ok());
            }
            live.finish()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_peaks);
criterion_main!(benches);
