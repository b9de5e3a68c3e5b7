//! The checks the fuzz targets run, one function per target. The same files are compiled into
//! the owning crates' `fuzz_replay` tests (stable, part of `cargo test`).

pub mod conversation;
pub mod wav;
