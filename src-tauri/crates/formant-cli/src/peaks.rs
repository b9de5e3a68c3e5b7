//! `formant peaks`: waveform peaks of a WAV file, as BBC audiowaveform's JSON (format 2).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;

use formant_audio::peaks::{peaks_from_path, Bits, PeaksError, PeaksOptions, Scale, Waveform};
use formant_files::AtomicFile;

use crate::error::CliError;
use crate::interrupt::Interrupt;

#[derive(clap::Args, Debug)]
pub struct PeaksArgs {
    /// The WAV file (PCM 8/16/24/32-bit, float 32/64, mu-law or A-law; any channel count).
    pub input: PathBuf,
    /// Where to write the JSON; "-" for standard output.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Pixels per second of audio (samples per pixel = sample rate / N).
    #[arg(long, conflicts_with = "samples_per_pixel")]
    pub pixels_per_second: Option<u32>,
    /// Samples per pixel (audiowaveform's -z); the default is 256.
    #[arg(short = 'z', long)]
    pub samples_per_pixel: Option<u32>,
    /// Resolution of the values: 8 or 16.
    #[arg(short, long, default_value_t = 16)]
    pub bits: u32,
    /// One min/max pair per channel instead of mixing all channels to one.
    #[arg(long)]
    pub split_channels: bool,
}

impl PeaksArgs {
    fn options(&self) -> Result<PeaksOptions, PeaksError> {
        let scale = match (self.pixels_per_second, self.samples_per_pixel) {
            (Some(pps), _) => Scale::PixelsPerSecond(pps),
            (None, Some(spp)) => Scale::SamplesPerPixel(spp),
            (None, None) => Scale::default(),
        };
        Ok(PeaksOptions {
            scale,
            bits: Bits::try_from(self.bits)?,
            split_channels: self.split_channels,
        })
    }
}

/// Computes and writes the peaks on one blocking thread (the work is CPU and disk bound; a
/// second thread for the writing cost a fifth of an hour's mu-law peaks in start-up alone).
///
/// On a signal while computing, which writes nothing, the thread is abandoned at once (its input
/// may be a FIFO that never ends). Once it writes, it is told to stop and waited for, so its temp
/// file is gone before the process exits. [`Phase`] settles which of the two happens.
pub async fn run(args: &PeaksArgs, interrupt: &Interrupt) -> Result<(), CliError> {
    let options = args.options()?;
    let phase = Arc::new(Phase::default());
    let mut work = tokio::task::spawn_blocking({
        let (input, output, phase) = (args.input.clone(), args.output.clone(), phase.clone());
        move || -> Result<(), CliError> {
            let waveform = peaks_from_path(&input, &options)?;
            if !phase.start_writing() {
                return Ok(()); // abandoned: nobody waits for this result
            }
            Ok(write_output(&output, &waveform, &phase.stop)?)
        }
    });
    tokio::select! {
        biased;
        () = interrupt.token().cancelled() => {
            if phase.abandon() {
                return Err(interrupt.error());
            }
            phase.stop.store(true, Ordering::Relaxed);
            match work.await.map_err(lost_thread)? {
                // It had already finished: the file is whole.
                Ok(()) => Ok(()),
                Err(_) => Err(interrupt.error()),
            }
        }
        done = &mut work => done.map_err(lost_thread)?,
    }
}

/// Where the peaks thread is: computing (nothing written yet), writing, or abandoned by a signal
/// that came while it computed. Moving on from computing happens once, to one of the two.
#[derive(Default)]
struct Phase {
    state: AtomicU8,
    /// Set by a signal while writing: the writer fails at its next block.
    stop: AtomicBool,
}

impl Phase {
    const COMPUTING: u8 = 0;
    const WRITING: u8 = 1;
    const ABANDONED: u8 = 2;

    /// The thread may write (true), or was abandoned and must not create any file.
    fn start_writing(&self) -> bool {
        self.advance(Self::WRITING)
    }

    /// The signal may leave without waiting (true: the thread never writes), or it is writing.
    fn abandon(&self) -> bool {
        self.advance(Self::ABANDONED)
    }

    fn advance(&self, to: u8) -> bool {
        self.state
            .compare_exchange(Self::COMPUTING, to, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }
}

fn lost_thread(e: tokio::task::JoinError) -> CliError {
    CliError::io("the peaks computation stopped", io::Error::other(e))
}

fn write_output(output: &Path, waveform: &Waveform, stop: &AtomicBool) -> Result<(), PeaksError> {
    let write_error = |source| PeaksError::Write {
        path: output.to_path_buf(),
        source,
    };
    if output.as_os_str() == "-" {
        let stdout = io::stdout();
        return waveform
            .write_audiowaveform_json(Stoppable::new(stdout.lock(), stop))
            .map_err(write_error);
    }
    // Through the one writer: temp file renamed into place, so a reader never sees half of it;
    // not flushed to disk, since peaks can be computed again from the recording (the flushes
    // took longer than computing them). A device or FIFO (`-o /dev/null`) is written directly.
    let mut file = AtomicFile::create(output)
        .map_err(write_error)?
        .regenerable();
    waveform
        .write_audiowaveform_json(Stoppable::new(&mut file, stop))
        .map_err(write_error)?;
    if stop.load(Ordering::Relaxed) {
        // Dropping `file` removes the temp file; the old output stays.
        return Err(write_error(stopped()));
    }
    file.commit().map_err(write_error)
}

/// A writer that fails once `stop` is set, so a signal ends a long write at its next block.
struct Stoppable<'a, W> {
    inner: W,
    stop: &'a AtomicBool,
}

impl<'a, W: Write> Stoppable<'a, W> {
    fn new(inner: W, stop: &'a AtomicBool) -> Self {
        Self { inner, stop }
    }
}

fn stopped() -> io::Error {
    // Not `ErrorKind::Interrupted`: `write_all` would retry that.
    io::Error::other("stopped by a signal")
}

impl<W: Write> Write for Stoppable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(stopped());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_while_computing_or_writing_is_settled_once() {
        let phase = Phase::default();
        assert!(phase.abandon(), "while computing the signal need not wait");
        assert!(!phase.start_writing(), "an abandoned thread must not write");

        let phase = Phase::default();
        assert!(phase.start_writing());
        assert!(
            !phase.abandon(),
            "once writing, the signal waits for the temp file to go"
        );
    }

    #[test]
    fn a_stopped_write_leaves_the_old_output_and_no_temp_file() {
        let dir = tempfile::tempdir().expect("dir");
        let output = dir.path().join("peaks.json");
        std::fs::write(&output, "old peaks").expect("seed");
        let waveform = Waveform {
            channels: 1,
            sample_rate: 8000,
            samples_per_pixel: 256,
            bits: 16,
            data: vec![-1, 1, -2, 2],
        };
        let stop = AtomicBool::new(true);
        let err = write_output(&output, &waveform, &stop).expect_err("stopped");
        assert!(err.to_string().contains("stopped by a signal"), "{err}");
        assert_eq!(std::fs::read(&output).expect("read"), b"old peaks");
        assert_eq!(std::fs::read_dir(dir.path()).expect("ls").count(), 1);

        let running = AtomicBool::new(false);
        write_output(&output, &waveform, &running).expect("written");
        let json = std::fs::read_to_string(&output).expect("read");
        assert!(json.starts_with("{\"version\":2"), "{json}");
    }
}
