//! Every error of this crate. Keychain failures are one type, [`KeychainError`], whose
//! messages are plain words a user can act on; the app maps all of it to one `keychain` kind.

use std::path::PathBuf;

use crate::account::AccountId;

/// Why a platform keychain call failed. Stable, so the app can word its own notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum KeychainProblem {
    /// No D-Bus session bus (a headless session, a service, a bad `DBUS_SESSION_BUS_ADDRESS`).
    NoSessionBus,
    /// A session bus, but nothing provides `org.freedesktop.secrets` (no GNOME Keyring/KWallet).
    NoSecretService,
    /// The keyring exists but is locked.
    Locked,
    /// The platform refused access for another reason (a denied prompt, access rules).
    AccessDenied,
    /// Any other failure of the platform store.
    Failed,
}

impl KeychainProblem {
    /// A few words for "Your system keychain is not available (…)", naming what is missing;
    /// `None` for [`Self::Failed`], whose only useful words are the platform's own.
    pub fn short_reason(self) -> Option<&'static str> {
        match self {
            Self::NoSessionBus => Some("there is no D-Bus session bus to reach it through"),
            Self::NoSecretService => {
                Some("no Secret Service such as GNOME Keyring or KWallet is running")
            }
            Self::Locked => Some("it is locked"),
            Self::AccessDenied => Some("access was refused"),
            Self::Failed => None,
        }
    }
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum KeychainError {
    #[error("{}", platform_message(*problem, detail))]
    Platform {
        problem: KeychainProblem,
        /// The platform's own words, for logs and bug reports (never contains a secret).
        detail: String,
    },
    #[error("the keychain entry for account {account} is not text, so it is not an API key")]
    NotText { account: AccountId },
    #[error(
        "more than one keychain entry matches account {account}; \
         remove the extra ones with your keychain manager"
    )]
    Ambiguous { account: AccountId },
    #[error("the keychain refused the entry for account {account}: {detail}")]
    Rejected { account: AccountId, detail: String },
}

fn platform_message(problem: KeychainProblem, detail: &str) -> String {
    match problem {
        KeychainProblem::NoSessionBus => {
            "the system keychain cannot be reached: there is no D-Bus session bus".into()
        }
        KeychainProblem::NoSecretService => {
            "no Secret Service is running (such as GNOME Keyring or KWallet), \
             so the system keychain cannot be used"
                .into()
        }
        KeychainProblem::Locked => "the system keychain is locked; unlock it and try again".into(),
        KeychainProblem::AccessDenied => format!("the system keychain refused access: {detail}"),
        KeychainProblem::Failed => format!("the system keychain failed: {detail}"),
    }
}

impl KeychainError {
    /// The platform problem, when this is a platform failure.
    pub fn problem(&self) -> Option<KeychainProblem> {
        match self {
            Self::Platform { problem, .. } => Some(*problem),
            _ => None,
        }
    }
}

/// Why an account name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the account name is empty")]
    Empty,
    #[error("the account name is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the account name contains a control character")]
    ControlCharacter,
    #[error("an account named {existing:?} already exists")]
    Duplicate { existing: String },
}

#[derive(Debug, thiserror::Error)]
pub enum VaultError {
    #[error(transparent)]
    InvalidName(#[from] NameError),
    #[error("{0:?} is not a valid account id")]
    InvalidAccountId(String),
    #[error("no account with id {0}")]
    UnknownAccount(AccountId),
    #[error("the API key is empty")]
    EmptyKey,
    #[error("the accounts file {path} is unreadable ({detail}); it was left untouched")]
    CorruptRegistry { path: PathBuf, detail: String },
    #[error("could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Keychain(#[from] KeychainError),
}

impl VaultError {
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        Self::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
