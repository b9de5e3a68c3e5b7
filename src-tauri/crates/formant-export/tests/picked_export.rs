//! Exporting calls picked by id from a real store: exactly those, and the ids the store does
//! not have are named in the summary.

#[path = "../../formant-library/tests/common/mod.rs"]
mod library;

use std::fs;

use formant_export::{
    export_library, folder_in, CancelFlag, Destination, ExportFormat, ExportOptions,
};
use formant_library::{Filter, Picked};
use library::{call, ingest, TestStore};
use serde_json::Value;

fn jsonl_ids(dir: &std::path::Path) -> Vec<String> {
    fs::read_to_string(dir.join("calls.jsonl"))
        .expect("calls.jsonl")
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json line");
            v["conversation_id"].as_str().expect("id").to_owned()
        })
        .collect()
}

fn export_to(
    t: &TestStore,
    filter: &Filter,
    dir: &std::path::Path,
) -> formant_export::ExportSummary {
    let options = ExportOptions {
        destination: Destination::Folder(dir.to_path_buf()),
        format: ExportFormat::Txt,
        total: None,
    };
    export_library(&t.store, filter, options, &mut |_| {}, &CancelFlag::new()).expect("exported")
}

#[test]
fn picked_ids_export_exactly_those_and_name_the_ones_not_in_the_library() {
    let t = TestStore::new();
    let global = t.global();
    let records: Vec<_> = (0..6)
        .map(|i| {
            call(
                &format!("c{i}"),
                "completed",
                7,
                1_700_000_000 + i * 60,
                &["hello"],
            )
        })
        .collect();
    ingest(&t.store, global, &records);
    let out = tempfile::tempdir().expect("temp dir");

    let filter = Filter {
        accounts: vec![global],
        picked: Some(Picked::Only {
            ids: ["c4", "gone-1", "c1", "c4", "gone-2", "gone-1"]
                .map(String::from)
                .to_vec(),
        }),
        ..Filter::default()
    };
    let summary = export_to(&t, &filter, &out.path().join("picked"));
    assert_eq!(summary.calls, 2);
    let mut exported = jsonl_ids(&out.path().join("picked"));
    exported.sort();
    assert_eq!(exported, ["c1", "c4"]);
    assert_eq!(summary.not_found, ["gone-1", "gone-2"]);

    // Every call but two: nothing is "not found" for exclusions.
    let all_but = Filter {
        accounts: vec![global],
        picked: Some(Picked::AllExcept {
            ids: ["c0", "c5", "absent"].map(String::from).to_vec(),
        }),
        ..Filter::default()
    };
    let summary = export_to(&t, &all_but, &out.path().join("all-but"));
    let mut exported = jsonl_ids(&out.path().join("all-but"));
    exported.sort();
    assert_eq!(exported, ["c1", "c2", "c3", "c4"]);
    assert_eq!(summary.calls, 4);
    assert!(summary.not_found.is_empty());
}

#[test]
fn a_picked_folder_takes_the_export_itself_only_when_free_or_an_earlier_export() {
    let root = tempfile::tempdir().expect("temp dir");
    let empty = root.path().join("empty");
    fs::create_dir(&empty).expect("mkdir");
    assert_eq!(folder_in(&empty, "calls-export"), empty);
    let missing = root.path().join("new");
    assert_eq!(folder_in(&missing, "calls-export"), missing);

    let earlier = root.path().join("earlier");
    fs::create_dir(&earlier).expect("mkdir");
    fs::write(earlier.join("calls.csv"), "").expect("write");
    fs::write(earlier.join("calls.jsonl"), "").expect("write");
    assert_eq!(folder_in(&earlier, "calls-export"), earlier);

    // A busy folder (Documents) gets a new folder inside, numbered past names already taken.
    let busy = root.path().join("Documents");
    fs::create_dir(&busy).expect("mkdir");
    fs::write(busy.join("letter.txt"), "dear").expect("write");
    assert_eq!(folder_in(&busy, "calls-export"), busy.join("calls-export"));
    fs::create_dir(busy.join("calls-export")).expect("mkdir");
    fs::write(busy.join("calls-export-2"), "a file").expect("write");
    assert_eq!(
        folder_in(&busy, "calls-export"),
        busy.join("calls-export-3")
    );
}
