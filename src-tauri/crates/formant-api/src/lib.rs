//! formant-api
