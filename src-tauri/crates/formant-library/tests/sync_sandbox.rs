//! Sync against the real sandbox over HTTP into a real SQLite file: through faults it ends
//! identical to a clean sync; a later sync asks only for what is new or changed (counted by
//! the sandbox); calls in progress are refreshed until final; a full pass catches a change
//! deep in the past that an incremental one does not; a cancelled sync resumes; two accounts
//! sync side by side into one file.

use std::path::Path;
use std::time::Duration;

use formant_api::{ApiKey, Client, ClientConfig, RetryPolicy};
use formant_core::Region;
use formant_library::sync::{sync_account, SyncControl, SyncEnd, SyncOptions, SyncReport};
use formant_library::{AccountKey, AccountRef, Store};
use formant_sandbox::{FaultSpec, Sandbox, SandboxOptions};

fn client(sandbox: &Sandbox) -> Client {
    Client::new(ClientConfig {
        base_url: sandbox.base_url(),
        key: ApiKey::new(sandbox.api_key()),
        timeout: Duration::from_secs(10),
        retry: RetryPolicy::fast(8),
    })
    .expect("client")
}

fn account_of(store: &Store, sandbox: &Sandbox) -> AccountRef {
    let key = AccountKey::Environment {
        base_url: sandbox.base_url(),
        name: "environment".into(),
    };
    store
        .account(&key, "Environment", &Region::Custom(sandbox.base_url()))
        .expect("account")
}

async fn sync(store: &mut Store, sandbox: &Sandbox, options: &SyncOptions) -> SyncReport {
    let account = account_of(store, sandbox);
    sync_account(
        store,
        &client(sandbox),
        account,
        options,
        &SyncControl::default(),
        |_| {},
    )
    .await
    .expect("sync")
}

/// Every stored call of the file, read back through a new connection: id, list JSON and
/// details JSON as the API sent them.
fn dump(path: &Path) -> Vec<(String, Option<String>, Option<String>)> {
    let store = Store::open(path).expect("open");
    let mut rows = Vec::new();
    store
        .visit_calls(&formant_library::Filter::default(), |call| {
            rows.push((
                call.conversation_id,
                call.list_json.map(|v| v.to_string()),
                call.details_json.map(|v| v.to_string()),
            ));
            true
        })
        .expect("rows");
    rows.sort();
    rows
}

async fn sandbox(conversations: Option<usize>, faults: &[&str]) -> Sandbox {
    Sandbox::start(SandboxOptions {
        conversations,
        faults: faults
            .iter()
            .map(|f| f.parse::<FaultSpec>().expect("fault"))
            .collect(),
        ..Default::default()
    })
    .await
    .expect("sandbox")
}

#[tokio::test]
async fn a_sync_through_429s_5xx_and_cut_bodies_ends_identical_to_a_clean_one() {
    let dir = tempfile::tempdir().expect("dir");
    let (clean_path, faulty_path) = (dir.path().join("clean.db"), dir.path().join("faulty.db"));
    let clean = sandbox(Some(700), &[]).await;
    let faulty = sandbox(
        Some(700),
        &[
            "rate-limit=1,times=2",
            "status=503,every=7",
            "cut-body,every=13",
            "status=502,times=3",
            "malformed-json,path=/v1/conversations/,times=1",
        ],
    )
    .await;
    let options = SyncOptions::default();
    let clean_report = sync(
        &mut Store::open(&clean_path).expect("store"),
        &clean,
        &options,
    )
    .await;
    assert_eq!((clean_report.new, clean_report.details_fetched), (700, 700));
    let mut store = Store::open(&faulty_path).expect("store");
    let report = sync(&mut store, &faulty, &options).await;
    // A malformed body is not retried by the client: that call failed, and the next sync
    // (here at once, the fault used up) fetches it.
    assert_eq!(report.end, SyncEnd::Complete);
    assert_eq!(report.details_fetched + report.details_failed, 700);
    if report.details_pending > 0 {
        let again = sync(&mut store, &faulty, &options).await;
        assert_eq!(again.details_pending, 0, "{again:?}");
    }
    assert!(
        faulty.request_counts().total > clean.request_counts().total,
        "faults happened"
    );
    let (clean_rows, faulty_rows) = (dump(&clean_path), dump(&faulty_path));
    assert_eq!(clean_rows.len(), 700);
    assert!(clean_rows
        .iter()
        .all(|(_, list, details)| list.is_some() && details.is_some()));
    assert_eq!(faulty_rows, clean_rows, "the same library, byte for byte");
}

#[tokio::test]
async fn later_syncs_ask_only_for_what_is_new_or_changed_and_refresh_calls_in_progress() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("library.db");
    let sandbox = sandbox(None, &[]).await;
    let mut store = Store::open(&path).expect("store");
    let options = SyncOptions::default();

    let first = sync(&mut store, &sandbox, &options).await;
    assert!(first.full_pass);
    assert_eq!(
        (first.new, first.details_fetched, first.pages),
        (320, 320, 4)
    );
    let after_first = sandbox.request_counts();

    // Nothing changed: one or two pages (down below the lookback), no details.
    let idle = sync(&mut store, &sandbox, &options).await;
    assert!(!idle.full_pass);
    assert_eq!((idle.new, idle.changed, idle.details_fetched), (0, 0, 0));
    let after_idle = sandbox.request_counts();
    assert!(after_idle.list - after_first.list <= 2, "{after_idle:?}");
    assert_eq!(after_idle.detail, after_first.detail);

    // Five calls arrive (in progress), and an old call deep in the list is revised.
    let deep = {
        let page = client(&sandbox)
            .list(&formant_api::ListQuery {
                agent_id: None,
                limit: 1,
                offset: 300,
            })
            .await
            .expect("page");
        page.data[0].conversation_id.clone()
    };
    let arrived = sandbox
        .advance(5, std::slice::from_ref(&deep))
        .expect("advance");
    let second = sync(&mut store, &sandbox, &options).await;
    assert_eq!(
        (second.new, second.changed, second.details_fetched),
        (5, 0, 5)
    );
    assert_eq!(
        second.details_pending, 5,
        "in progress: refreshed by the next sync"
    );
    let after_second = sandbox.request_counts();
    assert_eq!(
        after_second.detail - after_idle.detail,
        5,
        "only the new calls' details"
    );
    assert!(after_second.list - after_idle.list <= 3, "{after_second:?}");

    // They finish: the list shows them changed; their details are fetched again, final now.
    sandbox.advance(0, &[]).expect("advance");
    let third = sync(&mut store, &sandbox, &options).await;
    assert_eq!((third.new, third.changed, third.details_fetched), (0, 5, 5));
    assert_eq!(third.details_pending, 0);
    let stored = dump(&path);
    for id in &arrived.new_ids {
        let (_, _, details) = stored.iter().find(|(i, _, _)| i == id).expect("stored");
        assert!(
            !details.as_deref().unwrap_or("").contains("in_progress"),
            "{id}"
        );
    }

    // The deep revision: no incremental pass reached it; a full pass does.
    let deep_row = |rows: &[(String, Option<String>, Option<String>)]| {
        rows.iter()
            .find(|(i, _, _)| *i == deep)
            .and_then(|(_, list, _)| list.clone())
    };
    assert!(!deep_row(&stored).unwrap_or_default().contains("x_revision"));
    let full = sync(
        &mut store,
        &sandbox,
        &SyncOptions {
            full: true,
            ..options.clone()
        },
    )
    .await;
    assert!(full.full_pass);
    assert_eq!((full.new, full.changed, full.details_fetched), (0, 1, 1));
    assert!(deep_row(&dump(&path))
        .unwrap_or_default()
        .contains("\"x_revision\":1"));

    // The library now equals a fresh full sync of the account as it is.
    let fresh_path = dir.path().join("fresh.db");
    sync(
        &mut Store::open(&fresh_path).expect("store"),
        &sandbox,
        &options,
    )
    .await;
    assert_eq!(dump(&path), dump(&fresh_path));
}

#[tokio::test]
async fn a_cancelled_sync_resumes_where_it_stopped() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("library.db");
    let sandbox = sandbox(Some(1_000), &[]).await;
    let mut store = Store::open(&path).expect("store");
    let account = account_of(&store, &sandbox);
    let control = SyncControl::default();
    let cancel = control.cancel.clone();
    let report = sync_account(
        &mut store,
        &client(&sandbox),
        account,
        &SyncOptions::default(),
        &control,
        |p| {
            if p.listed >= 300 {
                cancel.cancel();
            }
        },
    )
    .await
    .expect("sync");
    assert_eq!(report.end, SyncEnd::Cancelled);
    assert_eq!(report.listed, 300);
    assert_eq!(
        store.sync_state(account).expect("state").pass_offset,
        Some(300)
    );
    let lists_before = sandbox.request_counts().list;

    let resumed = sync(&mut store, &sandbox, &SyncOptions::default()).await;
    assert!(resumed.resumed && resumed.full_pass);
    assert_eq!(resumed.end, SyncEnd::Complete);
    assert_eq!(resumed.new, 700);
    // Seven pages from offset 300, then an incremental pass from the top, which stops at the
    // first page of known calls below the lookback (the first or the second page).
    let lists = sandbox.request_counts().list - lists_before;
    assert!((7 + 1..=7 + 2).contains(&lists), "{lists}");
    assert_eq!(resumed.details_pending, 0);
    let rows = dump(&path);
    assert_eq!(rows.len(), 1_000);
    assert!(rows.iter().all(|(_, _, details)| details.is_some()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_accounts_sync_side_by_side_into_one_file() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("library.db");
    let global = sandbox(None, &["latency=2ms"]).await;
    let india = sandbox(Some(600), &["latency=2ms"]).await;
    // Created (and migrated) once; then each sync has a connection of its own.
    drop(Store::open(&path).expect("store"));
    let mut tasks = Vec::new();
    for sandbox in [global, india] {
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            let mut store = Store::open(&path).expect("store");
            let report = sync(&mut store, &sandbox, &SyncOptions::default()).await;
            let account = account_of(&store, &sandbox);
            (report, store.details_progress(account).expect("progress"))
        }));
    }
    let mut sizes = Vec::new();
    for task in tasks {
        let (report, progress) = task.await.expect("task");
        assert_eq!(report.end, SyncEnd::Complete);
        assert_eq!(progress.calls, progress.with_details);
        sizes.push(progress.calls);
    }
    assert_eq!(sizes, [320, 600]);
    assert_eq!(dump(&path).len(), 920);
}
