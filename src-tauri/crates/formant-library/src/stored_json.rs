//! How a call's JSON is kept: the list item and the `GET` object, byte for byte as the API
//! sent them, compressed together into one zlib stream (the `json_z` column, schema 3).
//!
//! Why: the JSON is most of the store, and a list item repeats fields of its details, so the
//! two compress together to well under half (the list item costing a few bytes of
//! back-references). Rows also pack closer into pages, so scans read less. Stores made before
//! schema 3 keep their plain `list_json` and `details_json` text until the call is written
//! again; [`StoredJson::from_columns`] reads either.
//!
//! The stream holds a one-byte header (which of the two records are present), the list item's
//! length as a LEB128 number, the list item, then the details to the end.

use std::cell::RefCell;

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

const HAS_LIST: u8 = 1;
const HAS_DETAILS: u8 = 2;

/// A call's two records as stored: text exactly as the API sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StoredJson {
    pub list: Option<String>,
    pub details: Option<String>,
}

/// Why stored JSON could not be read (the file is damaged).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct Unreadable(String);

impl StoredJson {
    /// The compressed form for `json_z`.
    pub fn encode(&self) -> Vec<u8> {
        let list = self.list.as_deref().unwrap_or_default().as_bytes();
        let details = self.details.as_deref().unwrap_or_default().as_bytes();
        let mut plain = Vec::with_capacity(list.len() + details.len() + 11);
        let mut header = 0;
        if self.list.is_some() {
            header |= HAS_LIST;
        }
        if self.details.is_some() {
            header |= HAS_DETAILS;
        }
        plain.push(header);
        let mut len = list.len() as u64;
        loop {
            let byte = (len & 0x7f) as u8;
            len >>= 7;
            if len == 0 {
                plain.push(byte);
                break;
            }
            plain.push(byte | 0x80);
        }
        plain.extend_from_slice(list);
        plain.extend_from_slice(details);
        compress(&plain)
    }

    /// Reads `json_z`.
    pub fn decode(compressed: &[u8]) -> Result<StoredJson, Unreadable> {
        let plain = decompress(compressed)?;
        let bad = || Unreadable("its compressed JSON is cut short".into());
        let (&header, mut rest) = plain.split_first().ok_or_else(bad)?;
        let mut len: u64 = 0;
        let mut shift = 0;
        loop {
            let (&byte, more) = rest.split_first().ok_or_else(bad)?;
            rest = more;
            if shift > 63 {
                return Err(bad());
            }
            len |= u64::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                break;
            }
        }
        let len = usize::try_from(len).map_err(|_| bad())?;
        if len > rest.len() {
            return Err(bad());
        }
        let (list, details) = rest.split_at(len);
        let text = |bytes: &[u8], present: bool| -> Result<Option<String>, Unreadable> {
            if !present {
                return Ok(None);
            }
            String::from_utf8(bytes.to_vec())
                .map(Some)
                .map_err(|_| Unreadable("its JSON is not UTF-8".into()))
        };
        Ok(StoredJson {
            list: text(list, header & HAS_LIST != 0)?,
            details: text(details, header & HAS_DETAILS != 0)?,
        })
    }

    /// A row's JSON from its columns: `json_z` when set, else the plain text of an older store.
    pub fn from_columns(
        list_json: Option<String>,
        details_json: Option<String>,
        json_z: Option<Vec<u8>>,
    ) -> Result<StoredJson, Unreadable> {
        match json_z {
            Some(compressed) => StoredJson::decode(&compressed),
            None => Ok(StoredJson {
                list: list_json,
                details: details_json,
            }),
        }
    }
}

thread_local! {
    /// One compressor and one decompressor per thread, reset between calls: setting up zlib's
    /// state (~270 KiB, zeroed) cost more than compressing a call.
    static COMPRESS: RefCell<Compress> = RefCell::new(Compress::new(Compression::fast(), true));
    static DECOMPRESS: RefCell<Decompress> = RefCell::new(Decompress::new(true));
}

/// `plain` as a zlib stream. The fastest level: a higher one saves ~3% of the JSON's bytes for
/// twice the time.
fn compress(plain: &[u8]) -> Vec<u8> {
    COMPRESS.with_borrow_mut(|z| {
        z.reset();
        // zlib's bound for incompressible input, so one call always finishes.
        let mut out = Vec::with_capacity(plain.len() + plain.len() / 1000 + 64);
        // Compressing into a large enough buffer cannot fail.
        let _ = z.compress_vec(plain, &mut out, FlushCompress::Finish);
        out
    })
}

/// A zlib stream's bytes, checked (its checksum, its end).
fn decompress(compressed: &[u8]) -> Result<Vec<u8>, Unreadable> {
    let failed = |why: &str| Unreadable(format!("its compressed JSON cannot be read: {why}"));
    DECOMPRESS.with_borrow_mut(|z| {
        z.reset(true);
        let mut out = Vec::with_capacity(compressed.len().saturating_mul(4).max(256));
        loop {
            let read = usize::try_from(z.total_in()).map_err(|_| failed("too long"))?;
            let input = compressed.get(read..).ok_or_else(|| failed("cut short"))?;
            if out.len() == out.capacity() {
                out.reserve(out.capacity());
            }
            let before = (z.total_in(), z.total_out());
            match z.decompress_vec(input, &mut out, FlushDecompress::Finish) {
                Ok(Status::StreamEnd) => return Ok(out),
                Ok(_) if (z.total_in(), z.total_out()) == before && out.len() < out.capacity() => {
                    return Err(failed("cut short"))
                }
                Ok(_) => {}
                Err(e) => return Err(failed(&e.to_string())),
            }
        }
    })
}

/// The columns a row's JSON is read from, over `conversations c` ([`StoredJson::from_columns`]).
pub(crate) const JSON_COLUMNS: &str = "c.list_json, c.details_json, c.json_z";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_records_come_back_byte_for_byte() {
        let cases = [
            StoredJson::default(),
            StoredJson {
                list: Some(r#"{"conversation_id":"a","status":"busy"}"#.into()),
                details: None,
            },
            StoredJson {
                list: None,
                details: Some(r#"{"conversation_id":"a","transcript":[]}"#.into()),
            },
            StoredJson {
                list: Some(String::new()),
                details: Some("x".repeat(300) + "नमस्ते"),
            },
            StoredJson {
                list: Some("{\"n\": 1.50, \"s\": \"\\u00e9\"}".repeat(100)),
                details: Some(String::new()),
            },
        ];
        for case in cases {
            assert_eq!(StoredJson::decode(&case.encode()).expect("reads"), case);
        }
    }

    #[test]
    fn a_damaged_stream_is_an_error_not_a_panic() {
        let good = StoredJson {
            list: Some("{}".into()),
            details: Some("{\"a\":1}".into()),
        }
        .encode();
        assert!(StoredJson::decode(&good[..good.len() / 2]).is_err());
        assert!(StoredJson::decode(b"not zlib").is_err());
        let mut flipped = good.clone();
        flipped[4] ^= 0xff;
        assert!(StoredJson::decode(&flipped).is_err());
    }
}
