//! Streaming WAV decoding (being written).
