//! Reading response bodies with a cap: a server decides how much it sends, the client decides
//! how much it keeps. Bodies are read chunk by chunk and reading stops at the cap, so a
//! 300 MB error page or an endless JSON document costs at most the cap in memory.

use futures_util::StreamExt;
use reqwest::Response;

use crate::ApiError;

/// The most a JSON answer (a page of conversations, one conversation) may be: 32 MiB. The
/// API's largest page (100 calls) is a few hundred KiB and a long call's transcript a few
/// MiB, so only a broken or hostile server reaches it.
pub const MAX_JSON_BYTES: u64 = 32 * 1024 * 1024;

/// How much of an error response is read for its message: 64 KiB (the API's error object is
/// a few hundred bytes; the rest of a proxy's page is not needed to say what happened).
pub const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// A whole JSON body, or [`ApiError::TooLarge`] as soon as it is known to pass `limit`
/// (from its `Content-Length`, before reading anything, or while reading it).
pub(crate) async fn read_json_body(response: Response, limit: u64) -> Result<Vec<u8>, ApiError> {
    if response.content_length().is_some_and(|n| n > limit) {
        return Err(ApiError::TooLarge { limit_bytes: limit });
    }
    let (body, complete) = read_up_to(response, limit).await?;
    if complete {
        Ok(body)
    } else {
        Err(ApiError::TooLarge { limit_bytes: limit })
    }
}

/// The start of an error body, at most [`MAX_ERROR_BODY_BYTES`]. A body that breaks off
/// gives what arrived: the status alone still says what happened.
pub(crate) async fn read_error_body(response: Response) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(Ok(chunk)) = stream.next().await {
        if push_within(&mut kept, &chunk, MAX_ERROR_BODY_BYTES) {
            break;
        }
    }
    kept
}

/// Reads at most `limit` bytes; `complete` is false when the body had more.
async fn read_up_to(response: Response, limit: u64) -> Result<(Vec<u8>, bool), ApiError> {
    let mut body = Vec::new();
    let mut stream = response.bytes_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| ApiError::from_body(e, body.len() as u64))?;
        if push_within(&mut body, &chunk, limit) {
            return Ok((body, false));
        }
    }
    Ok((body, true))
}

/// Appends what fits under `limit`; true when `chunk` did not fit whole (the body is over).
fn push_within(kept: &mut Vec<u8>, chunk: &[u8], limit: u64) -> bool {
    let room = usize::try_from(limit)
        .unwrap_or(usize::MAX)
        .saturating_sub(kept.len());
    let take = chunk.len().min(room);
    kept.extend_from_slice(&chunk[..take]);
    take < chunk.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_only_what_fits() {
        let mut kept = Vec::new();
        assert!(!push_within(&mut kept, b"abc", 5));
        assert!(push_within(&mut kept, b"defg", 5));
        assert_eq!(kept, b"abcde");
        assert!(push_within(&mut kept, b"h", 5));
        assert_eq!(kept, b"abcde");
        let mut exact = Vec::new();
        assert!(
            !push_within(&mut exact, b"abcde", 5),
            "exactly the limit fits"
        );
    }
}
