//! A damaged file, and a full disk: clear errors, nothing lost.

mod common;

use common::{call, list_item, TestStore};
use formant_library::{LibraryError, Store};

#[test]
fn a_file_that_is_not_a_library_is_corrupt_and_rebuild_keeps_it_aside() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("library.sqlite3");
    let garbage =
        b"this is not an SQLite file, just some bytes of a half-copied backup".repeat(100);
    std::fs::write(&path, &garbage).expect("write");
    let error = Store::open(&path).err().expect("refused");
    assert!(error.is_corrupt(), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("damaged") && message.contains("rebuilt"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), garbage, "untouched");

    let (store, aside) = Store::rebuild(&path).expect("rebuilds");
    let aside = aside.expect("moved aside");
    assert_eq!(std::fs::read(&aside).expect("kept"), garbage);
    assert!(aside
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("library.sqlite3.damaged-")));
    assert!(store.accounts().expect("empty").is_empty());
}

#[test]
fn a_library_damaged_inside_is_reported_as_corrupt() {
    let t = TestStore::new();
    let account = t.global();
    let records: Vec<_> = (0..400)
        .map(|i| {
            call(
                &format!("c{i}"),
                "completed",
                1,
                1_773_000_000 + i,
                &["hello there"; 20],
            )
        })
        .collect();
    common::ingest(&t.store, account, &records);
    let path = t.path();
    drop(t.store);
    // Overwrite pages in the middle of the file (past the header and the schema).
    let mut bytes = std::fs::read(&path).expect("read");
    let len = bytes.len();
    assert!(len > 200_000, "{len}");
    for b in &mut bytes[len / 3..len / 3 + 65_536] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).expect("write");
    let result = Store::open(&path).and_then(|store| {
        store
            .list(&formant_library::ListQuery {
                limit: 500,
                ..Default::default()
            })
            .map(|_| ())?;
        store.triage(&formant_library::TriageQuery {
            filter: Default::default(),
            by: formant_library::TriageBy::Status,
            utc_offset_minutes: 0,
        })?;
        store
            .search(&formant_library::SearchQuery {
                text: "hello".into(),
                limit: 10,
                ..Default::default()
            })
            .map(|_| ())
    });
    match result {
        Err(e) => assert!(e.is_corrupt(), "{e:?}"),
        Ok(()) => panic!("a damaged file read as fine"),
    }
}

#[test]
fn a_full_disk_rolls_the_page_back_and_says_so() {
    let t = TestStore::new();
    let account = t.global();
    let first: Vec<_> = (0..50)
        .map(|i| {
            list_item(&call(
                &format!("a{i}"),
                "completed",
                1,
                1_773_000_000 + i,
                &[],
            ))
        })
        .collect();
    t.store
        .apply_list_page(account, &first)
        .expect("first page");
    // A size limit just above what the file holds now stands in for a full disk.
    let conn = rusqlite::Connection::open(t.path()).expect("sqlite");
    let pages: i64 = conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("pages");
    let page_size: i64 = conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    drop(conn);
    t.store
        .limit_size(((pages + 2) * page_size) as u64)
        .expect("limit");
    let big: Vec<_> = (0..2000)
        .map(|i| {
            let mut item = list_item(&call(&format!("b{i}"), "failed", 2, 1_772_000_000 + i, &[]));
            item["padding"] = serde_json::json!("x".repeat(2000));
            item
        })
        .collect();
    let error = t
        .store
        .apply_list_page(account, &big)
        .err()
        .expect("disk full");
    assert!(matches!(error, LibraryError::DiskFull { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("disk is full") && message.contains("as it was"),
        "{message}"
    );
    // Nothing of the failed page; the first page intact; the store still works.
    assert_eq!(t.store.count(&Default::default()).expect("count"), 50);
    assert!(t.store.conversation(account, "b0").expect("read").is_none());
    t.store
        .apply_list_page(account, &first[..1])
        .expect("a small write still fits");
}
