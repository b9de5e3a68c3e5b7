//! Peaks of a large regular file, shared among the cores.
//!
//! The audio is cut into pieces of about a megabyte, each starting on a pixel boundary, so a
//! pixel never spans two pieces and their pixels laid end to end are those of one pass. Each
//! thread takes the next piece nobody has taken and reads and folds it as the single pass does
//! (its own reused block, read at the piece's offset). The threads meet only at the end.
//!
//! Why pieces that are taken, not one half per core: on the 2-core VM a second thread often
//! starts late, after its core wakes up or after the scheduler moves it off its parent's core.
//! With fixed halves the whole run then waited for it (a 1-hour mu-law file took 6.9-7.9 ms in
//! most runs, against 4.6-5 ms when both cores ran at once, and 6.5 ms in one pass). With
//! pieces the calling thread simply takes more of them, and only waits for a piece a helper is
//! still folding; a helper that starts after the last piece is taken finds nothing and ends.

use std::any::Any;
use std::fs::File;
use std::io::ErrorKind;
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use super::engine::PeaksEngine;
use super::file::{AlignedBlock, BLOCK};
use super::{PeaksError, PeaksOptions, Waveform};

/// Files smaller than this are read in one pass: starting a thread costs more than it saves.
const MIN_SHARED: u64 = 4 * 1024 * 1024;
/// Past a few cores the copy out of the page cache is bound by memory, not by the cores.
const MAX_THREADS: usize = 4;
/// Bytes of audio per piece: a few dozen pieces for an hour of telephony audio, each several
/// blocks long, so taking one is rare next to reading it.
const PIECE: u64 = 1024 * 1024;

/// How many threads to start besides the caller's for `file`: none (one pass) unless it is a
/// regular file large enough to share among this machine's cores, and reads at an offset exist.
pub(super) fn helpers_for(file: &File) -> usize {
    if !cfg!(any(unix, windows)) {
        return 0;
    }
    let Ok(meta) = file.metadata() else {
        return 0;
    };
    if !meta.is_file() || meta.len() < MIN_SHARED {
        // Asking for the cores reads the cgroup's files: not worth it for a small file.
        return 0;
    }
    let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    cores.min(MAX_THREADS) - 1
}

/// Peaks of the regular file `file`, with up to `helpers` threads besides this one.
pub(super) fn peaks_in_pieces(
    file: File,
    helpers: usize,
    options: &PeaksOptions,
) -> Result<Waveform, PeaksError> {
    peaks_in_pieces_of(file, helpers, PIECE, options)
}

fn peaks_in_pieces_of(
    file: File,
    helpers: usize,
    piece_len: u64,
    options: &PeaksOptions,
) -> Result<Waveform, PeaksError> {
    let mut engine = PeaksEngine::new(options.scale, options.split_channels);
    let mut block = AlignedBlock::new(BLOCK);
    // The header first, in one pass, however long it is.
    let mut pos = 0u64;
    while engine.pixel_bytes().is_none() {
        let n = fill_at(&file, block.bytes_mut(), pos)?;
        if n == 0 {
            break;
        }
        engine.push(&block.bytes()[..n])?;
        pos += n as u64;
    }
    let (Some(pixel_bytes), Some(data_left)) = (engine.pixel_bytes(), engine.data_left()) else {
        return engine.finish()?.with_bits(options.bits);
    };
    let in_file = file.metadata()?.len().saturating_sub(pos);
    let audio_left = data_left.map_or(in_file, |left| left.min(in_file));
    let pieces = cut(engine, pos, audio_left, pixel_bytes, piece_len);

    let helpers = helpers.min(pieces.len() - 1);
    let work = Arc::new(Work::new(pieces));
    let file = Arc::new(file);
    let here = cores::current();
    for _ in 0..helpers {
        let (work, file) = (work.clone(), file.clone());
        // Without the thread, this one takes its pieces.
        let _ = std::thread::Builder::new()
            .name("formant-peaks".into())
            .spawn(move || {
                cores::leave(here);
                work.take_pieces(&file, &mut AlignedBlock::new(BLOCK));
            });
    }
    if helpers > 0 {
        // A helper queued behind this thread gets to run at once, and moves (see `cores`).
        std::thread::yield_now();
    }
    work.take_pieces(&file, &mut block);
    work.join()?.finish()?.with_bits(options.bits)
}

/// Linux often queues a new thread on its parent's core, even with another core idle (that
/// core's recent load is remembered for tens of milliseconds), and moves it only when it next
/// balances, milliseconds later or never in a run this short: traced on the 2-core VM, the
/// helper waited 3 ms, or shared its parent's core for the whole run. So the parent yields once
/// after starting its helpers, and a helper that finds itself on its parent's core moves off it
/// (one system call), then may run anywhere again.
mod cores {
    /// The core this thread runs on, where the system says.
    pub(super) fn current() -> Option<usize> {
        #[cfg(target_os = "linux")]
        return Some(rustix::thread::sched_getcpu());
        #[cfg(not(target_os = "linux"))]
        return None;
    }

    /// Moves this thread off `core` if it is there and another core may take it.
    pub(super) fn leave(core: Option<usize>) {
        #[cfg(target_os = "linux")]
        {
            use rustix::thread::{sched_getaffinity, sched_setaffinity};
            let Some(core) = core.filter(|&c| c == rustix::thread::sched_getcpu()) else {
                return;
            };
            let Ok(allowed) = sched_getaffinity(None) else {
                return;
            };
            let mut elsewhere = allowed;
            elsewhere.unset(core);
            if elsewhere.count() > 0 && sched_setaffinity(None, &elsewhere).is_ok() {
                // Best effort: failing, the thread stays on the cores it was moved to.
                let _ = sched_setaffinity(None, &allowed);
            }
        }
        #[cfg(not(target_os = "linux"))]
        let _ = core;
    }
}

/// Cuts the `audio_left` bytes of audio from `pos` into pieces of about `piece_len` bytes, each
/// ending on a pixel boundary: `engine`, which has read up to `pos`, keeps the first. The
/// boundaries lie whole pixels after the start of the pixel the engine is filling.
fn cut(
    mut engine: PeaksEngine,
    pos: u64,
    audio_left: u64,
    pixel_bytes: u64,
    piece_len: u64,
) -> Vec<(u64, PeaksEngine)> {
    let end = pos.saturating_add(audio_left);
    let pixel_start = pos - engine.bytes_into_pixel().min(pos);
    let step = piece_len
        .max(1)
        .div_ceil(pixel_bytes.max(1))
        .saturating_mul(pixel_bytes);
    let mut pieces = Vec::new();
    let mut at = pos;
    // The first boundary at least `piece_len` past the start of the engine's pixel.
    let mut next_cut = pixel_start.saturating_add(step);
    while next_cut < end {
        let Some(rest) = engine.split_off(next_cut - at) else {
            break;
        };
        pieces.push((at, std::mem::replace(&mut engine, rest)));
        at = next_cut;
        next_cut = next_cut.saturating_add(step);
    }
    pieces.push((at, engine));
    pieces
}

/// The pieces and who has them.
struct Work {
    state: Mutex<State>,
    /// Signalled whenever a piece is done.
    piece_done: Condvar,
}

struct State {
    /// The first piece nobody has taken.
    next: usize,
    pieces: Vec<Piece>,
}

enum Piece {
    Waiting {
        at: u64,
        engine: PeaksEngine,
    },
    Taken,
    Done(Result<PeaksEngine, PeaksError>),
    /// A bug in a helper: passed on to the caller as the panic it was.
    Panicked(Box<dyn Any + Send>),
}

impl Work {
    fn new(pieces: Vec<(u64, PeaksEngine)>) -> Self {
        let pieces = pieces
            .into_iter()
            .map(|(at, engine)| Piece::Waiting { at, engine })
            .collect();
        Self {
            state: Mutex::new(State { next: 0, pieces }),
            piece_done: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Pieces are only moved in and out under the lock, never half-written: a panic
        // elsewhere leaves nothing to distrust.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes pieces one by one and folds them until none is left.
    fn take_pieces(&self, file: &File, block: &mut AlignedBlock) {
        loop {
            let (index, at, engine) = {
                let mut state = self.lock();
                let index = state.next;
                let Some(slot) = state.pieces.get_mut(index) else {
                    return;
                };
                let Piece::Waiting { at, engine } = std::mem::replace(slot, Piece::Taken) else {
                    return;
                };
                state.next += 1;
                (index, at, engine)
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| read_piece(file, engine, at, block)));
            let done = match outcome {
                Ok(result) => Piece::Done(result),
                Err(panic) => Piece::Panicked(panic),
            };
            self.lock().pieces[index] = done;
            self.piece_done.notify_all();
        }
    }

    /// Once every piece is taken: the pieces' pixels end to end, waiting for those that
    /// helpers are still folding.
    fn join(&self) -> Result<PeaksEngine, PeaksError> {
        let mut state = self.lock();
        let mut whole: Option<PeaksEngine> = None;
        for index in 0..state.pieces.len() {
            while matches!(state.pieces[index], Piece::Taken) {
                state = self
                    .piece_done
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            let engine = match std::mem::replace(&mut state.pieces[index], Piece::Taken) {
                Piece::Done(result) => result?,
                Piece::Panicked(panic) => resume_unwind(panic),
                // Not reached: the caller took every piece left before joining.
                Piece::Waiting { .. } | Piece::Taken => continue,
            };
            match whole.as_mut() {
                Some(whole) => whole.append(engine),
                None => whole = Some(engine),
            }
        }
        whole.ok_or(PeaksError::NoSamples)
    }
}

/// Reads the file from `at` into `engine` until the engine has had its piece (or the file
/// ends).
fn read_piece(
    file: &File,
    mut engine: PeaksEngine,
    at: u64,
    block: &mut AlignedBlock,
) -> Result<PeaksEngine, PeaksError> {
    let mut pos = at;
    while engine.data_left() != Some(Some(0)) {
        let n = fill_at(file, block.bytes_mut(), pos)?;
        if n == 0 {
            break;
        }
        engine.push(&block.bytes()[..n])?;
        pos += n as u64;
    }
    Ok(engine)
}

/// Reads until `buf` is full or the file ends, from `offset`, without moving a shared position.
fn fill_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match read_at(file, &mut buf[filled..], offset + filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, offset)
}

/// Every read names its offset, so the file pointer this moves is never relied on.
#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, offset)
}

#[cfg(not(any(unix, windows)))]
fn read_at(_file: &File, _buf: &mut [u8], _offset: u64) -> std::io::Result<usize> {
    Err(ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::super::file::peaks_from_reader;
    use super::super::Scale;
    use super::*;
    use std::io::Cursor;

    /// A WAV file of `data_len` bytes of noise in any layout, followed by a chunk that is not
    /// audio; `declared` is the data size the header states.
    fn noise_wav(tag: u16, bits: u16, channels: u16, data_len: usize, declared: u32) -> Vec<u8> {
        let block_align = channels * bits / 8;
        let mut out = Vec::new();
        out.extend_from_slice(b"RIFF");
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(b"WAVEfmt ");
        out.extend_from_slice(&16u32.to_le_bytes());
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&channels.to_le_bytes());
        out.extend_from_slice(&8_000u32.to_le_bytes());
        out.extend_from_slice(&(8_000 * u32::from(block_align)).to_le_bytes());
        out.extend_from_slice(&block_align.to_le_bytes());
        out.extend_from_slice(&bits.to_le_bytes());
        out.extend_from_slice(b"data");
        out.extend_from_slice(&declared.to_le_bytes());
        let mut seed = 0x2545_F491u32;
        out.extend((0..data_len).map(|_| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as u8
        }));
        out.extend_from_slice(b"LIST\x04\0\0\0junk");
        out
    }

    /// `bytes` as an open file (removed again at once: the open handle keeps it readable).
    fn file_of(bytes: &[u8]) -> File {
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, bytes).unwrap();
        file
    }

    #[test]
    fn pieces_read_side_by_side_give_the_one_pass_waveform() {
        // (format tag, bits, channels, split channels, samples per pixel)
        let layouts = [
            (1, 16, 1, false, 256),
            (7, 8, 1, false, 256),
            (6, 8, 2, true, 100),
            (1, 24, 2, false, 333),
            (1, 24, 3, true, 7),
            (3, 32, 2, false, 256),
        ];
        for (tag, bits, channels, split, spp) in layouts {
            let options = PeaksOptions {
                scale: Scale::SamplesPerPixel(spp),
                split_channels: split,
                ..PeaksOptions::default()
            };
            // Data not a whole number of frames or pixels, several blocks in all.
            let data_len = 5 * BLOCK + 12_345;
            for declared in [
                data_len as u32,
                (data_len / 2) as u32,
                0xFFFF_FFFF,
                u32::MAX - 7,
            ] {
                let wav = noise_wav(tag, bits, channels, data_len, declared);
                let one_pass = peaks_from_reader(Cursor::new(&wav), &options).unwrap();
                // Pieces of under a block, about a block and several blocks; no helper (the
                // caller takes every piece), one, and three.
                for (helpers, piece) in
                    [(0, 77_777), (1, 100_000), (1, 3 * BLOCK as u64), (3, 5_000)]
                {
                    let shared = peaks_in_pieces_of(file_of(&wav), helpers, piece, &options);
                    assert_eq!(
                        shared.unwrap().data,
                        one_pass.data,
                        "format {tag}/{bits} bits/{channels} ch, split {split}, spp {spp}, \
                         declared {declared}, {helpers} helpers, pieces of {piece}"
                    );
                }
            }
        }
    }

    #[test]
    fn pieces_smaller_than_a_pixel_still_give_every_pixel() {
        let options = PeaksOptions::default();
        let wav = noise_wav(1, 16, 1, 3 * 512 + 10, (3 * 512 + 10) as u32);
        let one_pass = peaks_from_reader(Cursor::new(&wav), &options).unwrap();
        let shared = peaks_in_pieces_of(file_of(&wav), 3, 1, &options).unwrap();
        assert_eq!(shared.data, one_pass.data);
        assert_eq!(shared.data.len(), 2 * 4);
    }

    #[test]
    fn a_bad_file_is_reported_as_one_pass_reports_it() {
        let options = PeaksOptions::default();
        let junk = vec![0x5Au8; 4 * BLOCK];
        let err = peaks_in_pieces_of(file_of(&junk), 1, 100_000, &options);
        assert!(matches!(err, Err(PeaksError::NotWav)), "{err:?}");
        let header_only = noise_wav(1, 16, 1, 0, 1000);
        let header_only = &header_only[..header_only.len() - 12];
        let err = peaks_in_pieces_of(file_of(header_only), 1, 100_000, &options);
        assert!(matches!(err, Err(PeaksError::NoSamples)), "{err:?}");
    }

    #[test]
    fn only_large_regular_files_are_shared_among_cores() {
        assert_eq!(helpers_for(&file_of(&[0u8; 1000])), 0);
        let large = file_of(&vec![0u8; MIN_SHARED as usize]);
        let cores = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
        assert_eq!(helpers_for(&large), cores.min(MAX_THREADS) - 1);
        #[cfg(unix)]
        {
            // A device (or a FIFO) has no length to cut: one pass.
            assert_eq!(helpers_for(&File::open("/dev/null").unwrap()), 0);
        }
    }
}
