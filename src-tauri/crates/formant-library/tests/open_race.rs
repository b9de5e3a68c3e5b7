//! Several programs opening a library that does not exist yet, at the same moment (the app
//! and a `formant sync` started beside it): every one opens it, and the schema is made once.

use std::sync::{Arc, Barrier};

use formant_library::{AccountKey, Store};

#[test]
fn connections_opening_a_new_library_at_once_all_succeed() {
    // Each round is a new file; a few rounds, since a race does not lose every time.
    for round in 0..8 {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = Arc::new(dir.path().join("library.sqlite3"));
        let openers = 4;
        let start = Arc::new(Barrier::new(openers));
        let threads: Vec<_> = (0..openers)
            .map(|i| {
                let (path, start) = (Arc::clone(&path), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    let store = Store::open(&path)?;
                    // Each can write at once: the schema is complete.
                    store.account(
                        &AccountKey::Saved {
                            account_id: format!("acct-{i}"),
                        },
                        "Account",
                        &formant_core::Region::Global,
                    )?;
                    Ok::<_, formant_library::LibraryError>(())
                })
            })
            .collect();
        for (i, thread) in threads.into_iter().enumerate() {
            let opened = thread.join().expect("no panic");
            assert!(
                opened.is_ok(),
                "round {round}, opener {i}: {}",
                opened.err().map(|e| e.to_string()).unwrap_or_default()
            );
        }
        let store = Store::open(&path).expect("reopens");
        assert_eq!(store.accounts().expect("accounts").len(), openers);
    }
}
