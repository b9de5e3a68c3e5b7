//! Peaks of a whole WAV file in one pass.
//!
//! One thread reads the file into one reused buffer and folds each block as it arrives. The
//! buffer is small enough to stay in the core's L2 cache, so the bytes the kernel copies out of
//! the page cache are still there when the min/max runs over them. (A reader thread handing
//! large blocks to a folding thread was tried before: on a busy two-core machine the hand-offs
//! and the blocks falling out of cache cost more than the overlap saved. Mapping the file was
//! tried too: in a VM every page fault is expensive, and it was four times slower than reading.)

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use super::engine::PeaksEngine;
use super::{PeaksError, PeaksOptions, Waveform};

/// Bytes per read, as `cat` uses: few system calls, and well inside any L2 cache.
const READ_BLOCK: usize = 128 * 1024;

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
    mut reader: impl Read,
    options: &PeaksOptions,
) -> Result<Waveform, PeaksError> {
    let mut engine = PeaksEngine::new(options.scale, options.split_channels);
    let mut block = vec![0u8; READ_BLOCK];
    loop {
        match reader.read(&mut block) {
            Ok(0) => break,
            Ok(n) => engine.push(&block[..n])?,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        }
    }
    engine.finish()?.with_bits(options.bits)
}
