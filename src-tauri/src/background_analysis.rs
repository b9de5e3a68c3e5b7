//! Which calls the app analyses by itself: only the ones the user opens (the default), or every
//! synced call whose recording is downloaded (`library::analysis_worker`). One setting for the
//! app, `background-analysis.json` in its config dir, read once at start (an unreadable file
//! means the default) and written atomically on every change (a rare click).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Serialize};

use crate::files::write_atomically;
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

pub const FILE_NAME: &str = "background-analysis.json";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum BackgroundAnalysis {
    /// A call is analysed when it is opened (its figures are stored then).
    #[default]
    OpenedCalls,
    /// Also, in the background, every synced call whose recording is in the recordings cache.
    AllDownloaded,
}

pub struct BackgroundAnalysisSetting {
    path: PathBuf,
    mode: Mutex<BackgroundAnalysis>,
}

impl BackgroundAnalysisSetting {
    pub fn load(path: PathBuf) -> Self {
        let mode = match std::fs::read(&path) {
            Ok(text) => serde_json::from_slice(&text).unwrap_or_else(|error| {
                tracing::warn!(path = %path.display(), %error, "background analysis setting unreadable; the default used");
                BackgroundAnalysis::default()
            }),
            Err(_) => BackgroundAnalysis::default(),
        };
        Self {
            path,
            mode: Mutex::new(mode),
        }
    }

    pub fn get(&self) -> BackgroundAnalysis {
        *self.mode.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Saves and sets the mode; on a failed write nothing changes.
    pub fn set(&self, mode: BackgroundAnalysis) -> IpcResult<()> {
        let mut current = self.mode.lock().unwrap_or_else(PoisonError::into_inner);
        save(&self.path, mode)?;
        *current = mode;
        Ok(())
    }
}

fn save(path: &Path, mode: BackgroundAnalysis) -> IpcResult<()> {
    let json = serde_json::to_vec(&mode).map_err(|e| {
        IpcError::new(
            ErrorKind::Unknown,
            format!("The background analysis setting could not be written: {e}."),
        )
    })?;
    write_atomically(path, &json).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_defaults_to_opened_calls_and_is_kept_across_launches() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        let setting = BackgroundAnalysisSetting::load(path.clone());
        assert_eq!(setting.get(), BackgroundAnalysis::OpenedCalls);
        setting.set(BackgroundAnalysis::AllDownloaded).expect("set");
        assert_eq!(
            BackgroundAnalysisSetting::load(path.clone()).get(),
            BackgroundAnalysis::AllDownloaded
        );
        std::fs::write(&path, b"{not json").expect("write");
        assert_eq!(
            BackgroundAnalysisSetting::load(path).get(),
            BackgroundAnalysis::OpenedCalls
        );
        let nowhere = BackgroundAnalysisSetting::load(dir.path().join("missing").join(FILE_NAME));
        assert!(nowhere.set(BackgroundAnalysis::AllDownloaded).is_err());
        assert_eq!(nowhere.get(), BackgroundAnalysis::OpenedCalls);
    }
}
