//! The accounts the app knows this session: saved ones (the vault: registry + keychain), one
//! from the environment (`FORMANT_API_KEY`, never saved) and the demo (the local sandbox).
//! Resolves the active one to an API client; keys never leave this module except into the
//! client's Authorization header.

use std::collections::HashMap;
use std::sync::Mutex;

use formant_api::{Client, ClientConfig, ListQuery};
use formant_core::{ApiKey, Region};
use formant_vault::{AccountId, KeyStorage, KeychainStatus, Vault, VaultError};
use serde::Serialize;

use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

const ENVIRONMENT_ID: &str = "environment";
const DEMO_ID: &str = "demo";
const ENVIRONMENT_COLOR: &str = "#7c3aed";
const DEMO_COLOR: &str = "#0d9488";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AccountSource {
    Saved,
    Environment,
    Demo,
}

/// An account as the webview sees it: everything but the key.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
pub struct AccountView {
    id: String,
    name: String,
    region: Region,
    region_label: String,
    base_url: String,
    color: String,
    key_hint: String,
    source: AccountSource,
    key_storage: KeyStorage,
}

#[derive(Debug, Serialize, ts_rs::TS)]
pub struct AccountsState {
    accounts: Vec<AccountView>,
    active_id: Option<String>,
    keychain: KeychainStatus,
}

/// An account that lives only as long as the app runs.
struct SessionAccount {
    id: &'static str,
    name: String,
    region: Region,
    key: ApiKey,
    color: &'static str,
    source: AccountSource,
}

pub struct Accounts {
    vault: Mutex<Vault>,
    session: Mutex<Vec<SessionAccount>>,
    active: Mutex<Option<String>>,
    /// One client per account id, so connections are reused; dropped when the key changes.
    clients: Mutex<HashMap<String, Client>>,
    /// Probing the keychain is a D-Bus round trip: done once at start and after failures.
    keychain: Mutex<KeychainStatus>,
    /// Key hints (`…a1b2`) of saved accounts, remembered when a key passes through, so
    /// listing accounts does not read every key from the keychain.
    hints: Mutex<HashMap<String, String>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere must not take the accounts down with it.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Accounts {
    pub fn new(vault: Vault) -> Self {
        let active = vault.active().map(|a| a.id.to_string());
        let keychain = vault.keychain_status();
        Self {
            vault: Mutex::new(vault),
            session: Mutex::new(Vec::new()),
            active: Mutex::new(active),
            clients: Mutex::new(HashMap::new()),
            keychain: Mutex::new(keychain),
            hints: Mutex::new(HashMap::new()),
        }
    }

    /// The session-only account from `FORMANT_API_KEY` (+ `FORMANT_REGION` / `FORMANT_BASE_URL`),
    /// made active: whoever sets the variables means to use them.
    pub fn add_environment(&self, region: Region, key: ApiKey) {
        self.put_session(SessionAccount {
            id: ENVIRONMENT_ID,
            name: "Environment".into(),
            region,
            key,
            color: ENVIRONMENT_COLOR,
            source: AccountSource::Environment,
        });
    }

    /// The demo account on the local sandbox, made active.
    pub fn add_demo(&self, base_url: String, key: ApiKey) {
        self.put_session(SessionAccount {
            id: DEMO_ID,
            name: "Demo".into(),
            region: Region::Custom(base_url),
            key,
            color: DEMO_COLOR,
            source: AccountSource::Demo,
        });
    }

    fn put_session(&self, account: SessionAccount) {
        let id = account.id.to_owned();
        {
            let mut session = lock(&self.session);
            session.retain(|a| a.id != account.id);
            session.push(account);
        }
        lock(&self.clients).remove(&id);
        *lock(&self.active) = Some(id);
    }

    pub fn state(&self) -> AccountsState {
        let vault = lock(&self.vault);
        let mut accounts: Vec<AccountView> = vault
            .accounts()
            .iter()
            .map(|a| AccountView {
                id: a.id.to_string(),
                name: a.name.clone(),
                region_label: a.region.label(),
                base_url: a.region.base_url().to_owned(),
                region: a.region.clone(),
                color: a.color.clone(),
                // Reading the key for its hint would hit the keychain per account per
                // refresh; the hint is kept from when the key was last seen instead.
                key_hint: self.hint_for(&vault, &a.id),
                source: AccountSource::Saved,
                key_storage: vault.key_storage(&a.id).unwrap_or(KeyStorage::Keychain),
            })
            .collect();
        accounts.extend(lock(&self.session).iter().map(|a| AccountView {
            id: a.id.to_owned(),
            name: a.name.clone(),
            region_label: a.region.label(),
            base_url: a.region.base_url().to_owned(),
            region: a.region.clone(),
            color: a.color.to_owned(),
            key_hint: a.key.hint(),
            source: a.source,
            key_storage: KeyStorage::Memory,
        }));
        let active = lock(&self.active).clone();
        AccountsState {
            active_id: active.filter(|id| accounts.iter().any(|a| &a.id == id)),
            accounts,
            keychain: lock(&self.keychain).clone(),
        }
    }

    fn hint_for(&self, vault: &Vault, id: &AccountId) -> String {
        if let Some(hint) = lock(&self.hints).get(id.as_str()) {
            return hint.clone();
        }
        let hint = vault.key_for(id).ok().flatten().map(|k| k.hint());
        let hint = hint.unwrap_or_else(|| "…".into());
        lock(&self.hints).insert(id.to_string(), hint.clone());
        hint
    }

    /// Checks the key against the API, then saves the account and its key; the new account
    /// becomes active. A rejected key stores nothing.
    pub async fn add(&self, name: &str, region: Region, key: ApiKey) -> IpcResult<AccountsState> {
        if key.is_empty() {
            return Err(IpcError::invalid_input("Enter the account's API key."));
        }
        let client = verified_client(&region, key.clone()).await?;
        let account = {
            let mut vault = lock(&self.vault);
            let account = vault.add_account(name, region, &key).map_err(vault_error)?;
            vault.set_active(&account.id).map_err(vault_error)?;
            account
        };
        self.refresh_keychain_status();
        lock(&self.hints).insert(account.id.to_string(), key.hint());
        lock(&self.clients).insert(account.id.to_string(), client);
        *lock(&self.active) = Some(account.id.to_string());
        Ok(self.state())
    }

    /// Renames and/or replaces the key of a saved account (a new key is checked first).
    pub async fn update(
        &self,
        id: &str,
        name: Option<&str>,
        key: Option<ApiKey>,
    ) -> IpcResult<AccountsState> {
        let account_id = self.saved_id(id)?;
        let verified = match key {
            Some(key) => {
                let region = {
                    let vault = lock(&self.vault);
                    let account = vault
                        .accounts()
                        .iter()
                        .find(|a| a.id == account_id)
                        .cloned();
                    account.ok_or_else(|| unknown_account(id))?.region
                };
                Some((verified_client(&region, key.clone()).await?, key))
            }
            None => None,
        };
        {
            let mut vault = lock(&self.vault);
            if let Some(name) = name {
                vault
                    .rename_account(&account_id, name)
                    .map_err(vault_error)?;
            }
            if let Some((_, key)) = &verified {
                vault.change_key(&account_id, key).map_err(vault_error)?;
            }
        }
        if let Some((client, key)) = verified {
            lock(&self.hints).insert(id.to_owned(), key.hint());
            lock(&self.clients).insert(id.to_owned(), client);
            self.refresh_keychain_status();
        }
        Ok(self.state())
    }

    /// Removes the account and its key. Session accounts just disappear.
    pub fn remove(&self, id: &str) -> IpcResult<AccountsState> {
        let removed_session = {
            let mut session = lock(&self.session);
            let before = session.len();
            session.retain(|a| a.id != id);
            session.len() != before
        };
        if !removed_session {
            let account_id = self.saved_id(id)?;
            lock(&self.vault)
                .remove_account(&account_id)
                .map_err(vault_error)?;
        }
        lock(&self.clients).remove(id);
        lock(&self.hints).remove(id);
        let mut active = lock(&self.active);
        if active.as_deref() == Some(id) {
            *active = lock(&self.vault).active().map(|a| a.id.to_string());
        }
        drop(active);
        Ok(self.state())
    }

    pub fn set_active(&self, id: &str) -> IpcResult<AccountsState> {
        let is_session = lock(&self.session).iter().any(|a| a.id == id);
        if !is_session {
            let account_id = self.saved_id(id)?;
            // Remembered across restarts for saved accounts only.
            lock(&self.vault)
                .set_active(&account_id)
                .map_err(vault_error)?;
        }
        *lock(&self.active) = Some(id.to_owned());
        Ok(self.state())
    }

    /// The id of the active account, if any.
    pub fn active_id(&self) -> Option<String> {
        lock(&self.active).clone()
    }

    /// The active account's client. Saved accounts' keys are read from the keychain the first
    /// time and the client kept.
    pub fn active_client(&self) -> IpcResult<Client> {
        let id = lock(&self.active)
            .clone()
            .ok_or_else(IpcError::no_account)?;
        if let Some(client) = lock(&self.clients).get(&id) {
            return Ok(client.clone());
        }
        let (region, key) = self.region_and_key(&id)?;
        let client = Client::new(ClientConfig::for_region(&region, key))?;
        lock(&self.clients).insert(id, client.clone());
        Ok(client)
    }

    fn region_and_key(&self, id: &str) -> IpcResult<(Region, ApiKey)> {
        if let Some(a) = lock(&self.session).iter().find(|a| a.id == id) {
            return Ok((a.region.clone(), a.key.clone()));
        }
        let account_id = self.saved_id(id)?;
        let vault = lock(&self.vault);
        let region = vault
            .accounts()
            .iter()
            .find(|a| a.id == account_id)
            .map(|a| a.region.clone())
            .ok_or_else(|| unknown_account(id))?;
        match vault.key_for(&account_id) {
            Ok(Some(key)) => Ok((region, key)),
            Ok(None) => Err(IpcError::new(
                ErrorKind::Auth,
                "No API key is stored for this account (the keychain may have been reset). Update its key.",
            )),
            Err(e) => {
                drop(vault);
                self.refresh_keychain_status();
                Err(vault_error(e))
            }
        }
    }

    fn saved_id(&self, id: &str) -> IpcResult<AccountId> {
        AccountId::parse(id).map_err(|_| unknown_account(id))
    }

    fn refresh_keychain_status(&self) {
        let status = lock(&self.vault).keychain_status();
        *lock(&self.keychain) = status;
    }
}

/// A client for `region` whose key the API accepted (`GET /v1/conversations?limit=1`).
async fn verified_client(region: &Region, key: ApiKey) -> IpcResult<Client> {
    let client = Client::new(ClientConfig::for_region(region, key))?;
    client
        .list(&ListQuery {
            agent_id: None,
            limit: 1,
            offset: 0,
        })
        .await
        .map_err(|e| {
            let mut err = IpcError::from(e);
            if err.kind == ErrorKind::Auth {
                err.message = format!(
                    "The API rejected this key for {}. Check the key and the region. ({})",
                    region.label(),
                    err.message
                );
            }
            err
        })?;
    Ok(client)
}

fn unknown_account(id: &str) -> IpcError {
    IpcError::new(
        ErrorKind::NotFound,
        format!("There is no account {id:?}. It may have been removed."),
    )
}

pub fn vault_error(e: VaultError) -> IpcError {
    let kind = match &e {
        VaultError::InvalidName(_) | VaultError::EmptyKey | VaultError::InvalidAccountId(_) => {
            ErrorKind::InvalidInput
        }
        VaultError::UnknownAccount(_) => ErrorKind::NotFound,
        VaultError::Keychain(_) => ErrorKind::Keychain,
        VaultError::CorruptRegistry { .. } | VaultError::Io { .. } => ErrorKind::Io,
    };
    IpcError::new(kind, capitalise(&e.to_string()))
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => {
            c.to_uppercase().chain(chars).collect::<String>()
                + if s.ends_with('.') { "" } else { "." }
        }
        None => String::new(),
    }
}
