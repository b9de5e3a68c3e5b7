//! formant-vault
