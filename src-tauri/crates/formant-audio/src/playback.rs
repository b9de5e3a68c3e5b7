//! Playback engine (being written).
