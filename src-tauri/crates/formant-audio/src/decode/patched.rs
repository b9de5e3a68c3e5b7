//! A file read with a few bytes replaced: how the decoder is shown header size fields the
//! way the peaks read them (see `probe::size_patches`), without copying or changing the file.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use symphonia::core::io::MediaSource;

use super::probe::Patch;

pub(super) struct PatchedFile {
    file: File,
    /// Where the next read starts.
    pos: u64,
    patches: Vec<Patch>,
}

impl PatchedFile {
    pub(super) fn new(file: File, patches: Vec<Patch>) -> Self {
        Self {
            file,
            pos: 0,
            patches,
        }
    }
}

impl Read for PatchedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        let start = self.pos;
        let end = start.saturating_add(n as u64);
        for (at, bytes) in &self.patches {
            for (i, byte) in bytes.iter().enumerate() {
                let offset = at.saturating_add(i as u64);
                if (start..end).contains(&offset) {
                    // In range: `offset - start < n`, which is a usize.
                    if let Some(slot) = usize::try_from(offset - start)
                        .ok()
                        .and_then(|k| buf.get_mut(k))
                    {
                        *slot = *byte;
                    }
                }
            }
        }
        self.pos = end;
        Ok(n)
    }
}

impl Seek for PatchedFile {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        self.pos = self.file.seek(to)?;
        Ok(self.pos)
    }
}

impl MediaSource for PatchedFile {
    fn is_seekable(&self) -> bool {
        self.file.is_seekable()
    }

    fn byte_len(&self) -> Option<u64> {
        self.file.byte_len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_show_the_patched_bytes_wherever_the_reads_fall() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f");
        std::fs::write(&path, b"0123456789").expect("seed");
        let file = File::open(&path).expect("open");
        let mut patched = PatchedFile::new(file, vec![(3, *b"abcd")]);
        let mut all = Vec::new();
        let mut buf = [0u8; 2];
        loop {
            let n = patched.read(&mut buf).expect("read");
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        assert_eq!(all, b"012abcd789");
        patched.seek(SeekFrom::Start(5)).expect("seek");
        let mut rest = Vec::new();
        patched.read_to_end(&mut rest).expect("rest");
        assert_eq!(rest, b"cd789");
        assert_eq!(
            std::fs::read(&path).expect("file"),
            b"0123456789",
            "unchanged"
        );
    }
}
