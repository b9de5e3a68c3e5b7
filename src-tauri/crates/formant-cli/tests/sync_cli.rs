//! `formant sync` end to end against a real sandbox, into a real library file: the `--json`
//! summary's shape, a second sync that finds nothing new, and a sync killed with SIGKILL
//! (mid-listing) that the next one resumes to the same library a clean sync makes.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use assert_cmd::Command;
use formant_sandbox::{FaultSpec, Sandbox, SandboxOptions};
use serde_json::Value;

/// A sandbox served by its own runtime's worker threads while the test blocks on the CLI.
struct Server {
    sandbox: Sandbox,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    fn start(options: SandboxOptions) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sandbox = runtime.block_on(Sandbox::start(options)).expect("sandbox");
        Self {
            sandbox,
            _runtime: runtime,
        }
    }

    fn env(&self, cmd: &mut std::process::Command, data_dir: &Path) {
        cmd.env_remove("FORMANT_REGION")
            .env("FORMANT_API_KEY", self.sandbox.api_key())
            .env("FORMANT_BASE_URL", self.sandbox.base_url())
            .env("FORMANT_DATA_DIR", data_dir);
    }

    fn formant(&self, data_dir: &Path) -> Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("formant"));
        self.env(&mut cmd, data_dir);
        Command::from_std(cmd)
    }

    fn sync_json(&self, data_dir: &Path, args: &[&str]) -> Value {
        let out = self
            .formant(data_dir)
            .arg("sync")
            .args(args)
            .arg("--json")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).expect("JSON summary")
    }
}

/// Every stored call of the library a `formant sync` wrote: id, list JSON and details JSON as
/// the API sent them.
fn rows(data_dir: &Path) -> Vec<(String, Option<String>, Option<String>)> {
    let store = formant_library::Store::open_in(data_dir).expect("open");
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

#[test]
fn sync_prints_its_summary_as_json_and_a_second_sync_finds_nothing_new() {
    let server = Server::start(SandboxOptions::default());
    let dir = tempfile::tempdir().expect("dir");
    let first = server.sync_json(dir.path(), &[]);
    let keys: Vec<&str> = first
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "account",
            "end",
            "full_pass",
            "resumed",
            "pages",
            "listed",
            "new",
            "changed",
            "details_fetched",
            "details_failed",
            "details_pending",
            "warnings"
        ]
    );
    assert_eq!(first["account"]["base_url"], server.sandbox.base_url());
    assert_eq!(first["account"]["name"], "environment");
    assert_eq!(first["end"], "complete");
    assert_eq!(first["full_pass"], true);
    assert_eq!(
        (first["new"].as_u64(), first["listed"].as_u64()),
        (Some(320), Some(320))
    );
    assert_eq!(first["details_fetched"], 0);
    assert_eq!(
        first["details_pending"], 320,
        "metadata only without --details"
    );

    let details = server.sync_json(dir.path(), &["--details", "--concurrency", "4"]);
    assert_eq!(details["full_pass"], false);
    assert_eq!(
        (details["new"].as_u64(), details["details_fetched"].as_u64()),
        (Some(0), Some(320))
    );
    assert_eq!(details["details_pending"], 0);
    assert!(rows(dir.path()).iter().all(|(_, _, d)| d.is_some()));

    let before = server.sandbox.request_counts();
    let idle = server.sync_json(dir.path(), &["--details"]);
    assert_eq!(
        (idle["new"].as_u64(), idle["changed"].as_u64()),
        (Some(0), Some(0))
    );
    let after = server.sandbox.request_counts();
    assert_eq!(after.detail, before.detail, "nothing fetched again");
    assert!(after.list - before.list <= 2);

    // The human summary goes to stderr; a bad concurrency or key fails with its code.
    server
        .formant(dir.path())
        .args(["sync"])
        .assert()
        .success()
        .stderr(predicates::str::contains("0 new, 0 changed"));
    server
        .formant(dir.path())
        .args(["sync", "--concurrency", "0"])
        .assert()
        .code(2);
    server
        .formant(dir.path())
        .args(["sync"])
        .env("FORMANT_API_KEY", "wrong")
        .assert()
        .code(3);
}

#[test]
fn a_sync_killed_mid_listing_resumes_to_the_library_a_clean_sync_makes() {
    let server = Server::start(SandboxOptions {
        conversations: Some(1_500),
        // Slow enough that the listing is still going when the test kills it.
        faults: vec!["latency=25ms".parse::<FaultSpec>().expect("fault")],
        ..Default::default()
    });
    let dir = tempfile::tempdir().expect("dir");
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin!("formant"));
    server.env(&mut cmd, dir.path());
    let mut child = cmd
        .args(["sync", "--details"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let library = dir.path().join("library.sqlite3");
    let listed = || -> i64 {
        if !library.exists() {
            return 0;
        }
        rusqlite::Connection::open(&library)
            .and_then(|c| c.query_row("SELECT count(*) FROM conversations", [], |r| r.get(0)))
            .unwrap_or(0)
    };
    while listed() < 300 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "finished before the kill"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let at_kill = listed();
    assert!((300..1_500).contains(&at_kill), "{at_kill}");

    let resumed = server.sync_json(dir.path(), &["--details"]);
    assert_eq!(resumed["resumed"], true, "{resumed}");
    assert_eq!(resumed["end"], "complete");
    assert_eq!(resumed["details_pending"], 0);
    let clean_dir = tempfile::tempdir().expect("dir");
    server.sync_json(clean_dir.path(), &["--details"]);
    let (killed_rows, clean_rows) = (rows(dir.path()), rows(clean_dir.path()));
    assert_eq!(clean_rows.len(), 1_500);
    assert_eq!(killed_rows, clean_rows);
}
