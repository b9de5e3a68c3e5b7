//! The real OS keychain (Secret Service on Linux). These tests only run with
//! FORMANT_KEYCHAIN_TESTS=1, which `tests/with-keyring.sh` sets after starting a private D-Bus
//! session and an unlocked GNOME Keyring:
//!
//!     src-tauri/crates/formant-vault/tests/with-keyring.sh \
//!         cargo test -p formant-vault --test os_keychain
//!
//! Each test uses its own service name and fresh account ids, so they run in parallel safely.

use std::path::Path;
use std::process::Command;

use formant_core::{ApiKey, Region};
use formant_vault::{
    AccountId, AccountRegistry, KeyStorage, KeyStore, KeychainError, KeychainProblem, OsKeyStore,
    Vault, VaultError,
};

/// Set in a child run of this binary that must see an unusable keychain.
const CHILD_CASE: &str = "FORMANT_KEYCHAIN_CHILD_CASE";

/// These tests are `#[ignore]`d in a plain `cargo test`; run with `--ignored` they must have
/// their keychain, so a missing one fails loudly instead of passing without checking anything.
fn enabled() -> bool {
    if std::env::var_os(CHILD_CASE).is_some() {
        return true;
    }
    assert!(
        std::env::var("FORMANT_KEYCHAIN_TESTS").is_ok_and(|v| v == "1"),
        "run through tests/with-keyring.sh (it starts a keychain and sets FORMANT_KEYCHAIN_TESTS=1)"
    );
    true
}

fn test_store(test: &str) -> OsKeyStore {
    OsKeyStore::with_service(format!("dev.formant.desk.test.{test}"))
}

/// What libsecret's own tool finds under the same attributes: proof the key is in the real
/// Secret Service and not in keyring's in-process mock.
fn secret_tool_lookup(service: &str, account: &AccountId) -> Option<String> {
    let output = Command::new("secret-tool")
        .args(["lookup", "service", service, "username", account.as_str()])
        .output()
        .expect("run secret-tool (apt package libsecret-tools)");
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).expect("utf8 secret"))
}

#[test]
#[ignore = "needs a Secret Service: make test-keychain"]
fn set_get_replace_delete_in_the_real_keychain() {
    if !enabled() || std::env::var_os(CHILD_CASE).is_some() {
        return;
    }
    let store = test_store("crud");
    let id = AccountId::generate();

    assert_eq!(
        store.get(&id).expect("get before set"),
        None,
        "NoEntry is Ok(None)"
    );
    store.delete(&id).expect("deleting a missing key succeeds");

    store
        .set(&id, &ApiKey::new("sk_live_first_0001"))
        .expect("set");
    assert_eq!(
        store.get(&id).expect("get"),
        Some(ApiKey::new("sk_live_first_0001"))
    );
    assert_eq!(
        secret_tool_lookup(store.service(), &id).as_deref(),
        Some("sk_live_first_0001")
    );

    // A second store value (a new process would be the same) sees the key: it is persistent.
    let reopened = test_store("crud");
    store
        .set(&id, &ApiKey::new("sk_live_second_0002"))
        .expect("replace");
    assert_eq!(
        reopened.get(&id).expect("get replaced"),
        Some(ApiKey::new("sk_live_second_0002"))
    );

    store.delete(&id).expect("delete");
    assert_eq!(store.get(&id).expect("get after delete"), None);
    assert_eq!(secret_tool_lookup(store.service(), &id), None);
    store.delete(&id).expect("delete is idempotent");
}

#[test]
#[ignore = "needs a Secret Service: make test-keychain"]
fn keys_are_kept_per_account_and_per_service() {
    if !enabled() || std::env::var_os(CHILD_CASE).is_some() {
        return;
    }
    let store = test_store("separate");
    let other_service = test_store("separate.other");
    let (a, b) = (AccountId::generate(), AccountId::generate());
    store.set(&a, &ApiKey::new("sk_key_for_a")).expect("set a");
    store.set(&b, &ApiKey::new("sk_key_for_b")).expect("set b");
    assert_eq!(store.get(&a).expect("a"), Some(ApiKey::new("sk_key_for_a")));
    assert_eq!(store.get(&b).expect("b"), Some(ApiKey::new("sk_key_for_b")));
    assert_eq!(other_service.get(&a).expect("other service"), None);
    store.delete(&a).expect("delete a");
    assert_eq!(
        store.get(&b).expect("b stays"),
        Some(ApiKey::new("sk_key_for_b"))
    );
    store.delete(&b).expect("delete b");
}

#[test]
#[ignore = "needs a Secret Service: make test-keychain"]
fn vault_keeps_keys_in_the_keychain_and_never_in_the_file() {
    if !enabled() || std::env::var_os(CHILD_CASE).is_some() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("accounts.json");
    let service = "dev.formant.desk.test.vault";
    let mut vault = Vault::new(
        AccountRegistry::load(&path).expect("load"),
        Box::new(test_store("vault")),
    );
    assert!(vault.keychain_status().available);

    let key = ApiKey::new("sk_live_vault_key_123456");
    let account = vault
        .add_account("Production", Region::India, &key)
        .expect("add");
    assert_eq!(
        vault.key_storage(&account.id).expect("storage"),
        KeyStorage::Keychain
    );
    assert_eq!(
        secret_tool_lookup(service, &account.id).as_deref(),
        Some(key.expose())
    );
    let file = std::fs::read_to_string(&path).expect("accounts file");
    assert!(file.contains("Production"));
    assert!(!file.contains(key.expose()), "no secret in accounts.json");

    // A new vault over the same file and keychain (the next app start) finds the key.
    let reopened = Vault::new(
        AccountRegistry::load(&path).expect("reload"),
        Box::new(test_store("vault")),
    );
    assert_eq!(
        reopened.key_for(&account.id).expect("key"),
        Some(key.clone())
    );

    let new_key = ApiKey::new("sk_live_rotated_654321");
    assert_eq!(
        vault.change_key(&account.id, &new_key).expect("change"),
        KeyStorage::Keychain
    );
    assert_eq!(reopened.key_for(&account.id).expect("key"), Some(new_key));

    vault.remove_account(&account.id).expect("remove");
    assert_eq!(secret_tool_lookup(service, &account.id), None);
    assert!(vault.accounts().is_empty());
}

/// Runs `test` again in a child process of this binary with `env` applied, and fails if it
/// fails. The keychain reads D-Bus settings from the environment, which must not change under
/// the other tests of this process.
fn run_child(test: &str, case: &str, env: &[(&str, &str)], wrap: Option<(&str, &[&str])>) {
    let exe = std::env::current_exe().expect("test binary path");
    let exe = exe.to_str().expect("utf8 path");
    let test_args = [
        exe,
        "--exact",
        test,
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ];
    let mut command = match wrap {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg("--").args(test_args);
            c
        }
        None => {
            let mut c = Command::new(test_args[0]);
            c.args(&test_args[1..]);
            c
        }
    };
    command.env(CHILD_CASE, case);
    for (name, value) in env {
        command.env(name, value);
    }
    let output = command.output().expect("run child test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "child run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// In the child: the keychain fails with `expected`, in plain words, and the vault keeps the
/// key in memory for the session and says so.
fn assert_unusable_keychain(expected: KeychainProblem, words: &str) {
    let store = test_store("unavailable");
    let id = AccountId::generate();
    let err = store.get(&id).expect_err("keychain must be unusable here");
    assert_platform_error(&err, expected, words);
    let err = store
        .set(&id, &ApiKey::new("sk_never_stored"))
        .expect_err("set fails too");
    assert_platform_error(&err, expected, words);

    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("accounts.json");
    let mut vault = Vault::new(AccountRegistry::empty(&path), Box::new(store));
    let status = vault.keychain_status();
    assert!(!status.available);
    let message = status.message.expect("message");
    assert!(
        message.starts_with("Your system keychain is not available (")
            && message.ends_with("so keys are kept in memory until you quit."),
        "{message}"
    );
    // The notice names what is missing, in the words the app shows for this problem.
    let reason = expected.short_reason().expect("a named problem");
    assert!(message.contains(reason), "{message}");
    eprintln!("status message: {message}");

    let key = ApiKey::new("sk_live_memory_only_42");
    let account = vault
        .add_account("Offline", Region::Global, &key)
        .expect("add still works");
    assert_eq!(
        vault.key_storage(&account.id).expect("storage"),
        KeyStorage::Memory
    );
    assert_eq!(vault.key_for(&account.id).expect("key"), Some(key.clone()));
    assert_eq!(
        vault
            .fallback_reason()
            .as_ref()
            .and_then(KeychainError::problem),
        Some(expected)
    );
    let file = std::fs::read_to_string(&path).expect("accounts file");
    assert!(!file.contains(key.expose()));

    // No keychain to clean up: removing the account still works.
    vault.remove_account(&account.id).expect("remove");
    assert!(matches!(
        vault.key_for(&account.id),
        Err(VaultError::UnknownAccount(_))
    ));
}

fn assert_platform_error(err: &KeychainError, expected: KeychainProblem, words: &str) {
    eprintln!("{expected:?}: {err} [{err:?}]");
    assert_eq!(err.problem(), Some(expected), "{err:?}");
    assert!(err.to_string().contains(words), "{err}");
}

#[test]
#[ignore = "needs a Secret Service: make test-keychain"]
fn no_session_bus_is_reported_and_the_vault_falls_back_to_memory() {
    match std::env::var(CHILD_CASE).as_deref() {
        Ok("no-session-bus") => assert_unusable_keychain(
            KeychainProblem::NoSessionBus,
            "there is no D-Bus session bus",
        ),
        Ok(_) => {}
        Err(_) if enabled() => run_child(
            "no_session_bus_is_reported_and_the_vault_falls_back_to_memory",
            "no-session-bus",
            &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")],
            None,
        ),
        Err(_) => {}
    }
}

#[test]
#[ignore = "needs a Secret Service: make test-keychain"]
fn no_secret_service_is_reported_and_the_vault_falls_back_to_memory() {
    match std::env::var(CHILD_CASE).as_deref() {
        Ok("no-secret-service") => assert_unusable_keychain(
            KeychainProblem::NoSecretService,
            "no Secret Service is running",
        ),
        Ok(_) => {}
        Err(_) if enabled() => {
            // A session bus that can start no services at all, so nothing can provide
            // org.freedesktop.secrets (a normal session would start GNOME Keyring on demand).
            let dir = tempfile::tempdir().expect("tempdir");
            let config = write_bare_bus_config(dir.path());
            let config_arg = format!("--config-file={}", config.display());
            run_child(
                "no_secret_service_is_reported_and_the_vault_falls_back_to_memory",
                "no-secret-service",
                &[],
                Some(("dbus-run-session", &[config_arg.as_str()])),
            );
        }
        Err(_) => {}
    }
}

fn write_bare_bus_config(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("bare-session.conf");
    let config = format!(
        r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        dir.display()
    );
    std::fs::write(&path, config).expect("write bus config");
    path
}
