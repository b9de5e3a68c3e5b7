//! Recordings: formats, G.711 coding, the speech clips and synthesiser and the streamed WAV file.

pub(crate) mod clips;
pub(crate) mod g711;
pub(crate) mod plan;
pub(crate) mod synth;
pub(crate) mod wav_format;
pub(crate) mod wav_stream;
