//! Waveform peaks (being written).
