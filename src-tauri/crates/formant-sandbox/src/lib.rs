//! formant-sandbox
