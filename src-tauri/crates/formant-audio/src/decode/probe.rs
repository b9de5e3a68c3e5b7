//! The header half of "is this a recording we can play": the same RIFF/WAVE parser the peaks
//! use, so a file the player accepts is one the waveform can be drawn for, and the other way
//! round. [`super::open`] adds the decoder's half (symphonia must open it and decode a frame).

use std::fs::File;
use std::io::{ErrorKind, Read};
use std::path::Path;
use std::sync::Arc;

use super::sniff::sniff;
use super::DecodeError;
use crate::peaks::header::{parse_header, HeaderParse, MAX_HEADER_BYTES};
use crate::peaks::{PeaksError, WavInfo};

/// The first read; nearly every header fits (the rest is read only for headers with large
/// metadata chunks before the audio).
const FIRST_READ: usize = 64 * 1024;

/// How much of a non-WAV file is looked at to say what it is.
const SNIFF_BYTES: usize = 512;

/// The header as the peaks read it, and the size fields the decoder must see corrected to read
/// the file the same way.
pub(super) struct Header {
    pub(super) info: WavInfo,
    pub(super) patches: Vec<Patch>,
}

/// The WAV header of the file at `path`, refused unless there is at least one whole frame of
/// audio after it.
pub(super) fn read_wav_header(path: &Path) -> Result<Header, DecodeError> {
    let open_error = |source| DecodeError::Open {
        path: path.to_path_buf(),
        source: Arc::new(source),
    };
    let mut file = File::open(path).map_err(open_error)?;
    let file_len = file.metadata().map_err(open_error)?.len();
    let mut prefix = Vec::new();
    let mut want = FIRST_READ;
    let info = loop {
        let at_end = fill(&mut file, &mut prefix, want)?;
        match parse_header(&prefix) {
            Ok(HeaderParse::Complete { info, .. }) => break info,
            Ok(HeaderParse::NeedMore) if at_end && prefix.is_empty() => {
                return Err(header_error(PeaksError::NotWav, &prefix))
            }
            Ok(HeaderParse::NeedMore) if at_end => {
                return Err(header_error(
                    PeaksError::TruncatedHeader {
                        bytes: prefix.len() as u64,
                    },
                    &prefix,
                ))
            }
            Ok(HeaderParse::NeedMore) if prefix.len() as u64 > MAX_HEADER_BYTES => {
                return Err(header_error(
                    PeaksError::HeaderTooLarge {
                        limit: MAX_HEADER_BYTES,
                    },
                    &prefix,
                ))
            }
            Ok(HeaderParse::NeedMore) => want = want.saturating_mul(4),
            Err(e) => return Err(header_error(e, &prefix)),
        }
    };
    // Audio bytes really there: what the data chunk claims, but no more than the file holds
    // (a download cut short still plays up to the cut).
    let in_file = file_len.saturating_sub(info.data_offset);
    let declared = info.frames.map_or(in_file, |frames| {
        frames.saturating_mul(info.bytes_per_frame() as u64)
    });
    if in_file.min(declared) < info.bytes_per_frame() as u64 {
        return Err(DecodeError::NoSamples);
    }
    let patches = size_patches(&prefix, &info);
    Ok(Header { info, patches })
}

/// Four bytes of the file as the decoder is shown them.
pub(super) type Patch = (u64, [u8; 4]);

/// Size fields the peaks' reading tolerates and symphonia's does not, rewritten to "unknown"
/// (0xFFFFFFFF, what streaming writers put there) so both read the same audio:
/// - a RIFF size too small for the data chunk as declared, or known while the data's size is
///   not (symphonia refuses the file; below 4 its arithmetic would even underflow);
/// - a data size of 0, which the peaks read as "unknown, to the end" and symphonia as empty.
fn size_patches(prefix: &[u8], info: &WavInfo) -> Vec<Patch> {
    const UNKNOWN: [u8; 4] = u32::MAX.to_le_bytes();
    let u32_at = |at: u64| -> Option<u32> {
        let at = usize::try_from(at).ok()?;
        let bytes = prefix.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    };
    let mut patches = Vec::new();
    let Some(data_size_at) = info.data_offset.checked_sub(4) else {
        return patches;
    };
    let data_size = u32_at(data_size_at).unwrap_or(u32::MAX);
    if data_size == 0 {
        patches.push((data_size_at, UNKNOWN));
    }
    if let Some(riff_size) = u32_at(4).filter(|&size| size != u32::MAX) {
        // A data chunk of unknown size runs to the end of the file: the RIFF around it is of
        // unknown size too.
        let needed = match data_size {
            0 | u32::MAX => u64::MAX,
            size => info.data_offset.saturating_add(u64::from(size)),
        };
        if riff_size < 4 || u64::from(riff_size).saturating_add(8) < needed {
            patches.push((4, UNKNOWN));
        }
    }
    patches
}

/// Reads until `prefix` holds `want` bytes or the file ends; true at the end of the file.
fn fill(file: &mut File, prefix: &mut Vec<u8>, want: usize) -> Result<bool, DecodeError> {
    let have = prefix.len();
    if have >= want {
        return Ok(false);
    }
    prefix.resize(want, 0);
    let mut len = have;
    while len < want {
        match file.read(&mut prefix[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(DecodeError::Read {
                    source: Arc::new(e),
                })
            }
        }
    }
    prefix.truncate(len);
    Ok(len < want)
}

fn header_error(e: PeaksError, prefix: &[u8]) -> DecodeError {
    match e {
        PeaksError::NotWav => DecodeError::NotWav {
            looks_like: sniff(&prefix[..prefix.len().min(SNIFF_BYTES)]),
        },
        other => DecodeError::Unsupported {
            reason: other.to_string(),
        },
    }
}
