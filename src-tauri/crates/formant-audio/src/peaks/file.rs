//! Peaks of a whole WAV file in one pass.
//!
//! Copying file data out of the page cache is a large share of the work (about as much as the
//! min/max itself), so a reader thread fills blocks while this thread folds the previous ones:
//! the two run on separate cores instead of one after the other. Blocks circulate between the
//! threads over two bounded channels (full ones one way, emptied ones back), so memory stays at
//! `BLOCKS * READ_BLOCK` however long the file is, and nothing is allocated per block.

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread;

use super::engine::PeaksEngine;
use super::{PeaksError, PeaksOptions, Waveform};

/// Bytes per block: large enough that system calls and channel hand-offs do not show, small
/// enough that a block is still in cache when the other thread picks it up.
const READ_BLOCK: usize = 256 * 1024;

/// Blocks in flight: one being read, one being folded, and slack so neither side waits on a
/// momentary stall of the other.
const BLOCKS: usize = 4;

/// A block read from the input: the buffer and how many of its bytes are data.
struct Block {
    buf: Vec<u8>,
    len: usize,
}

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
/// The reader is moved to a reading thread for the duration of the call, hence `Send`.
pub fn peaks_from_reader(
    reader: impl Read + Send,
    options: &PeaksOptions,
) -> Result<Waveform, PeaksError> {
    compute(reader, options)
}

fn compute(reader: impl Read + Send, options: &PeaksOptions) -> Result<Waveform, PeaksError> {
    let mut engine = PeaksEngine::new(options.scale, options.split_channels);
    let (full_tx, full_rx) = sync_channel::<std::io::Result<Block>>(BLOCKS);
    let (empty_tx, empty_rx) = sync_channel::<Vec<u8>>(BLOCKS);
    for _ in 0..BLOCKS {
        // Cannot fail: the receiver is alive and the channel has room for every block.
        let _ = empty_tx.send(vec![0u8; READ_BLOCK]);
    }
    thread::scope(|scope| {
        scope.spawn(move || read_blocks(reader, &empty_rx, &full_tx));
        fold_blocks(&mut engine, full_rx, empty_tx)
    })?;
    engine.finish()?.with_bits(options.bits)
}

/// Folds blocks as they arrive, handing each buffer back for reuse. Returning drops both channel
/// ends, which stops the reader at its next hand-off, also when folding failed part way.
fn fold_blocks(
    engine: &mut PeaksEngine,
    full: Receiver<std::io::Result<Block>>,
    empty: SyncSender<Vec<u8>>,
) -> Result<(), PeaksError> {
    for block in full {
        let block = block?;
        engine.push(&block.buf[..block.len])?;
        // Fails only once the reader has finished, when the buffer is no longer needed.
        let _ = empty.send(block.buf);
    }
    Ok(())
}

/// The reader thread: fills each empty buffer (to the end, so short reads from pipes still make
/// large blocks) and sends it on, until the end of the input, an error, or the folder leaves.
fn read_blocks(
    mut reader: impl Read,
    empty: &Receiver<Vec<u8>>,
    full: &SyncSender<std::io::Result<Block>>,
) {
    while let Ok(mut buf) = empty.recv() {
        let mut len = 0;
        while len < buf.len() {
            match reader.read(&mut buf[len..]) {
                Ok(0) => break,
                Ok(n) => len += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => {
                    // Data read before the error is still folded first, as a sequential read
                    // would have done, then the error ends the computation.
                    if len > 0 && full.send(Ok(Block { buf, len })).is_err() {
                        return;
                    }
                    let _ = full.send(Err(e));
                    return;
                }
            }
        }
        let at_end = len < buf.len();
        if len > 0 && full.send(Ok(Block { buf, len })).is_err() {
            return;
        }
        if at_end {
            return;
        }
    }
}
