//! Where the export's files go while it is written: a hidden temp folder that becomes the
//! target folder, or a temp zip file that becomes the target `.zip`. Nothing appears under the
//! target's name until [`Output::commit`]; dropping an `Output` deletes what was written.

use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};

use formant_files::{AtomicFile, ExistingDir, StagedDir};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::names::TRANSCRIPTS_DIR;
use crate::{BulkExportError, Destination};

pub(crate) const CSV_NAME: &str = "calls.csv";
pub(crate) const JSONL_NAME: &str = "calls.jsonl";

pub(crate) enum Output {
    Folder(StagedDir),
    Zip {
        zip: Box<ZipWriter<BufWriter<AtomicFile>>>,
        dest: PathBuf,
        options: SimpleFileOptions,
    },
}

impl Output {
    pub(crate) fn create(destination: &Destination) -> Result<Self, BulkExportError> {
        match destination {
            Destination::Folder(path) => {
                let staged = StagedDir::create(path)
                    .map_err(|e| BulkExportError::io(cannot_write(path), e))?;
                let transcripts = staged.path().join(TRANSCRIPTS_DIR);
                fs::create_dir(&transcripts)
                    .map_err(|e| BulkExportError::io(cannot_write(path), e))?;
                Ok(Self::Folder(staged))
            }
            Destination::Zip(path) => {
                let file = AtomicFile::create(path)
                    .map_err(|e| BulkExportError::io(cannot_write(path), e))?;
                let modified = chrono::Local::now()
                    .naive_local()
                    .try_into()
                    .unwrap_or_default();
                Ok(Self::Zip {
                    zip: Box::new(ZipWriter::new(BufWriter::new(file))),
                    dest: path.clone(),
                    options: SimpleFileOptions::default()
                        .compression_method(CompressionMethod::Deflated)
                        .last_modified_time(modified),
                })
            }
        }
    }

    fn dest(&self) -> &Path {
        match self {
            Self::Folder(staged) => staged.destination(),
            Self::Zip { dest, .. } => dest,
        }
    }

    fn io_error(&self, e: io::Error) -> BulkExportError {
        BulkExportError::io(cannot_write(self.dest()), e)
    }

    /// A transcript file (`name` without the folder).
    pub(crate) fn add_transcript(
        &mut self,
        name: &str,
        bytes: &[u8],
    ) -> Result<(), BulkExportError> {
        let written = match self {
            Self::Folder(staged) => {
                fs::write(staged.path().join(TRANSCRIPTS_DIR).join(name), bytes)
            }
            Self::Zip { zip, options, .. } => {
                zip.start_file(format!("{TRANSCRIPTS_DIR}/{name}"), *options)?;
                zip.write_all(bytes)
            }
        };
        written.map_err(|e| self.io_error(e))
    }

    /// Where `calls.jsonl` is written first: its final place in a folder, an anonymous temp
    /// file beside the zip (the zip cannot be read back while it is written).
    pub(crate) fn jsonl_spool(&self) -> Result<File, BulkExportError> {
        let spool = match self {
            Self::Folder(staged) => File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(staged.path().join(JSONL_NAME)),
            Self::Zip { dest, .. } => tempfile::tempfile_in(parent_dir(dest)),
        };
        spool.map_err(|e| self.io_error(e))
    }

    /// Puts the finished spool in the export and hands it back rewound, for the CSV pass.
    pub(crate) fn add_jsonl(&mut self, mut spool: File) -> Result<File, BulkExportError> {
        let context = cannot_write(self.dest());
        let io_error = |e| BulkExportError::io(context.clone(), e);
        spool.rewind().map_err(io_error)?;
        if let Self::Zip { zip, options, .. } = self {
            // A million calls pass 4 GiB: this entry and the CSV may need Zip64.
            zip.start_file(JSONL_NAME, options.large_file(true))?;
            io::copy(&mut spool, zip.as_mut()).map_err(io_error)?;
            spool.rewind().map_err(io_error)?;
        }
        Ok(spool)
    }

    /// Writes `calls.csv` through `fill`.
    pub(crate) fn write_csv(
        &mut self,
        fill: impl FnOnce(&mut dyn Write) -> Result<(), BulkExportError>,
    ) -> Result<(), BulkExportError> {
        match self {
            Self::Folder(staged) => {
                let path = staged.path().join(CSV_NAME);
                let file = File::create_new(&path).map_err(|e| self.io_error(e))?;
                let mut writer = BufWriter::new(file);
                fill(&mut writer)?;
                writer.flush().map_err(|e| self.io_error(e))
            }
            Self::Zip { zip, options, .. } => {
                zip.start_file(CSV_NAME, options.large_file(true))?;
                fill(zip.as_mut())
            }
        }
    }

    /// Makes the export the target's: the folder renamed into place (replacing an earlier
    /// export there), or the zip finished and renamed over the target file.
    pub(crate) fn commit(self, existing: ExistingDir) -> Result<(), BulkExportError> {
        match self {
            Self::Folder(staged) => {
                let dest = staged.destination().to_path_buf();
                staged
                    .commit(existing)
                    .map_err(|e| BulkExportError::io(cannot_write(&dest), e))
            }
            Self::Zip { zip, dest, .. } => {
                let buffered = zip.finish()?;
                let file = buffered
                    .into_inner()
                    .map_err(|e| BulkExportError::io(cannot_write(&dest), e.into_error()))?;
                file.commit()
                    .map_err(|e| BulkExportError::io(cannot_write(&dest), e))
            }
        }
    }
}

fn cannot_write(path: &Path) -> String {
    format!("cannot write the export {}", path.display())
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}
