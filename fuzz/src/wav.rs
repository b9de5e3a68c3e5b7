//! What the WAV fuzz targets check, for one input. Shared (by `#[path]`) with
//! `formant-audio/tests/fuzz_replay.rs`, which replays the seed corpus and every input a fuzzer
//! ever found on stable, so a fixed crash stays fixed without nightly.
//!
//! Every check either returns quietly (bad input refused with an error is fine) or panics with
//! the property it found broken; a panic is what the fuzzer reports.
//!
//! Inputs start with a few control bytes that pick the options, then the file:
//! - peaks: `[options, scale, chunk, wav...]`
//! - decode: `[seek, buffer, wav...]`

use std::io::Cursor;
use std::num::NonZeroU32;

use formant_audio::decode;
use formant_audio::peaks::{
    peaks_from_reader, Bits, LivePeaks, PeaksError, PeaksOptions, Scale, Waveform,
};

/// The peaks reader, whole-file and live: refuses bad files with an error, gives well-formed
/// waveforms, and the live computation (any chunking) equals the whole-file one.
pub fn check_peaks(input: &[u8]) {
    let [options, scale, chunk, wav @ ..] = input else {
        return;
    };
    let scale_value = u32::from(*scale);
    let chosen = PeaksOptions {
        scale: if options & 0b100 != 0 {
            Scale::PixelsPerSecond(scale_value)
        } else {
            Scale::SamplesPerPixel(scale_value)
        },
        bits: if options & 0b001 != 0 {
            Bits::Eight
        } else {
            Bits::Sixteen
        },
        split_channels: options & 0b010 != 0,
    };
    if let Ok(waveform) = peaks_from_reader(Cursor::new(wav), &chosen) {
        check_waveform(&waveform, &chosen, wav.len());
    }

    // Live peaks are always split, 16-bit, by pixels per second.
    let live_options = PeaksOptions {
        scale: Scale::PixelsPerSecond(scale_value),
        bits: Bits::Sixteen,
        split_channels: true,
    };
    let whole = peaks_from_reader(Cursor::new(wav), &live_options);
    let live = live_peaks(wav, scale_value, usize::from(*chunk) + 1);
    match (&whole, &live) {
        (Ok(w), Ok(l)) => assert_eq!(w, l, "live peaks differ from whole-file peaks"),
        (Err(w), Err(l)) => assert_eq!(
            w.to_string(),
            l.to_string(),
            "live and whole-file peaks refuse the file differently"
        ),
        _ => panic!("whole-file peaks gave {whole:?}, live peaks {live:?}"),
    }
}

/// Pushes `wav` in `chunk`-byte pieces and checks that the updates add up to the final result.
fn live_peaks(wav: &[u8], pixels_per_second: u32, chunk: usize) -> Result<Waveform, PeaksError> {
    let mut live = LivePeaks::new(pixels_per_second);
    let mut streamed: Vec<i16> = Vec::new();
    for piece in wav.chunks(chunk) {
        if let Some(update) = live.push(piece)? {
            let values_per_pixel = 2 * usize::from(update.format.channels);
            assert_eq!(
                update.first_pixel * values_per_pixel,
                streamed.len(),
                "an update does not start where the previous one ended"
            );
            assert_eq!(
                update.data.len() % values_per_pixel,
                0,
                "partial pixel sent"
            );
            streamed.extend_from_slice(&update.data);
        }
    }
    let waveform = live.finish()?;
    assert!(
        waveform.data.starts_with(&streamed),
        "the updates are not a prefix of the final waveform"
    );
    Ok(waveform)
}

fn check_waveform(w: &Waveform, options: &PeaksOptions, file_len: usize) {
    assert!(w.channels > 0, "a waveform without channels");
    if !options.split_channels {
        assert_eq!(w.channels, 1, "mixed waveform with several channels");
    }
    assert_eq!(w.bits, options.bits.get());
    let values_per_pixel = 2 * usize::from(w.channels);
    assert_eq!(w.data.len() % values_per_pixel, 0, "a partial pixel");
    assert!(w.samples_per_pixel >= 2);
    // Every pixel holds at least one frame of at least one byte per channel.
    assert!(
        w.len() <= file_len,
        "{} pixels from a {file_len}-byte file",
        w.len()
    );
    let limit = if w.bits == 8 { 128 } else { 32768 };
    for pair in w.data.chunks_exact(2) {
        assert!(pair[0] <= pair[1], "min above max: {pair:?}");
        assert!(i32::from(pair[0]) >= -limit && i32::from(pair[1]) < limit);
    }
    let factor = NonZeroU32::new(3).expect("3 is not zero");
    let zoomed = w.zoom_out(factor);
    assert_eq!(zoomed.len(), w.len().div_ceil(3), "zoom_out pixel count");

    let mut json = Vec::new();
    w.write_audiowaveform_json(&mut json)
        .expect("writing to memory cannot fail");
    let parsed: serde_json::Value =
        serde_json::from_slice(&json).expect("the audiowaveform JSON parses");
    assert_eq!(parsed["length"], w.len());
    assert_eq!(
        parsed["data"].as_array().map(Vec::len),
        Some(w.data.len()),
        "JSON data length"
    );
}

/// The playback decoder over an in-memory file: opens or refuses with an error, never makes up
/// more samples than the file has bytes, and a seek lands exactly where it says.
pub fn check_decode(input: &[u8]) {
    let [seek, buffer, wav @ ..] = input else {
        return;
    };
    let Ok(mut decoder) = decode::open_bytes(wav.to_vec()) else {
        return;
    };
    let info = *decoder.info();
    assert!(info.channels > 0 && info.sample_rate > 0, "{info:?}");
    let mut buf = vec![0.0f32; info.channels * (usize::from(*buffer) + 1)];
    let (total, clean_end) = read_to_end(&mut decoder, &mut buf, wav.len());
    assert_eq!(
        decoder.position(),
        total,
        "position after reading everything"
    );

    let target = u64::from(*seek) * total / 255;
    let Ok(landed) = decoder.seek(target) else {
        return;
    };
    assert_eq!(landed, info.frames.map_or(target, |f| target.min(f)));
    assert_eq!(decoder.position(), landed);
    let (rest, _) = read_to_end(&mut decoder, &mut buf, wav.len());
    if clean_end {
        assert_eq!(
            rest,
            total - landed,
            "after seeking to frame {landed} of {total}, reading gave {rest} frames"
        );
    }
}

/// Frames read until the end or an error, and whether it was the end.
fn read_to_end(decoder: &mut decode::Decoder, buf: &mut [f32], file_len: usize) -> (u64, bool) {
    let channels = decoder.info().channels as u64;
    let mut total: u64 = 0;
    loop {
        match decoder.read(buf) {
            Ok(0) => return (total, true),
            Ok(frames) => {
                total += frames as u64;
                // No codec this app reads stores a sample in less than a byte.
                assert!(
                    total * channels <= file_len as u64,
                    "{total} frames of {channels} channels from {file_len} bytes"
                );
            }
            Err(_) => return (total, false),
        }
    }
}
