//! `formant peaks`: waveform peaks of a WAV file, as BBC audiowaveform's JSON (format 2).

use std::io::Write;
use std::path::{Path, PathBuf};

use formant_audio::peaks::{peaks_from_path, Bits, PeaksError, PeaksOptions, Scale, Waveform};

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

pub fn run(args: &PeaksArgs) -> Result<(), PeaksError> {
    let waveform = peaks_from_path(&args.input, &args.options()?)?;
    if args.output.as_os_str() == "-" {
        let stdout = std::io::stdout();
        return waveform
            .write_audiowaveform_json(stdout.lock())
            .map_err(|source| PeaksError::Write {
                path: args.output.clone(),
                source,
            });
    }
    write_replacing(&args.output, &waveform)
}

/// Writes into a temp file beside `path` and renames it over `path`, so a failure leaves the
/// previous file whole. No fsync: peaks are derived data that can always be recomputed, and
/// syncing would cost more than computing them.
fn write_replacing(path: &Path, waveform: &Waveform) -> Result<(), PeaksError> {
    let write_error = |source| PeaksError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".formant-peaks-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(write_error)?;
    waveform
        .write_audiowaveform_json(temp.as_file_mut())
        .and_then(|()| temp.as_file_mut().flush())
        .map_err(write_error)?;
    temp.persist(path).map_err(|e| write_error(e.error))?;
    Ok(())
}
