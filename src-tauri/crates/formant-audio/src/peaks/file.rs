//! Peaks of a whole WAV file in one pass.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;

use super::engine::PeaksEngine;
use super::{PeaksError, PeaksOptions, Waveform};

/// Bytes per read: large enough that system calls do not show, small enough to stay in L2.
const READ_BLOCK: usize = 256 * 1024;

/// Peaks of the WAV file at `path`.
pub fn peaks_from_path(path: &Path, options: &PeaksOptions) -> Result<Waveform, PeaksError> {
    let read_error = |source| PeaksError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = File::open(path).map_err(read_error)?;
    compute(file, options).map_err(|e| match e {
        PeaksError::Io(source) => read_error(source),
        other => other,
    })
}

/// Peaks of a WAV file read from `reader` to its end (no buffering needed: reads are large).
pub fn peaks_from_reader(
    reader: impl Read,
    options: &PeaksOptions,
) -> Result<Waveform, PeaksError> {
    compute(reader, options)
}

fn compute(mut reader: impl Read, options: &PeaksOptions) -> Result<Waveform, PeaksError> {
    let mut engine = PeaksEngine::new(options.scale, options.split_channels);
    let mut block = vec![0u8; READ_BLOCK];
    loop {
        let n = match reader.read(&mut block) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(PeaksError::Io(e)),
        };
        engine.push(&block[..n])?;
    }
    engine.finish()?.with_bits(options.bits)
}
