//! The player's settings across launches: `player.json` in the app's config dir. Read once at
//! start (a missing, unreadable or corrupt file means the defaults: a listener's speed is not
//! worth refusing to start over), written after every change by one background thread that
//! keeps only the newest settings (dragging the volume slider is many changes, one write), each
//! write atomic so a crash never leaves half a file.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::thread::JoinHandle;

use formant_audio::playback::PlayerSettings;

use crate::files::write_atomically;
use crate::ipc_error::IpcError;

pub const FILE_NAME: &str = "player.json";

/// The saved settings, or the defaults when there are none that can be read.
pub fn load(path: &Path) -> PlayerSettings {
    let Ok(text) = std::fs::read(path) else {
        return PlayerSettings::default();
    };
    match serde_json::from_slice::<PlayerSettings>(&text) {
        Ok(settings) => settings.sanitized(),
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "player settings unreadable; using the defaults");
            PlayerSettings::default()
        }
    }
}

pub fn save(path: &Path, settings: &PlayerSettings) -> Result<(), IpcError> {
    let json = serde_json::to_vec_pretty(settings).map_err(|e| {
        IpcError::new(
            crate::ipc_error::ErrorKind::Unknown,
            format!("The player settings could not be written: {e}."),
        )
    })?;
    write_atomically(path, &json).map(|_| ())
}

/// Writes settings off the caller's thread, newest first. Dropping it writes what is still
/// queued before returning.
pub struct SettingsWriter {
    changes: Option<Sender<PlayerSettings>>,
    thread: Option<JoinHandle<()>>,
}

impl SettingsWriter {
    pub fn start(path: PathBuf) -> SettingsWriter {
        let (changes, pending) = mpsc::channel::<PlayerSettings>();
        let spawned = std::thread::Builder::new()
            .name("player-settings-writer".into())
            .spawn(move || {
                while let Ok(mut newest) = pending.recv() {
                    // Only the last of a burst of changes is worth a write.
                    while let Ok(newer) = pending.try_recv() {
                        newest = newer;
                    }
                    if let Err(error) = save(&path, &newest) {
                        tracing::warn!(path = %path.display(), message = %error.message, "player settings not saved");
                    }
                }
            });
        let thread = spawned
            .map_err(|error| tracing::warn!(%error, "player settings will not be saved"))
            .ok();
        SettingsWriter {
            changes: Some(changes),
            thread,
        }
    }

    /// Queues `settings` to be written (a no-op when the writer could not start).
    pub fn write(&self, settings: PlayerSettings) {
        if let Some(changes) = &self.changes {
            let _ = changes.send(settings);
        }
    }
}

impl Drop for SettingsWriter {
    fn drop(&mut self) {
        // Closing the channel ends the thread once the queue is written.
        drop(self.changes.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use formant_audio::playback::ChannelMode;

    fn chosen() -> PlayerSettings {
        PlayerSettings {
            speed: 1.5,
            channel_mode: ChannelMode::Left,
            volume: 0.6,
            muted: true,
        }
    }

    #[test]
    fn saved_settings_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        save(&path, &chosen()).unwrap();
        assert_eq!(load(&path), chosen());
        // Nothing but the file itself is left behind (the temp file was renamed).
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [FILE_NAME]);
    }

    #[test]
    fn a_missing_file_means_the_defaults() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(&dir.path().join(FILE_NAME)), PlayerSettings::default());
    }

    #[test]
    fn a_corrupt_file_means_the_defaults_without_a_crash() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        for junk in [
            &b"{\"speed\": 1.5, \"volu"[..],
            b"\xff\xfe not json",
            b"[1,2,3]",
            b"{\"speed\":\"fast\"}",
            b"",
        ] {
            std::fs::write(&path, junk).unwrap();
            assert_eq!(load(&path), PlayerSettings::default(), "{junk:?}");
        }
    }

    #[test]
    fn values_out_of_range_are_brought_into_range_and_missing_ones_default() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(
            &path,
            br#"{"speed": 40, "volume": -1, "future_field": true}"#,
        )
        .unwrap();
        let loaded = load(&path);
        assert_eq!((loaded.speed, loaded.volume), (2.0, 0.0));
        assert_eq!(
            (loaded.channel_mode, loaded.muted),
            (ChannelMode::Both, false)
        );
    }

    #[test]
    fn the_writer_leaves_the_newest_settings_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let writer = SettingsWriter::start(path.clone());
        for volume in [0.1, 0.2, 0.3] {
            writer.write(PlayerSettings { volume, ..chosen() });
        }
        drop(writer);
        assert_eq!(
            load(&path),
            PlayerSettings {
                volume: 0.3,
                ..chosen()
            }
        );
    }
}
