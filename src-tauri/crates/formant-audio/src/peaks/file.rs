//! Peaks of a whole WAV file in one pass.
//!
//! Reading a file out of the page cache is the kernel copying it into our buffer; the min/max
//! over those bytes is a fraction of that work. With a second core, a reader thread keeps the
//! kernel copying while this thread folds the block before, so the fold costs (nearly) no time
//! at all: the whole run takes about as long as `cat`. With one core there is nothing to
//! overlap, and one thread reads and folds in turn.
//!
//! Blocks are a few hundred KiB: large enough that handing one over (a wake-up of the other
//! thread) is rare, small enough that a block is still in the cache when it is folded. Every
//! buffer starts on a page boundary (see [`AlignedBlock`]).

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::sync::mpsc;
use std::thread;

use super::engine::PeaksEngine;
use super::{PeaksError, PeaksOptions, Waveform};

/// Bytes per block handed from the reader to the fold.
const BLOCK: usize = 512 * 1024;

/// Blocks in flight between the two threads: one being read, one being folded, spares so
/// neither waits on the other's jitter.
const BLOCKS_IN_FLIGHT: usize = 4;

/// Peaks of the WAV file at `path`.
pub fn peaks_from_path(path: &Path, options: &PeaksOptions) -> Result<Waveform, PeaksError> {
    let read_error = |source| PeaksError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    peaks_from_reader(file, options).map_err(|e| match e {
        PeaksError::Io(source) => read_error(source),
        other => other,
    })
}

/// Peaks of a WAV file read from `reader` to its end (no buffering needed: reads are large).
pub fn peaks_from_reader(
    reader: impl Read + Send,
    options: &PeaksOptions,
) -> Result<Waveform, PeaksError> {
    let mut engine = PeaksEngine::new(options.scale, options.split_channels);
    let cores = thread::available_parallelism().map_or(1, |n| n.get());
    if cores > 1 {
        fold_while_reading(reader, &mut engine)?;
    } else {
        fold_in_turn(reader, &mut engine)?;
    }
    engine.finish()?.with_bits(options.bits)
}

/// One thread: read a block, fold it, read the next.
fn fold_in_turn(mut reader: impl Read, engine: &mut PeaksEngine) -> Result<(), PeaksError> {
    let mut block = AlignedBlock::new(BLOCK);
    loop {
        let n = fill(&mut reader, block.bytes_mut())?;
        if n == 0 {
            return Ok(());
        }
        engine.push(&block.bytes()[..n])?;
    }
}

/// A reader thread fills blocks while this one folds them; empty blocks go back to be refilled.
fn fold_while_reading(
    mut reader: impl Read + Send,
    engine: &mut PeaksEngine,
) -> Result<(), PeaksError> {
    let (full_tx, full_rx) =
        mpsc::sync_channel::<std::io::Result<(AlignedBlock, usize)>>(BLOCKS_IN_FLIGHT);
    let (empty_tx, empty_rx) = mpsc::sync_channel::<AlignedBlock>(BLOCKS_IN_FLIGHT);
    for _ in 0..BLOCKS_IN_FLIGHT {
        // Cannot fail: the channel has room for every block and its receiver is alive.
        let _ = empty_tx.send(AlignedBlock::new(BLOCK));
    }
    // `move`: the fold's ends of both channels belong to this closure, so they are dropped as
    // soon as it returns, before the scope waits for the reader (see the end).
    thread::scope(move |scope| {
        scope.spawn(move || {
            // Ends at the end of the file, on an error, or when the fold stops taking blocks
            // (it failed on the data): a send or receive fails once the other side is gone.
            while let Ok(mut block) = empty_rx.recv() {
                let filled = fill(&mut reader, block.bytes_mut()).map(|n| (block, n));
                let last = !matches!(filled, Ok((_, n)) if n > 0);
                if full_tx.send(filled).is_err() || last {
                    return;
                }
            }
        });
        for filled in full_rx {
            let (block, n) = filled?;
            if n == 0 {
                break;
            }
            engine.push(&block.bytes()[..n])?;
            // The reader may already have ended; then the block is simply dropped.
            let _ = empty_tx.send(block);
        }
        // Returning, early or not, drops `full_rx` and `empty_tx`, which ends the reader's loop
        // at its next send or receive; then the scope joins it.
        Ok(())
    })
}

/// Reads until `buf` is full or the input ends; the bytes read (0 at the end).
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// A buffer that starts on a page boundary, as `cat`'s does: the kernel's copy out of the page
/// cache (`rep movsb`) runs at half speed or worse on some CPUs when its destination is not
/// aligned, and an allocation is only guaranteed 16 bytes.
struct AlignedBlock {
    storage: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedBlock {
    const PAGE: usize = 4096;

    fn new(len: usize) -> Self {
        let storage = vec![0u8; len + Self::PAGE];
        let start = storage.as_ptr().align_offset(Self::PAGE).min(Self::PAGE);
        Self {
            storage,
            start,
            len,
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.storage[self.start..self.start + self.len]
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        &mut self.storage[self.start..self.start + self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A WAV file of 16-bit mono samples: a ramp, long enough for many blocks.
    fn ramp_wav(samples: usize) -> Vec<u8> {
        let data_len = (samples * 2) as u32;
        let mut out = Vec::new();
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&(36 + data_len).to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&1u16.to_le_bytes());
        out.extend_from_slice(&16_000u32.to_le_bytes());
        out.extend_from_slice(&32_000u32.to_le_bytes());
        out.extend_from_slice(&2u16.to_le_bytes());
        out.extend_from_slice(&16u16.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&data_len.to_le_bytes());
        for i in 0..samples {
            out.extend_from_slice(&((i % 65_536) as u16 as i16).to_le_bytes());
        }
        out
    }

    /// A reader that hands out a few bytes at a time, then fails.
    struct FailingAfter {
        inner: Cursor<Vec<u8>>,
        left: usize,
    }

    impl Read for FailingAfter {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::Error::other("the disk went away"));
            }
            let room = buf.len().min(self.left).min(1000);
            let n = self.inner.read(&mut buf[..room])?;
            self.left -= n;
            Ok(n)
        }
    }

    #[test]
    fn both_ways_of_reading_give_the_same_waveform() {
        let wav = ramp_wav(3 * BLOCK + 777);
        let mut overlapped = PeaksEngine::new(Default::default(), false);
        fold_while_reading(Cursor::new(&wav), &mut overlapped).unwrap();
        let mut in_turn = PeaksEngine::new(Default::default(), false);
        fold_in_turn(Cursor::new(&wav), &mut in_turn).unwrap();
        let (a, b) = (overlapped.finish().unwrap(), in_turn.finish().unwrap());
        assert_eq!(a.data, b.data);
        assert_eq!(a.data.len(), 2 * (3 * BLOCK + 777).div_ceil(256));
    }

    #[test]
    fn a_read_error_midway_is_reported_by_both() {
        let wav = ramp_wav(2 * BLOCK);
        for overlapped in [true, false] {
            let reader = FailingAfter {
                inner: Cursor::new(wav.clone()),
                left: BLOCK + 5,
            };
            let mut engine = PeaksEngine::new(Default::default(), false);
            let result = if overlapped {
                fold_while_reading(reader, &mut engine)
            } else {
                fold_in_turn(reader, &mut engine)
            };
            let err = result.expect_err("the read error must come through");
            assert!(err.to_string().contains("disk went away"), "{err}");
        }
    }

    #[test]
    fn a_bad_header_stops_the_reader_too() {
        // Not a WAV: the fold fails on the first block; the reader must end, not block forever.
        let junk = vec![0x5Au8; 4 * BLOCK];
        let mut engine = PeaksEngine::new(Default::default(), false);
        assert!(fold_while_reading(Cursor::new(junk), &mut engine).is_err());
    }

    #[test]
    fn blocks_start_on_a_page() {
        for len in [1, 4096, BLOCK] {
            let block = AlignedBlock::new(len);
            assert_eq!(block.bytes().as_ptr() as usize % AlignedBlock::PAGE, 0);
            assert_eq!(block.bytes().len(), len);
        }
    }
}
