//! The accounts file: the accounts and which one is active, as JSON. It never holds a secret.
//!
//! Loading never repairs by overwriting: a file that cannot be read as accounts is reported as
//! [`VaultError::CorruptRegistry`] and left as it is. The caller may then move it aside
//! ([`AccountRegistry::move_aside`]) and start empty, so the user's data stays recoverable.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use formant_core::Region;
use serde::{Deserialize, Serialize};

use crate::account::{color_fits_region, pick_color, validate_name, Account, AccountId};
use crate::error::VaultError;

/// The file format's version; a newer file is refused rather than half-understood.
const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct RegistryFile {
    version: u32,
    #[serde(default)]
    active: Option<AccountId>,
    #[serde(default)]
    accounts: Vec<Account>,
}

#[derive(Debug, Clone)]
pub struct AccountRegistry {
    path: PathBuf,
    accounts: Vec<Account>,
    active: Option<AccountId>,
}

/// What [`AccountRegistry::load_or_move_aside`] found.
#[derive(Debug)]
pub struct LoadedRegistry {
    pub registry: AccountRegistry,
    /// Where a corrupt file was moved, when it was.
    pub moved_aside: Option<PathBuf>,
}

impl AccountRegistry {
    /// An empty registry that will save to `path`.
    pub fn empty(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            accounts: Vec::new(),
            active: None,
        }
    }

    /// Reads `path`; a missing file is an empty registry.
    pub fn load(path: impl Into<PathBuf>) -> Result<Self, VaultError> {
        let path = path.into();
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Self::empty(path)),
            Err(err) => return Err(VaultError::io("read", path, err)),
        };
        let corrupt = |detail: String| VaultError::CorruptRegistry {
            path: path.clone(),
            detail,
        };
        let file: RegistryFile =
            serde_json::from_slice(&bytes).map_err(|err| corrupt(err.to_string()))?;
        if file.version != FORMAT_VERSION {
            return Err(corrupt(format!(
                "format version {} is not supported (expected {FORMAT_VERSION})",
                file.version
            )));
        }
        let mut seen = HashSet::new();
        if let Some(dup) = file.accounts.iter().find(|a| !seen.insert(&a.id)) {
            return Err(corrupt(format!("account id {} appears twice", dup.id)));
        }
        // A dangling active id is harmless (the account was removed by hand): forget it.
        let active = file
            .active
            .filter(|id| file.accounts.iter().any(|a| &a.id == id));
        Ok(Self {
            path,
            accounts: file.accounts,
            active,
        })
    }

    /// [`Self::load`], but a corrupt file is moved aside and an empty registry returned.
    pub fn load_or_move_aside(path: impl Into<PathBuf>) -> Result<LoadedRegistry, VaultError> {
        let path = path.into();
        match Self::load(&path) {
            Ok(registry) => Ok(LoadedRegistry {
                registry,
                moved_aside: None,
            }),
            Err(VaultError::CorruptRegistry { .. }) => {
                let moved = Self::move_aside(&path)?;
                Ok(LoadedRegistry {
                    registry: Self::empty(path),
                    moved_aside: Some(moved),
                })
            }
            Err(err) => Err(err),
        }
    }

    /// Renames `path` to `<path>.corrupt-<UTC timestamp>` (never over an existing file) and
    /// returns the new path.
    pub fn move_aside(path: &Path) -> Result<PathBuf, VaultError> {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        let base = format!("{}.corrupt-{stamp}", path.display());
        let mut target = PathBuf::from(&base);
        let mut n = 1;
        while target.exists() {
            target = PathBuf::from(format!("{base}-{n}"));
            n += 1;
        }
        fs::rename(path, &target).map_err(|err| VaultError::io("move aside", path, err))?;
        Ok(target)
    }

    /// Writes the file atomically (temp file beside it, fsync, rename, directory fsync). On
    /// failure the file on disk is unchanged. A new file is the owner's only: it has no secret,
    /// but it does say which accounts (and custom servers) the user has.
    pub fn save(&self) -> Result<(), VaultError> {
        let file = RegistryFile {
            version: FORMAT_VERSION,
            active: self.active.clone(),
            accounts: self.accounts.clone(),
        };
        let mut json = serde_json::to_vec_pretty(&file)
            .map_err(|err| VaultError::io("serialise", &self.path, io::Error::other(err)))?;
        json.push(b'\n');
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|err| VaultError::io("write", dir, err))?;
        }
        formant_files::write_with(&self.path, &json, formant_files::Privacy::Private)
            .map_err(|err| VaultError::io("write", &self.path, err))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn list(&self) -> &[Account] {
        &self.accounts
    }

    pub fn get(&self, id: &AccountId) -> Option<&Account> {
        self.accounts.iter().find(|a| &a.id == id)
    }

    pub fn active(&self) -> Option<&Account> {
        self.active.as_ref().and_then(|id| self.get(id))
    }

    /// Adds an account with a fresh id and a colour of its region's family. The first account
    /// becomes the active one.
    pub fn add(&mut self, name: &str, region: Region) -> Result<Account, VaultError> {
        let name = validate_name(name, &self.accounts, None)?;
        let mut id = AccountId::generate();
        while self.get(&id).is_some() {
            id = AccountId::generate();
        }
        let account = Account {
            id,
            name,
            color: pick_color(&region, &self.accounts),
            region,
            created_at_ms: chrono::Utc::now().timestamp_millis(),
        };
        self.accounts.push(account.clone());
        if self.active.is_none() {
            self.active = Some(account.id.clone());
        }
        Ok(account)
    }

    pub fn rename(&mut self, id: &AccountId, name: &str) -> Result<&Account, VaultError> {
        let name = validate_name(name, &self.accounts, Some(id))?;
        let account = self.get_mut(id)?;
        account.name = name;
        Ok(account)
    }

    /// Changes the region; the colour moves to the new region's family when it has to.
    pub fn set_region(&mut self, id: &AccountId, region: Region) -> Result<&Account, VaultError> {
        let index = self.index_of(id)?;
        if !color_fits_region(&self.accounts[index].color, &region) {
            let others = self.accounts.iter().filter(|a| &a.id != id);
            self.accounts[index].color = pick_color(&region, others);
        }
        self.accounts[index].region = region;
        Ok(&self.accounts[index])
    }

    /// Removes the account. When it was the active one, the first remaining account (if any)
    /// becomes active, so the app always has something to show.
    pub fn remove(&mut self, id: &AccountId) -> Result<Account, VaultError> {
        let index = self.index_of(id)?;
        let removed = self.accounts.remove(index);
        if self.active.as_ref() == Some(id) {
            self.active = self.accounts.first().map(|a| a.id.clone());
        }
        Ok(removed)
    }

    pub fn set_active(&mut self, id: &AccountId) -> Result<(), VaultError> {
        self.index_of(id)?;
        self.active = Some(id.clone());
        Ok(())
    }

    fn index_of(&self, id: &AccountId) -> Result<usize, VaultError> {
        self.accounts
            .iter()
            .position(|a| &a.id == id)
            .ok_or_else(|| VaultError::UnknownAccount(id.clone()))
    }

    fn get_mut(&mut self, id: &AccountId) -> Result<&mut Account, VaultError> {
        let index = self.index_of(id)?;
        Ok(&mut self.accounts[index])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::NameError;

    fn temp_path() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("accounts.json");
        (dir, path)
    }

    #[test]
    fn saving_makes_the_folder_and_a_new_file_is_the_owners_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/config/accounts.json");
        let mut registry = AccountRegistry::load(&path).expect("load");
        registry.add("Production", Region::Global).expect("add");
        registry.save().expect("save");
        assert!(AccountRegistry::load(&path).expect("reload").list().len() == 1);
        let names: Vec<_> = fs::read_dir(path.parent().expect("parent"))
            .expect("ls")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("accounts.json")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).expect("stat").permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            // A mode the user chose survives the next save.
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).expect("chmod");
            registry.save().expect("save again");
            assert_eq!(mode(&path), 0o640);
        }
    }

    #[test]
    fn missing_file_is_an_empty_registry() {
        let (_dir, path) = temp_path();
        let registry = AccountRegistry::load(&path).expect("load");
        assert!(registry.list().is_empty());
        assert!(registry.active().is_none());
        assert!(!path.exists(), "loading does not create the file");
    }

    #[test]
    fn round_trip_keeps_accounts_and_active() {
        let (_dir, path) = temp_path();
        let mut registry = AccountRegistry::load(&path).expect("load");
        let global = registry.add("Production", Region::Global).expect("add");
        let india = registry.add(" Mumbai ", Region::India).expect("add");
        let custom = registry
            .add("Sandbox", Region::Custom("http://127.0.0.1:9000".into()))
            .expect("add");
        assert_eq!(
            registry.active(),
            Some(&global),
            "the first account is active"
        );
        registry.set_active(&india.id).expect("activate");
        registry.save().expect("save");

        let loaded = AccountRegistry::load(&path).expect("reload");
        assert_eq!(loaded.list(), &[global.clone(), india.clone(), custom]);
        assert_eq!(loaded.active(), Some(&india));
        assert_eq!(
            loaded.get(&india.id).map(|a| a.name.as_str()),
            Some("Mumbai")
        );
        assert_ne!(global.color, india.color);
        assert!(global.created_at_ms > 1_600_000_000_000);
    }

    #[test]
    fn rename_set_region_and_remove() {
        let (_dir, path) = temp_path();
        let mut registry = AccountRegistry::empty(&path);
        let a = registry.add("One", Region::Global).expect("add");
        let b = registry.add("Two", Region::Global).expect("add");

        assert!(matches!(
            registry.rename(&a.id, "two"),
            Err(VaultError::InvalidName(NameError::Duplicate { .. }))
        ));
        assert_eq!(
            registry.rename(&a.id, "First").expect("rename").name,
            "First"
        );

        let moved = registry.set_region(&b.id, Region::India).expect("region");
        assert_eq!(moved.region, Region::India);
        assert!(color_fits_region(&moved.color, &Region::India));
        assert_ne!(moved.color, b.color);

        let removed = registry.remove(&a.id).expect("remove");
        assert_eq!(removed.id, a.id);
        assert_eq!(
            registry.active().map(|x| &x.id),
            Some(&b.id),
            "active moves on"
        );
        assert!(matches!(
            registry.remove(&a.id),
            Err(VaultError::UnknownAccount(id)) if id == a.id
        ));
        assert!(matches!(
            registry.set_active(&a.id),
            Err(VaultError::UnknownAccount(_))
        ));
        registry.remove(&b.id).expect("remove last");
        assert!(registry.active().is_none());
    }

    #[test]
    fn corrupt_file_is_reported_and_left_alone() {
        let (dir, path) = temp_path();
        fs::write(&path, b"{\"version\": 1, \"accounts\": [").expect("seed");
        let err = AccountRegistry::load(&path).expect_err("corrupt");
        assert!(matches!(&err, VaultError::CorruptRegistry { path: p, .. } if p == &path));
        assert!(err.to_string().contains("left untouched"), "{err}");
        assert_eq!(
            fs::read(&path).expect("still there"),
            b"{\"version\": 1, \"accounts\": ["
        );

        let loaded = AccountRegistry::load_or_move_aside(&path).expect("recover");
        assert!(loaded.registry.list().is_empty());
        let moved = loaded.moved_aside.expect("moved");
        assert!(moved
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("accounts.json.corrupt-")));
        assert_eq!(
            fs::read(&moved).expect("moved keeps content"),
            b"{\"version\": 1, \"accounts\": ["
        );
        assert!(!path.exists());

        // A second corrupt file in the same second does not overwrite the first one moved aside.
        fs::write(&path, b"not json").expect("seed again");
        let second = AccountRegistry::move_aside(&path).expect("move again");
        assert_ne!(second, moved);
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 2);
    }

    #[test]
    fn unsupported_version_and_duplicate_ids_are_corrupt() {
        let (_dir, path) = temp_path();
        fs::write(&path, br#"{"version": 2, "accounts": []}"#).expect("seed");
        assert!(matches!(
            AccountRegistry::load(&path),
            Err(VaultError::CorruptRegistry { detail, .. }) if detail.contains("version 2")
        ));
        let account = r##"{"id":"abc123abc123","name":"A","region":{"kind":"global"},"color":"#2563eb","created_at_ms":1}"##;
        let json = format!(r#"{{"version":1,"accounts":[{account},{account}]}}"#);
        fs::write(&path, json).expect("seed");
        assert!(matches!(
            AccountRegistry::load(&path),
            Err(VaultError::CorruptRegistry { detail, .. }) if detail.contains("twice")
        ));
    }

    #[test]
    fn dangling_active_id_is_forgotten() {
        let (_dir, path) = temp_path();
        fs::write(
            &path,
            br#"{"version":1,"active":"deadbeef0000","accounts":[]}"#,
        )
        .expect("seed");
        let registry = AccountRegistry::load(&path).expect("load");
        assert!(registry.active().is_none());
    }

    #[test]
    fn failed_save_leaves_the_old_file_intact() {
        let (dir, path) = temp_path();
        let mut registry = AccountRegistry::empty(&path);
        registry.add("Kept", Region::Global).expect("add");
        registry.save().expect("save");
        let before = fs::read(&path).expect("read");

        // A parent that is a file cannot hold a temp file, even for root.
        let blocker = dir.path().join("not-a-dir");
        fs::write(&blocker, b"x").expect("blocker");
        let mut elsewhere = AccountRegistry::empty(blocker.join("accounts.json"));
        elsewhere.add("Lost", Region::Global).expect("add");
        assert!(matches!(
            elsewhere.save(),
            Err(VaultError::Io {
                action: "write",
                ..
            })
        ));

        // A directory where the file should be: the final rename fails.
        let dir_target = dir.path().join("dir-target");
        fs::create_dir(&dir_target).expect("mkdir");
        fs::write(dir_target.join("inside"), b"x").expect("fill");
        let mut blocked = AccountRegistry::empty(&dir_target);
        blocked.add("Lost", Region::Global).expect("add");
        assert!(blocked.save().is_err());

        assert_eq!(fs::read(&path).expect("read"), before);
        let mut names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().into_string().expect("utf8"))
            .collect();
        names.sort();
        assert_eq!(names, ["accounts.json", "dir-target", "not-a-dir"]);
    }
}
