//! Streaming WAV decoding over symphonia.
//!
//! [`open`] returns a [`Decoder`] that hands out interleaved `f32` frames in small pieces, so
//! memory stays flat however long the recording is, and that seeks to the exact sample (an
//! accurate container seek lands on or before the target; the frames in between are dropped).
//!
//! Damaged files are read as far as they make sense: a truncated data chunk ends the stream
//! early, a packet that fails to decode is skipped, and anything that is not a readable WAV is a
//! [`DecodeError`] at open time.
//!
//! [`probe_playable`] is the one decision on whether a file is a recording this project can
//! play: the player opens files through it ([`open`] is the same check), downloads are checked
//! with it before they replace anything, and it accepts exactly the files the waveform peaks can
//! be computed for (its header half is the peaks' own parser).

mod error;
mod patched;
mod probe;
mod sniff;

pub use error::DecodeError;
pub use sniff::{sniff, LooksLike};

use std::fs::File;
use std::io::ErrorKind;
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::Arc;

use symphonia::core::codecs::audio::{AudioDecoder, AudioDecoderOptions};
use symphonia::core::errors::{Error as SymphoniaError, SeekErrorKind};
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, SeekMode, SeekTo, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream};
use symphonia::core::meta::MetadataOptions;
use symphonia::core::units::{TimeBase, Timestamp};

use crate::peaks::WavInfo;

/// A packet that fails to decode is skipped; this many failures in a row mean the rest of the
/// file is garbage, and reading stops with an error instead of spinning through it.
const MAX_CONSECUTIVE_BAD_PACKETS: u32 = 64;

/// What a recording holds, as far as its header tells.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AudioInfo {
    pub sample_rate: u32,
    pub channels: usize,
    /// Frames (samples per channel) the header promises; `None` when it does not say.
    pub frames: Option<u64>,
    /// `frames / sample_rate`, when the frame count is known.
    pub duration_secs: Option<f64>,
}

/// A streaming decoder over one recording. Not shared: one reader per consumer.
pub struct Decoder {
    wav: WavInfo,
    format: Box<dyn FormatReader>,
    codec: Box<dyn AudioDecoder>,
    track_id: u32,
    time_base: Option<TimeBase>,
    info: AudioInfo,
    /// Interleaved samples of the last decoded packet not yet handed out.
    pending: Vec<f32>,
    pending_start: usize,
    /// Frames still to drop after a seek that landed before its target.
    skip_frames: u64,
    /// Index of the frame the next `read` returns.
    position: u64,
    ended: bool,
}

/// Whether the file at `path` is a recording the player can open and the waveform can be drawn
/// for, and what its header says. Reads the header and decodes the first packet only.
pub fn probe_playable(path: &Path) -> Result<WavInfo, DecodeError> {
    open(path).map(|decoder| decoder.wav)
}

/// Opens a recording for streaming decode, after the checks of [`probe_playable`]. Reads the
/// header and the first packet.
pub fn open(path: &Path) -> Result<Decoder, DecodeError> {
    let header = probe::read_wav_header(path)?;
    let mut decoder = open_with_symphonia(path, header)?;
    if decoder.info.sample_rate != decoder.wav.sample_rate
        || decoder.info.channels != usize::from(decoder.wav.channels)
    {
        return Err(DecodeError::Malformed {
            reason: "the header can be read two ways".to_string(),
        });
    }
    // A header alone is no recording: the first frame must decode.
    if !decoder.decode_next_packet()? {
        return Err(DecodeError::NoSamples);
    }
    Ok(decoder)
}

fn open_with_symphonia(path: &Path, header: probe::Header) -> Result<Decoder, DecodeError> {
    let file = File::open(path).map_err(|source| DecodeError::Open {
        path: path.to_path_buf(),
        source: Arc::new(source),
    })?;
    let source = patched::PatchedFile::new(file, header.patches);
    open_source(Box::new(source), header.info)
}

/// Opens a recording held in memory (a fuzzing input) exactly as [`open`] opens a file: through
/// a temporary file, so the bytes meet the very checks a recording on disk meets.
pub fn open_bytes(bytes: Vec<u8>) -> Result<Decoder, DecodeError> {
    let open_error = |source| DecodeError::Open {
        path: std::env::temp_dir(),
        source: Arc::new(source),
    };
    let mut file = tempfile::NamedTempFile::new().map_err(open_error)?;
    std::io::Write::write_all(&mut file, &bytes).map_err(open_error)?;
    open(file.path())
}

fn open_source(source: Box<dyn MediaSource>, wav: WavInfo) -> Result<Decoder, DecodeError> {
    catch_decoder_panic(|| {
        let stream = MediaSourceStream::new(source, Default::default());
        let mut hint = Hint::new();
        hint.with_extension("wav");
        let format = symphonia::default::get_probe()
            .probe(
                &hint,
                stream,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|err| DecodeError::Unsupported {
                reason: err.to_string(),
            })?;
        Decoder::from_format(format, wav)
    })
    .unwrap_or_else(|()| {
        Err(DecodeError::Unsupported {
            reason: "its header makes no sense".to_string(),
        })
    })
}

/// symphonia is not panic-free on hostile headers: with overflow checks on (every debug build
/// of this app) its WAV chunk parser overflows on some, e.g. `channels * bytes per sample` for
/// 65535 channels, or the channel-mask repair for more than 32 channels (found by
/// `fuzz/wav_decode`; inputs in `fuzz/regressions/wav_decode/`). A file that makes the decoder
/// panic is a file it cannot read: an error like any other, never a dead player thread.
fn catch_decoder_panic<T>(work: impl FnOnce() -> T) -> Result<T, ()> {
    std::panic::catch_unwind(AssertUnwindSafe(work)).map_err(|_| ())
}

impl Decoder {
    fn from_format(format: Box<dyn FormatReader>, wav: WavInfo) -> Result<Decoder, DecodeError> {
        let track = format
            .default_track(TrackType::Audio)
            .ok_or(DecodeError::NoAudioTrack)?;
        let params = track
            .codec_params
            .as_ref()
            .and_then(|params| params.audio())
            .ok_or(DecodeError::NoAudioTrack)?;
        let sample_rate =
            params
                .sample_rate
                .filter(|rate| *rate > 0)
                .ok_or(DecodeError::InvalidHeader {
                    reason: "no sample rate",
                })?;
        let channels = params
            .channels
            .as_ref()
            .map(|channels| channels.count())
            .filter(|count| *count > 0)
            .ok_or(DecodeError::InvalidHeader {
                reason: "no channel count",
            })?;
        let codec = symphonia::default::get_codecs()
            .make_audio_decoder(params, &AudioDecoderOptions::default())
            .map_err(|err| DecodeError::Unsupported {
                reason: err.to_string(),
            })?;
        let frames = track.num_frames;
        let info = AudioInfo {
            sample_rate,
            channels,
            frames,
            duration_secs: frames.map(|frames| frames as f64 / f64::from(sample_rate)),
        };
        let track_id = track.id;
        let time_base = track.time_base;
        Ok(Decoder {
            wav,
            format,
            codec,
            track_id,
            time_base,
            info,
            pending: Vec::new(),
            pending_start: 0,
            skip_frames: 0,
            position: 0,
            ended: false,
        })
    }

    pub fn info(&self) -> &AudioInfo {
        &self.info
    }

    /// The header as the peaks read it (encoding, data offset).
    pub fn wav_info(&self) -> &WavInfo {
        &self.wav
    }

    /// Index of the frame the next [`Decoder::read`] returns.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Fills `buf` with interleaved frames and returns how many frames it wrote; `0` means the
    /// end of the recording. `buf` must hold at least one frame.
    pub fn read(&mut self, buf: &mut [f32]) -> Result<usize, DecodeError> {
        let channels = self.info.channels;
        if buf.len() < channels {
            return Err(DecodeError::BufferTooSmall {
                len: buf.len(),
                channels,
            });
        }
        let wanted = buf.len() / channels * channels;
        let mut filled = 0;
        while filled < wanted {
            let available = self.pending.len() - self.pending_start;
            if available > 0 {
                let take = available.min(wanted - filled);
                buf[filled..filled + take]
                    .copy_from_slice(&self.pending[self.pending_start..self.pending_start + take]);
                self.pending_start += take;
                filled += take;
                continue;
            }
            if self.ended || !self.decode_next_packet_or_stop()? {
                self.ended = true;
                break;
            }
        }
        let frames = filled / channels;
        self.position += frames as u64;
        Ok(frames)
    }

    /// Moves to `frame` (clamped to the end when the length is known); the next `read` starts
    /// exactly there. Returns the frame the decoder now stands on.
    pub fn seek(&mut self, frame: u64) -> Result<u64, DecodeError> {
        let target = self.info.frames.map_or(frame, |total| frame.min(total));
        self.pending.clear();
        self.pending_start = 0;
        self.skip_frames = 0;
        let ts = self.frame_to_ts(target);
        let seeked = self.format.seek(
            SeekMode::Accurate,
            SeekTo::Timestamp {
                ts,
                track_id: self.track_id,
            },
        );
        self.codec.reset();
        match seeked {
            Ok(seeked) => {
                let landed = self.ts_to_frame(seeked.actual_ts);
                self.skip_frames = target.saturating_sub(landed);
                self.ended = false;
            }
            // At or past the end: there is nothing left to play, which is not an error.
            Err(SymphoniaError::SeekError(SeekErrorKind::OutOfRange)) => self.ended = true,
            Err(err) => {
                return Err(DecodeError::Seek {
                    reason: err.to_string(),
                })
            }
        }
        self.position = target;
        Ok(target)
    }

    /// [`Decoder::decode_next_packet`], with a panic inside symphonia ending the stream with an
    /// error (its state is not to be trusted after one).
    fn decode_next_packet_or_stop(&mut self) -> Result<bool, DecodeError> {
        catch_decoder_panic(|| self.decode_next_packet()).unwrap_or_else(|()| {
            self.ended = true;
            Err(DecodeError::Malformed {
                reason: "the decoder failed on its data".to_string(),
            })
        })
    }

    /// Decodes the next packet of our track into `pending`. `false` at the end of the stream.
    fn decode_next_packet(&mut self) -> Result<bool, DecodeError> {
        let mut bad_packets = 0;
        loop {
            let packet = match self.format.next_packet() {
                Ok(Some(packet)) => packet,
                Ok(None) => return Ok(false),
                Err(err) if is_end_of_stream(&err) => return Ok(false),
                Err(err) => return Err(map_read_error(err)),
            };
            if packet.track_id != self.track_id {
                continue;
            }
            let decoded = match self.codec.decode(&packet) {
                Ok(decoded) => decoded,
                Err(SymphoniaError::DecodeError(reason)) => {
                    bad_packets += 1;
                    if bad_packets >= MAX_CONSECUTIVE_BAD_PACKETS {
                        return Err(DecodeError::Malformed {
                            reason: reason.to_string(),
                        });
                    }
                    continue;
                }
                Err(err) if is_end_of_stream(&err) => return Ok(false),
                Err(err) => return Err(map_read_error(err)),
            };
            if decoded.spec().channels().count() != self.info.channels {
                return Err(DecodeError::Malformed {
                    reason: "the channel count changed mid-stream".to_string(),
                });
            }
            self.pending.resize(decoded.samples_interleaved(), 0.0);
            decoded.copy_to_slice_interleaved(&mut self.pending);
            let frames = (self.pending.len() / self.info.channels) as u64;
            let skip = self.skip_frames.min(frames);
            self.skip_frames -= skip;
            self.pending_start = skip as usize * self.info.channels;
            if self.pending_start < self.pending.len() {
                return Ok(true);
            }
        }
    }

    fn frame_to_ts(&self, frame: u64) -> Timestamp {
        let ts = match self.time_base {
            // ts = frame / rate / (numer / denom)
            Some(tb) => {
                u128::from(frame) * u128::from(tb.denom.get())
                    / (u128::from(tb.numer.get()) * u128::from(self.info.sample_rate))
            }
            None => u128::from(frame),
        };
        Timestamp::new(i64::try_from(ts).unwrap_or(i64::MAX))
    }

    fn ts_to_frame(&self, ts: Timestamp) -> u64 {
        let ts = u128::try_from(ts.get()).unwrap_or(0);
        let frame = match self.time_base {
            Some(tb) => {
                ts * u128::from(tb.numer.get()) * u128::from(self.info.sample_rate)
                    / u128::from(tb.denom.get())
            }
            None => ts,
        };
        u64::try_from(frame).unwrap_or(u64::MAX)
    }
}

/// A truncated file ends with an unexpected EOF; that is the end of what can be played.
fn is_end_of_stream(err: &SymphoniaError) -> bool {
    match err {
        SymphoniaError::IoError(io) => io.kind() == ErrorKind::UnexpectedEof,
        SymphoniaError::ResetRequired => true,
        _ => false,
    }
}

fn map_read_error(err: SymphoniaError) -> DecodeError {
    match err {
        SymphoniaError::IoError(source) => DecodeError::Read {
            source: Arc::new(source),
        },
        other => DecodeError::Malformed {
            reason: other.to_string(),
        },
    }
}
