//! Peaks of a whole WAV file in one pass.
//!
//! Reading a file out of the page cache is the kernel copying it into our buffer; the min/max
//! over those bytes costs less than that copy. One thread reads a block into one reused buffer
//! and folds it while it is still in the cache, then reads the next: the same loop as `cat`,
//! with the fold added.
//!
//! Measured on this project's 2-core VM (`bench/peaks.sh`), a reader thread handing blocks to a
//! folding thread was slower than this on every input (a 1-hour mu-law file: 17.2 against 14.3
//! ms, `cat` 8.7 ms): each hand-off wakes the other core, which in a VM is an exit to the
//! hypervisor, and the blocks it needed to make hand-offs rare no longer fitted in the cache.
//! Spinning instead of sleeping on the hand-off did not help (16.8 ms): the reader's copies
//! slowed down as much as the fold was hidden.
//! Mapping the file (`mmap`) instead of reading it was slower too: the page faults cost what the
//! copy saved, and the fold then read from memory instead of from the cache.
//!
//! A large regular file is shared among the cores instead ([`super::pieces`]).

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use super::engine::PeaksEngine;
use super::pieces;
use super::{PeaksError, PeaksOptions, Waveform};

/// Bytes read per block: `cat`'s own size, and small enough to stay in any CPU's L2 cache
/// between the kernel's copy and the fold.
pub(super) const BLOCK: usize = 128 * 1024;

/// Peaks of the WAV file at `path`.
pub fn peaks_from_path(path: &Path, options: &PeaksOptions) -> Result<Waveform, PeaksError> {
    let read_error = |source| PeaksError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    let helpers = pieces::helpers_for(&file);
    let result = if helpers > 0 {
        pieces::peaks_in_pieces(file, helpers, options)
    } else {
        peaks_from_reader(file, options)
    };
    result.map_err(|e| match e {
        PeaksError::Io(source) => read_error(source),
        other => other,
    })
}

/// Peaks of a WAV file read from `reader` to its end (no buffering needed: reads are large).
pub fn peaks_from_reader(
    mut reader: impl Read,
    options: &PeaksOptions,
) -> Result<Waveform, PeaksError> {
    let mut engine = PeaksEngine::new(options.scale, options.split_channels);
    let mut block = AlignedBlock::new(BLOCK);
    loop {
        let n = fill(&mut reader, block.bytes_mut())?;
        if n == 0 {
            break;
        }
        engine.push(&block.bytes()[..n])?;
    }
    engine.finish()?.with_bits(options.bits)
}

/// Reads until `buf` is full or the input ends; the bytes read (0 at the end).
pub(super) fn fill(reader: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
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
pub(super) struct AlignedBlock {
    storage: Vec<u8>,
    start: usize,
    len: usize,
}

impl AlignedBlock {
    const PAGE: usize = 4096;

    pub(super) fn new(len: usize) -> Self {
        let storage = vec![0u8; len + Self::PAGE];
        let start = storage.as_ptr().align_offset(Self::PAGE).min(Self::PAGE);
        Self {
            storage,
            start,
            len,
        }
    }

    pub(super) fn bytes(&self) -> &[u8] {
        &self.storage[self.start..self.start + self.len]
    }

    pub(super) fn bytes_mut(&mut self) -> &mut [u8] {
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
    fn blocks_of_any_size_give_the_same_waveform() {
        // Reads that end mid-frame and mid-pixel (1000 bytes at a time) against one read of it all.
        let wav = ramp_wav(3 * BLOCK + 777);
        let whole = peaks_from_reader(Cursor::new(&wav), &PeaksOptions::default()).unwrap();
        let dribbled = FailingAfter {
            inner: Cursor::new(wav.clone()),
            left: usize::MAX,
        };
        let pieces = peaks_from_reader(dribbled, &PeaksOptions::default()).unwrap();
        assert_eq!(whole.data, pieces.data);
        assert_eq!(whole.data.len(), 2 * (3 * BLOCK + 777).div_ceil(256));
    }

    #[test]
    fn a_read_error_midway_is_reported() {
        let reader = FailingAfter {
            inner: Cursor::new(ramp_wav(2 * BLOCK)),
            left: BLOCK + 5,
        };
        let err = peaks_from_reader(reader, &PeaksOptions::default())
            .expect_err("the read error must come through");
        assert!(err.to_string().contains("disk went away"), "{err}");
    }

    #[test]
    fn a_bad_header_stops_at_the_first_block() {
        let junk = vec![0x5Au8; 4 * BLOCK];
        assert!(peaks_from_reader(Cursor::new(junk), &PeaksOptions::default()).is_err());
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
