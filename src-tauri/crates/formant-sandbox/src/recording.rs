//! Recordings outside HTTP: the same bytes the recording endpoint streams.

use bytes::Bytes;

use crate::audio::wav_stream::WavChunks;
use crate::data::dataset;

/// Exact byte length of a call's WAV recording, or `None` when the call has none.
pub fn recording_len(conversation_id: &str) -> Option<u64> {
    dataset()
        .recording(conversation_id)
        .map(|plan| plan.file_len())
}

/// A call's WAV recording as the chunks the server streams (header first), generated lazily;
/// `None` when the call has no recording.
pub fn recording_chunks(
    conversation_id: &str,
) -> Option<impl Iterator<Item = Bytes> + Send + 'static> {
    dataset()
        .recording(conversation_id)
        .map(|plan| WavChunks::new(plan.into_owned()))
}
