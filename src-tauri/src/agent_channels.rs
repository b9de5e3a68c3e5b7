//! Which channel of a two-channel recording is the agent's, per account, when the user says so
//! (`agent-channels.json` in the app's config dir; no secrets). Without a setting the analysis
//! decides from the transcript, else left. Read once at start: an unreadable file means no
//! settings (the analysis still works), written atomically on every change (a rare click).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use formant_analysis::Channel;

use crate::files::write_atomically;
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

pub const FILE_NAME: &str = "agent-channels.json";

pub struct AgentChannels {
    path: PathBuf,
    by_account: Mutex<BTreeMap<String, Channel>>,
}

impl AgentChannels {
    pub fn load(path: PathBuf) -> Self {
        let by_account = match std::fs::read(&path) {
            Ok(text) => serde_json::from_slice(&text).unwrap_or_else(|error| {
                tracing::warn!(path = %path.display(), %error, "agent channel settings unreadable; none used");
                BTreeMap::new()
            }),
            Err(_) => BTreeMap::new(),
        };
        Self {
            path,
            by_account: Mutex::new(by_account),
        }
    }

    /// The account's setting; `None`: decided per call.
    pub fn get(&self, account_id: &str) -> Option<Channel> {
        self.lock().get(account_id).copied()
    }

    /// Sets (or with `None` clears) the account's setting and saves all of them. On a failed
    /// write the setting is not changed.
    pub fn set(&self, account_id: &str, channel: Option<Channel>) -> IpcResult<()> {
        let mut by_account = self.lock();
        let mut next = by_account.clone();
        match channel {
            Some(channel) => next.insert(account_id.to_owned(), channel),
            None => next.remove(account_id),
        };
        save(&self.path, &next)?;
        *by_account = next;
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Channel>> {
        self.by_account
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

fn save(path: &Path, settings: &BTreeMap<String, Channel>) -> IpcResult<()> {
    let json = serde_json::to_vec_pretty(settings).map_err(|e| {
        IpcError::new(
            ErrorKind::Unknown,
            format!("The agent channel setting could not be written: {e}."),
        )
    })?;
    write_atomically(path, &json).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_setting_is_kept_across_launches_and_cleared_by_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        let settings = AgentChannels::load(path.clone());
        assert_eq!(settings.get("acc_1"), None);
        settings.set("acc_1", Some(Channel::Right)).expect("set");
        settings.set("acc_2", Some(Channel::Left)).expect("set");
        let again = AgentChannels::load(path.clone());
        assert_eq!(again.get("acc_1"), Some(Channel::Right));
        assert_eq!(again.get("acc_2"), Some(Channel::Left));
        again.set("acc_1", None).expect("clear");
        assert_eq!(AgentChannels::load(path).get("acc_1"), None);
    }

    #[test]
    fn an_unreadable_file_means_no_settings_and_a_failed_write_changes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, b"{not json").expect("write");
        let settings = AgentChannels::load(path);
        assert_eq!(settings.get("acc_1"), None);
        let nowhere = AgentChannels::load(dir.path().join("missing-dir").join(FILE_NAME));
        assert!(nowhere.set("acc_1", Some(Channel::Right)).is_err());
        assert_eq!(nowhere.get("acc_1"), None);
    }
}
