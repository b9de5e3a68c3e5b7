//! The accounts the app knows this session: saved ones (the vault: registry + keychain), one
//! from the environment (`FORMANT_API_KEY`, never saved) and the demo (the local sandbox).
//! Resolves the active one to an API client; keys never leave this module except into the
//! client's Authorization header.

use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, MutexGuard, PoisonError};

use formant_api::{Client, ClientConfig, ListQuery};
use formant_core::{ApiKey, Region};
use formant_vault::{AccountId, KeyStorage, KeychainStatus, Keys, Vault, VaultError};
use serde::Serialize;

use crate::ipc_error::{ErrorKind, IpcError, IpcResult};

const ENVIRONMENT_ID: &str = "environment";
const DEMO_ID: &str = "demo";
const ENVIRONMENT_COLOR: &str = "#7c3aed";
const DEMO_COLOR: &str = "#0d9488";
/// Shown when a saved account's key cannot be read for its hint.
const UNKNOWN_HINT: &str = "…";

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

/// Which account is in use. Held once: a saved account's id lives only in the registry (which
/// also remembers it across restarts), a session account's only here.
#[derive(Clone, Copy)]
enum Active {
    /// The registry's active account, if it has one.
    Saved,
    Session(&'static str),
}

/// Everything the accounts are, under one lock.
struct Inner {
    vault: Vault,
    session: Vec<SessionAccount>,
    active: Active,
    /// One client per account id, so connections are reused; replaced when the key changes.
    clients: HashMap<String, Client>,
    /// Probing the keychain is a D-Bus round trip: done at start and after a key is stored
    /// or could not be read.
    keychain: KeychainStatus,
    /// Key hints (`…a1b2`) of saved accounts, remembered when a key passes through, so
    /// listing accounts reads a key from the keychain once at most.
    hints: HashMap<String, String>,
    /// Saved accounts whose key is being deleted. A key stored meanwhile (by an add or a key
    /// change racing the removal) is taken back out by whoever stored it, so no key outlives
    /// its account in the keychain.
    removing: HashSet<String>,
}

/// The accounts the app knows this session.
///
/// One mutex guards all of it, and it is held only to read or change [`Inner`]: never while
/// the keychain is asked (a D-Bus call that can wait on an unlock prompt), never across an
/// `.await`, and never while taking another lock of this module — so no two calls can wait on
/// each other. Keychain IO goes through [`Keys`] between two short lock scopes; what it brings
/// back is put in only if the account still exists.
pub struct Accounts {
    inner: Mutex<Inner>,
    keys: Keys,
}

impl Accounts {
    /// Probes the keychain once (a D-Bus round trip on Linux).
    pub fn new(vault: Vault) -> Self {
        let keys = vault.keys();
        let keychain = keys.status();
        Self {
            inner: Mutex::new(Inner {
                vault,
                session: Vec::new(),
                active: Active::Saved,
                clients: HashMap::new(),
                keychain,
                hints: HashMap::new(),
                removing: HashSet::new(),
            }),
            keys,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // Every change to `Inner` is a single assignment or insert after the fallible work, so
        // a panic elsewhere cannot leave it half-changed: keep going rather than fail forever.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
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
        let mut inner = self.lock();
        let id = account.id;
        inner.session.retain(|a| a.id != id);
        inner.session.push(account);
        inner.clients.remove(id);
        inner.active = Active::Session(id);
    }

    /// What the webview shows. Reads the keychain (outside the lock) only for saved accounts
    /// whose key hint is not known yet.
    pub fn state(&self) -> AccountsState {
        let unhinted: Vec<AccountId> = {
            let inner = self.lock();
            inner
                .vault
                .accounts()
                .iter()
                .filter(|a| !inner.hints.contains_key(a.id.as_str()))
                .map(|a| a.id.clone())
                .collect()
        };
        let found: Vec<(AccountId, String)> = unhinted
            .into_iter()
            .map(|id| {
                let hint = self.keys.get(&id).ok().flatten().map(|k| k.hint());
                (id, hint.unwrap_or_else(|| UNKNOWN_HINT.into()))
            })
            .collect();
        let mut inner = self.lock();
        for (id, hint) in found {
            if inner.vault.account(&id).is_some() {
                inner.hints.entry(id.to_string()).or_insert(hint);
            }
        }
        self.snapshot(&inner)
    }

    fn snapshot(&self, inner: &Inner) -> AccountsState {
        let mut accounts: Vec<AccountView> = inner
            .vault
            .accounts()
            .iter()
            .map(|a| AccountView {
                id: a.id.to_string(),
                name: a.name.clone(),
                region_label: a.region.label(),
                base_url: a.region.base_url().to_owned(),
                region: a.region.clone(),
                color: a.color.clone(),
                key_hint: inner
                    .hints
                    .get(a.id.as_str())
                    .cloned()
                    .unwrap_or_else(|| UNKNOWN_HINT.into()),
                source: AccountSource::Saved,
                key_storage: self.keys.storage(&a.id),
            })
            .collect();
        accounts.extend(inner.session.iter().map(|a| AccountView {
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
        AccountsState {
            active_id: active_id(inner),
            accounts,
            keychain: inner.keychain.clone(),
        }
    }

    /// Saves an account whose key the API accepted (see [`verified_client`]) and stores the
    /// key; the new account becomes active.
    pub fn add_verified(
        &self,
        name: &str,
        region: Region,
        key: ApiKey,
        client: Client,
    ) -> IpcResult<AccountsState> {
        let account = {
            let mut inner = self.lock();
            let account = inner
                .vault
                .register_account(name, region)
                .map_err(vault_error)?;
            inner.vault.set_active(&account.id).map_err(vault_error)?;
            inner.active = Active::Saved;
            // Known now, so nobody reads the keychain for them while the key is being stored.
            inner.hints.insert(account.id.to_string(), key.hint());
            inner.clients.insert(account.id.to_string(), client);
            account
        };
        self.store_key(&account.id, &key)?;
        self.refresh_keychain_status();
        Ok(self.state())
    }

    /// Stores the key of a saved account (keychain IO, outside the lock); when the account was
    /// removed meanwhile, takes the key back out and says so.
    fn store_key(&self, account_id: &AccountId, key: &ApiKey) -> IpcResult<()> {
        self.keys.store(account_id, key);
        let gone = {
            let inner = self.lock();
            inner.removing.contains(account_id.as_str())
                || inner.vault.account(account_id).is_none()
        };
        if gone {
            let _ = self.keys.delete_for_removal(account_id);
            return Err(unknown_account(account_id.as_str()));
        }
        Ok(())
    }

    /// The region of a saved account, to check a new key against.
    pub fn region_of(&self, id: &str) -> IpcResult<Region> {
        let account_id = saved_id(id)?;
        let inner = self.lock();
        let account = inner.vault.account(&account_id);
        Ok(account.ok_or_else(|| unknown_account(id))?.region.clone())
    }

    /// Renames and/or replaces the key of a saved account; a new key comes with the client
    /// that verified it.
    pub fn update_verified(
        &self,
        id: &str,
        name: Option<&str>,
        key: Option<(ApiKey, Client)>,
    ) -> IpcResult<AccountsState> {
        let account_id = saved_id(id)?;
        {
            let mut inner = self.lock();
            match name {
                Some(name) => {
                    inner
                        .vault
                        .rename_account(&account_id, name)
                        .map_err(vault_error)?;
                }
                None if inner.vault.account(&account_id).is_none() => {
                    return Err(unknown_account(id));
                }
                None => {}
            }
        }
        if let Some((key, client)) = key {
            self.store_key(&account_id, &key)?;
            let mut inner = self.lock();
            inner.hints.insert(id.to_owned(), key.hint());
            inner.clients.insert(id.to_owned(), client);
            drop(inner);
            self.refresh_keychain_status();
        }
        Ok(self.state())
    }

    /// Removes the account and its key. Session accounts just disappear.
    pub fn remove(&self, id: &str) -> IpcResult<AccountsState> {
        let account_id = {
            let mut inner = self.lock();
            if let Some(index) = inner.session.iter().position(|a| a.id == id) {
                inner.session.remove(index);
                inner.clients.remove(id);
                if matches!(inner.active, Active::Session(active) if active == id) {
                    inner.active = Active::Saved;
                }
                None
            } else {
                let account_id = saved_id(id)?;
                if inner.vault.account(&account_id).is_none() {
                    return Err(unknown_account(id));
                }
                inner.removing.insert(id.to_owned());
                Some(account_id)
            }
        };
        if let Some(account_id) = account_id {
            let deleted = self.keys.delete_for_removal(&account_id);
            let mut inner = self.lock();
            inner.removing.remove(id);
            deleted.map_err(|e| vault_error(e.into()))?;
            inner
                .vault
                .forget_account(&account_id)
                .map_err(|e| match e {
                    // Another removal of the same account got there first.
                    VaultError::UnknownAccount(_) => unknown_account(id),
                    e => vault_error(e),
                })?;
            inner.clients.remove(id);
            inner.hints.remove(id);
        }
        Ok(self.state())
    }

    pub fn set_active(&self, id: &str) -> IpcResult<AccountsState> {
        {
            let mut inner = self.lock();
            if let Some(session) = inner.session.iter().find(|a| a.id == id) {
                inner.active = Active::Session(session.id);
            } else {
                let account_id = saved_id(id)?;
                // Remembered across restarts for saved accounts only.
                inner.vault.set_active(&account_id).map_err(vault_error)?;
                inner.active = Active::Saved;
            }
        }
        // For support: which account the requests that follow belong to (its id, never a key).
        tracing::info!(account = id, "switched account");
        Ok(self.state())
    }

    /// The id of the active account, if any.
    pub fn active_id(&self) -> Option<String> {
        active_id(&self.lock())
    }

    /// The active account's client (see [`Accounts::client`]).
    pub fn active_client(&self) -> IpcResult<Client> {
        let id = self.active_id().ok_or_else(IpcError::no_account)?;
        self.client(&id)
    }

    /// Who an account is, for the library: its name, region and kind (never its key).
    pub fn identity(&self, id: &str) -> IpcResult<AccountIdentity> {
        let inner = self.lock();
        if let Some(a) = inner.session.iter().find(|a| a.id == id) {
            return Ok(AccountIdentity {
                id: id.to_owned(),
                name: a.name.clone(),
                region: a.region.clone(),
                source: a.source,
            });
        }
        let account = inner
            .vault
            .account(&saved_id(id)?)
            .ok_or_else(|| unknown_account(id))?;
        Ok(AccountIdentity {
            id: id.to_owned(),
            name: account.name.clone(),
            region: account.region.clone(),
            source: AccountSource::Saved,
        })
    }

    /// An account's client. A saved account's key is read from the keychain (outside the
    /// lock) the first time, and the client kept.
    pub fn client(&self, id: &str) -> IpcResult<Client> {
        let (id, wanted) = {
            let inner = self.lock();
            let id = id.to_owned();
            if !exists(&inner, &id) {
                return Err(unknown_account(&id));
            }
            if let Some(client) = inner.clients.get(&id) {
                return Ok(client.clone());
            }
            let wanted = match inner.session.iter().find(|a| a.id == id) {
                Some(a) => KeyFrom::Session(a.region.clone(), a.key.clone()),
                None => {
                    let account_id = saved_id(&id)?;
                    let account = inner.vault.account(&account_id);
                    let region = account.ok_or_else(|| unknown_account(&id))?.region.clone();
                    KeyFrom::Keychain(account_id, region)
                }
            };
            (id, wanted)
        };
        let (region, key) = match wanted {
            KeyFrom::Session(region, key) => (region, key),
            KeyFrom::Keychain(account_id, region) => (region, self.saved_key(&account_id)?),
        };
        let client = Client::new(ClientConfig::for_region(&region, key))?;
        let mut inner = self.lock();
        if !exists(&inner, &id) {
            return Err(unknown_account(&id));
        }
        // A client put in meanwhile (by a key change) is newer than this one: keep it.
        Ok(inner.clients.entry(id).or_insert(client).clone())
    }

    fn saved_key(&self, account_id: &AccountId) -> IpcResult<ApiKey> {
        match self.keys.get(account_id) {
            Ok(Some(key)) => Ok(key),
            Ok(None) => Err(IpcError::new(
                ErrorKind::Auth,
                "No API key is stored for this account (the keychain may have been reset). Update its key.",
            )),
            Err(e) => {
                self.refresh_keychain_status();
                Err(vault_error(e.into()))
            }
        }
    }

    fn refresh_keychain_status(&self) {
        let status = self.keys.status();
        self.lock().keychain = status;
    }
}

/// An account as the library tells it apart (see `crate::library`).
#[derive(Debug, Clone)]
pub struct AccountIdentity {
    pub id: String,
    pub name: String,
    pub region: Region,
    pub source: AccountSource,
}

/// Where an account's key comes from.
enum KeyFrom {
    Session(Region, ApiKey),
    Keychain(AccountId, Region),
}

fn active_id(inner: &Inner) -> Option<String> {
    match inner.active {
        Active::Session(id) => Some(id.to_owned()),
        Active::Saved => inner.vault.active().map(|a| a.id.to_string()),
    }
}

fn exists(inner: &Inner, id: &str) -> bool {
    inner.session.iter().any(|a| a.id == id)
        || AccountId::parse(id).is_ok_and(|id| inner.vault.account(&id).is_some())
}

fn saved_id(id: &str) -> IpcResult<AccountId> {
    AccountId::parse(id).map_err(|_| unknown_account(id))
}

/// A client for `region` whose key the API accepted (`GET /v1/conversations?limit=1`).
/// An empty key is refused before anything is sent.
pub async fn verified_client(region: &Region, key: ApiKey) -> IpcResult<Client> {
    if key.is_empty() {
        return Err(IpcError::invalid_input("Enter the account's API key."));
    }
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

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;
    use std::sync::Arc;
    use std::time::Duration;

    use formant_vault::{AccountRegistry, KeyStore, KeychainError, MemoryKeyStore};

    use super::*;

    /// Long enough for a loaded 2-core machine; only a hang (a deadlock) takes this long.
    const WATCHDOG: Duration = Duration::from_secs(120);

    /// Runs `work` on its own thread and fails the test if it does not finish in time:
    /// a deadlock becomes a failure instead of a hung test run.
    fn finishes<T: Send + 'static>(what: &str, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, finished) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(work());
        });
        finished
            .recv_timeout(WATCHDOG)
            .unwrap_or_else(|_| panic!("{what} did not finish: the accounts are deadlocked"))
    }

    /// The in-memory key store, observable by the test: counts reads, remembers every id it
    /// was given a key for, and can hold one read until the test lets it go.
    #[derive(Default)]
    struct TestStore {
        keys: MemoryKeyStore,
        ever_set: Mutex<HashSet<AccountId>>,
        gets: AtomicUsize,
        /// (entered, release): the next `get` of a real account says it entered and waits.
        gate: Mutex<Option<(mpsc::Sender<()>, mpsc::Receiver<()>)>>,
    }

    impl TestStore {
        /// Ids holding a key now.
        fn stored(&self) -> HashSet<AccountId> {
            let ever = self.ever_set.lock().expect("lock").clone();
            ever.into_iter()
                .filter(|id| self.keys.contains(id))
                .collect()
        }
    }

    impl KeyStore for TestStore {
        fn get(&self, account: &AccountId) -> Result<Option<ApiKey>, KeychainError> {
            if account.as_str() != "keychain-probe" {
                self.gets.fetch_add(1, Ordering::SeqCst);
                let gate = self.gate.lock().expect("lock").take();
                if let Some((entered, release)) = gate {
                    let _ = entered.send(());
                    let _ = release.recv();
                }
            }
            self.keys.get(account)
        }
        fn set(&self, account: &AccountId, key: &ApiKey) -> Result<(), KeychainError> {
            self.ever_set.lock().expect("lock").insert(account.clone());
            self.keys.set(account, key)
        }
        fn delete(&self, account: &AccountId) -> Result<(), KeychainError> {
            self.keys.delete(account)
        }
    }

    struct Fixture {
        accounts: Arc<Accounts>,
        store: Arc<TestStore>,
        path: std::path::PathBuf,
        _dir: tempfile::TempDir,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("accounts.json");
        let store = Arc::new(TestStore::default());
        let vault = Vault::new(AccountRegistry::empty(&path), Box::new(Arc::clone(&store)));
        Fixture {
            accounts: Arc::new(Accounts::new(vault)),
            store,
            path,
            _dir: dir,
        }
    }

    fn client(key: &ApiKey) -> Client {
        Client::new(ClientConfig::for_region(&Region::Global, key.clone())).expect("client")
    }

    fn add(accounts: &Accounts, name: &str, key: &str) -> IpcResult<String> {
        let key = ApiKey::new(key);
        let state = accounts.add_verified(name, Region::Global, key.clone(), client(&key))?;
        Ok(state.active_id.expect("the new account is active"))
    }

    fn view<'a>(state: &'a AccountsState, id: &str) -> &'a AccountView {
        state.accounts.iter().find(|a| a.id == id).expect("listed")
    }

    #[test]
    fn saved_accounts_keep_their_key_in_the_store_and_one_active_account() {
        let f = fixture();
        let accounts = &f.accounts;
        let support = add(accounts, "Support", "sk_live_support_0001").expect("add");
        let support_id = AccountId::parse(&support).expect("id");
        assert_eq!(
            f.store.keys.get(&support_id).expect("get"),
            Some(ApiKey::new("sk_live_support_0001"))
        );
        let state = accounts.state();
        assert_eq!(
            view(&state, &support).key_hint,
            ApiKey::new("sk_live_support_0001").hint()
        );
        assert_eq!(view(&state, &support).key_storage, KeyStorage::Keychain);
        let sales = add(accounts, "Sales", "sk_live_sales_0002").expect("add");
        assert_eq!(accounts.active_id().as_deref(), Some(sales.as_str()));

        // A session account takes over; choosing a saved one is remembered across restarts.
        accounts.add_demo("http://127.0.0.1:9".into(), ApiKey::new("demo-key"));
        assert_eq!(accounts.active_id().as_deref(), Some(DEMO_ID));
        let state = accounts.set_active(&support).expect("switch");
        assert_eq!(state.active_id.as_deref(), Some(support.as_str()));
        let reloaded = AccountRegistry::load(&f.path).expect("reload");
        assert_eq!(
            reloaded.active().map(|a| a.id.to_string()),
            Some(support.clone())
        );

        // Removing the active session account falls back to the saved active one.
        accounts.set_active(DEMO_ID).expect("demo");
        let state = accounts.remove(DEMO_ID).expect("remove demo");
        assert_eq!(state.active_id.as_deref(), Some(support.as_str()));
        assert!(state
            .accounts
            .iter()
            .all(|a| a.source == AccountSource::Saved));

        // Removing the active saved account deletes its key; the registry picks the next.
        let state = accounts.remove(&support).expect("remove");
        assert_eq!(state.active_id.as_deref(), Some(sales.as_str()));
        assert_eq!(f.store.keys.get(&support_id).expect("get"), None);
        let err = accounts.remove(&support).expect_err("gone");
        assert_eq!(err.kind, ErrorKind::NotFound);
        let err = accounts.set_active("nope").expect_err("unknown");
        assert_eq!(err.kind, ErrorKind::NotFound);
    }

    #[test]
    fn a_key_change_replaces_the_client_and_the_hint() {
        let f = fixture();
        let id = add(&f.accounts, "Ops", "sk_live_old_key_0001").expect("add");
        let new_key = ApiKey::new("sk_live_new_key_0002");
        let state = f
            .accounts
            .update_verified(
                &id,
                Some("Ops team"),
                Some((new_key.clone(), client(&new_key))),
            )
            .expect("update");
        assert_eq!(view(&state, &id).name, "Ops team");
        assert_eq!(view(&state, &id).key_hint, new_key.hint());
        let account_id = AccountId::parse(&id).expect("id");
        assert_eq!(f.store.keys.get(&account_id).expect("get"), Some(new_key));
    }

    #[test]
    fn the_keychain_is_read_once_and_never_under_the_lock() {
        let f = fixture();
        // An account saved in an earlier run: its key is in the keychain, nothing is cached.
        let key = ApiKey::new("sk_live_from_last_run_01");
        let saved = {
            let mut registry = AccountRegistry::empty(&f.path);
            let account = registry.add("Earlier", Region::Global).expect("add");
            registry.save().expect("save");
            f.store.set(&account.id, &key).expect("set");
            account
        };
        let store = Arc::clone(&f.store);
        let vault = Vault::new(
            AccountRegistry::load(&f.path).expect("load"),
            Box::new(Arc::clone(&store)),
        );
        let accounts = Arc::new(Accounts::new(vault));

        // The first read of the key hangs, as a keychain waiting on an unlock prompt does.
        let (entered, entered_rx) = mpsc::channel();
        let (release, release_rx) = mpsc::channel();
        *store.gate.lock().expect("lock") = Some((entered, release_rx));
        let reader = {
            let accounts = Arc::clone(&accounts);
            std::thread::spawn(move || accounts.active_client().map(|c| c.base_url().to_owned()))
        };
        entered_rx
            .recv_timeout(WATCHDOG)
            .expect("the key is being read");

        // Meanwhile every other call goes through.
        let others = Arc::clone(&accounts);
        let saved_id = saved.id.to_string();
        let demo_first = finishes("calls during a slow keychain read", move || {
            others.add_demo("http://127.0.0.1:9".into(), ApiKey::new("demo-key"));
            let listed = others.state();
            let switched = others.set_active(&saved_id).map(|s| s.active_id);
            others.remove(DEMO_ID).expect("remove demo");
            (listed.active_id, switched)
        });
        assert_eq!(demo_first.0.as_deref(), Some(DEMO_ID));
        assert_eq!(
            demo_first.1.expect("switch").as_deref(),
            Some(saved.id.as_str())
        );

        release.send(()).expect("release");
        let base_url = finishes("the slow read", move || reader.join().expect("reader"));
        assert_eq!(base_url.expect("client"), Region::Global.base_url());
        let reads = store.gets.load(Ordering::SeqCst);
        accounts.active_client().expect("client again");
        accounts.state();
        assert_eq!(
            store.gets.load(Ordering::SeqCst),
            reads,
            "the client and the hint are kept: no second keychain read"
        );
    }

    #[test]
    fn many_threads_at_once_all_finish_and_leave_no_key_behind() {
        const THREADS: usize = 6;
        const ROUNDS: usize = 40;
        let f = fixture();
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let accounts = Arc::clone(&f.accounts);
                std::thread::spawn(move || {
                    for round in 0..ROUNDS {
                        let listed = accounts.state();
                        let some_id = listed
                            .accounts
                            .get((t + round) % listed.accounts.len().max(1))
                            .map(|a| a.id.clone());
                        // Errors are expected (an account another thread just removed); a
                        // panic or a hang is not.
                        match (t + round) % 6 {
                            0 | 3 => {
                                let _ =
                                    add(&accounts, &format!("T{t} R{round}"), "sk_live_conc_0001");
                            }
                            1 => {
                                if let Some(id) = some_id {
                                    let _ = accounts.remove(&id);
                                }
                            }
                            2 => {
                                if let Some(id) = some_id {
                                    let _ = accounts.set_active(&id);
                                }
                            }
                            4 => accounts
                                .add_demo("http://127.0.0.1:9".into(), ApiKey::new("demo-key")),
                            _ => {
                                let _ = accounts.active_client();
                                let _ = accounts.remove(DEMO_ID);
                            }
                        }
                    }
                })
            })
            .collect();
        finishes("six threads using the accounts at once", move || {
            for worker in workers {
                worker.join().expect("no panic");
            }
        });

        let state = f.accounts.state();
        if let Some(active) = &state.active_id {
            assert!(
                state.accounts.iter().any(|a| &a.id == active),
                "the active account exists"
            );
        }
        let listed: HashSet<AccountId> = state
            .accounts
            .iter()
            .filter(|a| a.source == AccountSource::Saved)
            .map(|a| AccountId::parse(&a.id).expect("id"))
            .collect();
        assert_eq!(
            f.store.stored(),
            listed,
            "every saved account has its key, and only they do"
        );
        let reloaded = AccountRegistry::load(&f.path).expect("reload");
        let in_file: HashSet<AccountId> = reloaded.list().iter().map(|a| a.id.clone()).collect();
        assert_eq!(in_file, listed, "the file holds what is shown");
    }
}
