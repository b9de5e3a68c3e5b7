//! The library in the real app, end to end: the environment account syncs from the sandbox,
//! a Hindi word is searched and its call opened, a triage group filters the list, that filter
//! is exported to a zip, and with the sandbox stopped the synced calls still open — until the
//! sandbox is back and the app syncs again by itself.
//!
//! Run with `make test-e2e` (scripts/e2e.sh provides the display, keychain and audio sink).

use std::io::Read;
use std::time::Duration;

use formant_sandbox::{conversations, known, Sandbox, SandboxOptions, TOTAL_CONVERSATIONS};
use formant_tests::{
    answer_folder_dialog, answer_save_dialog, screenshot_display, wait_for, wait_for_text, Driver,
    TestResult,
};
use thirtyfour::prelude::*;

const KEY: &str = "sk_e2e_library_5d3a9c1e7b";

async fn sandbox_on(port: u16) -> TestResult<Sandbox> {
    Ok(Sandbox::start(SandboxOptions {
        api_key: KEY.into(),
        port,
        ..SandboxOptions::default()
    })
    .await?)
}

fn xpath_button(label: &str) -> By {
    By::XPath(format!("//button[normalize-space()='{label}']"))
}

fn tab(label: &str) -> By {
    By::XPath(format!("//*[@role='tab'][normalize-space()='{label}']"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display, WebKitWebDriver and a Secret Service: run with `make test-e2e`"]
async fn the_library_searches_triages_exports_and_works_offline() -> TestResult {
    let sandbox = sandbox_on(0).await?;
    let port = sandbox.port();
    let base_url = sandbox.base_url();
    let driver =
        Driver::spawn_with_env(&[("FORMANT_API_KEY", KEY), ("FORMANT_BASE_URL", &base_url)])?;
    let app = driver.launch_app(&[]).await?;
    let outcome = library(&app, sandbox, port).await;
    if outcome.is_err() {
        let _ = screenshot_display("e2e-library-failure.png");
    }
    app.quit().await?;
    outcome
}

async fn library(app: &WebDriver, sandbox: Sandbox, port: u16) -> TestResult {
    // The environment account syncs by itself: every call, with its details.
    let total = TOTAL_CONVERSATIONS;
    wait_for_text(app, By::Css("[data-testid='library-status']"), 90, |t| {
        t.contains(&format!("{} calls", thousands(total))) && t.contains("synced")
    })
    .await?;

    // Search a Hindi word (its vowel signs would split it with a naive tokenizer) and open
    // the call: the matching turn is marked.
    app.find(tab("Search")).await?.click().await?;
    let input = wait_for(
        app,
        By::Css("input[aria-label='Search all transcripts']"),
        10,
    )
    .await?;
    input.send_keys("राहुल").await?;
    let hit = wait_for(
        app,
        By::Css(format!(
            "[data-testid='search-result'][data-id='{}']",
            known::HINDI_CALL
        )),
        15,
    )
    .await?;
    let marked = hit.find(By::Css("mark")).await?.text().await?;
    assert_eq!(marked, "राहुल", "the match is highlighted in the snippet");
    hit.click().await?;
    wait_for_text(app, By::Css("[data-testid='transcript']"), 15, |t| {
        t.contains("नमस्ते, क्या मेरी बात राहुल जी से हो रही है?")
    })
    .await?;
    wait_for(
        app,
        By::Css("[data-testid='transcript'] [data-search-hit='true']"),
        10,
    )
    .await?;

    // Triage by status; clicking "failed" shows exactly the failed calls in the list.
    let failed = conversations()
        .iter()
        .filter(|c| c["status"] == "failed")
        .count();
    assert!(failed > 0, "the sample account has failed calls");
    app.find(tab("Triage")).await?.click().await?;
    wait_for(
        app,
        By::Css("select[aria-label='Group by'] option[value='status']"),
        10,
    )
    .await?
    .click()
    .await?;
    let group = wait_for(
        app,
        By::Css("[data-testid='triage-group'][data-key='failed']"),
        10,
    )
    .await?;
    let group_text = group.text().await?;
    assert!(
        group_text.contains(&failed.to_string()),
        "the failed group counts {failed}: {group_text}"
    );
    group.click().await?;
    wait_for(app, By::Css("[data-testid='library-filter-chip']"), 10).await?;
    wait_for_text(app, By::Css("[data-testid='match-count']"), 10, |t| {
        t.starts_with(&format!("{failed} of"))
    })
    .await?;

    // Export that filter to a zip: one transcript per call, calls.csv and calls.jsonl.
    wait_for(app, xpath_button("Export calls…"), 10)
        .await?
        .click()
        .await?;
    start_export(app, "select[name='format'] option[value='txt']").await?;
    let out_dir = std::env::temp_dir().join(format!("formant-e2e-library-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir)?;
    let zip_path = out_dir.join("failed-calls.zip");
    answer_save_dialog("Export calls", &zip_path)?;
    let result = export_result(app).await?;
    assert!(
        result.contains(&failed.to_string()),
        "the result counts the calls: {result}"
    );
    check_export(&zip_path, failed)?;
    if let Ok(close) = app.find(xpath_button("Close")).await {
        close.click().await?;
    }

    // Three calls ticked in the list, exported to a folder picked in the folder dialog.
    let picked = select_rows(app, 3).await?;
    wait_for_text(app, By::Css("[data-testid='selection-count']"), 10, |t| {
        t == "3 selected"
    })
    .await?;
    let folder = out_dir.join("three-calls");
    let result = export_selection_to_folder(app, &folder).await?;
    assert!(result.contains("Exported 3 calls"), "{result}");
    check_folder_export(&folder, &picked)?;
    app.find(xpath_button("Close")).await?.click().await?;
    app.find(xpath_button("Clear")).await?.click().await?;

    // Call analysis, measured from the audio: the demo's timing call keeps the caller waiting
    // 3 s, has a barge-in and 5 s of dead air; the marks are drawn over the waveform, the
    // figures strip counts them, and clicking a mark moves the playhead there.
    if let Ok(chip_clear) = app
        .find(By::Css("[data-testid='library-filter-chip'] button"))
        .await
    {
        chip_clear.click().await?;
    }
    open_in_list(app, known::TIMING_CALL).await?;
    wait_for(
        app,
        By::Css("[data-testid='analysis-mark'].analysis-mark--response-very-slow"),
        30,
    )
    .await?;
    wait_for(
        app,
        By::Css("[data-testid='analysis-mark'][data-kind='interruption']"),
        5,
    )
    .await?;
    wait_for_text(app, By::Css("[data-testid='analysis-figures']"), 5, |t| {
        t.split_whitespace()
            .collect::<String>()
            .contains("Interruptions1")
    })
    .await?;
    // Two channels: the agent's side was found from the transcript (the agent speaks first).
    let side: String = app
        .execute(
            r#"const s = document.querySelector("select[aria-label='Agent channel']");
               return s ? s.options[s.selectedIndex].text : "";"#,
            vec![],
        )
        .await?
        .convert()?;
    assert_eq!(side, "Left (from the transcript)");
    // The 5 s nobody speaks after the agent's turn ending at 21.0 s (the recording's speech
    // ends within tens of milliseconds of the turn's end, so the mark starts about there).
    let dead_air_index: i64 = app
        .execute(
            r#"const marks = [...document.querySelectorAll("[data-testid='analysis-mark'][data-kind='dead_air']")];
               return marks.findIndex((m) => Math.abs(Number(m.dataset.start) - 21.0) < 0.2);"#,
            vec![],
        )
        .await?
        .convert()?;
    let marks = app
        .find_all(By::Css(
            "[data-testid='analysis-mark'][data-kind='dead_air']",
        ))
        .await?;
    let dead_air = usize::try_from(dead_air_index)
        .ok()
        .and_then(|i| marks.get(i))
        .ok_or("no dead-air mark near 0:21")?;
    let label = dead_air.attr("aria-label").await?.unwrap_or_default();
    assert!(
        label.starts_with("Dead air from 0:20") || label.starts_with("Dead air from 0:21"),
        "{label}"
    );
    dead_air.click().await?;
    // A mark seeks a second before it.
    wait_for_text(app, By::Css("[data-testid='player-time']"), 10, |t| {
        t.starts_with("0:19") || t.starts_with("0:20")
    })
    .await?;

    // Offline: the sandbox goes away. A sync now finds no server: the app says so, and the
    // synced calls still open with their transcripts.
    sandbox.shutdown().await;
    wait_for(app, xpath_button("Sync now"), 10)
        .await?
        .click()
        .await?;
    wait_for_text(app, By::Css("[data-testid='offline-banner']"), 30, |t| {
        t.contains("Offline")
    })
    .await?;
    open_in_list(app, known::ROLE_MESSAGE_CALL).await?;
    wait_for_text(app, By::Css("[data-testid='transcript']"), 15, |t| {
        t.contains("Yes, I can talk.")
    })
    .await?;

    // The network is back (the same server, the same port): the app syncs again without
    // being asked, and the banner goes.
    let sandbox = sandbox_on(port).await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(40);
    while app
        .find(By::Css("[data-testid='offline-banner']"))
        .await
        .is_ok()
    {
        assert!(
            std::time::Instant::now() < deadline,
            "the offline banner stays after the server came back"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        sandbox.request_count() > 0,
        "the app asked the server again"
    );

    // The timing call's figures, measured when it was opened, are kept in the library and go
    // out with an export of it: calls.csv gives its slowest reply, its barge-in and its dead air.
    open_in_list(app, known::TIMING_CALL).await?;
    let picked = select_rows(app, 1).await?;
    assert_eq!(picked, [known::TIMING_CALL]);
    let folder = out_dir.join("timing-call");
    let result = export_selection_to_folder(app, &folder).await?;
    assert!(result.contains("Exported 1 call"), "{result}");
    check_timing_figures(&folder.join("calls.csv"))?;
    sandbox.shutdown().await;
    Ok(())
}

/// calls.csv's one row holds the timing call's figures: a 3 s reply, one barge-in, and 8 s of
/// dead air (the 3 s wait and the 5 s nobody speaks), within what the analysis is accurate to.
fn check_timing_figures(csv_path: &std::path::Path) -> TestResult {
    let mut reader = csv::Reader::from_path(csv_path)?;
    let header = reader.headers()?.clone();
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>()?;
    assert_eq!(rows.len(), 1, "one call exported");
    let cell = |name: &str| -> TestResult<String> {
        let i = header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("calls.csv has no {name} column"))?;
        Ok(rows[0].get(i).unwrap_or_default().to_owned())
    };
    let seconds = |name: &str| -> TestResult<f64> {
        let text = cell(name)?;
        text.parse::<f64>()
            .map_err(|_| format!("{name} is {text:?}, not a number of seconds").into())
    };
    assert_eq!(cell("interruptions")?, "1");
    let slowest = seconds("latency_max_s")?;
    assert!((slowest - 3.0).abs() < 0.15, "slowest reply {slowest} s");
    let dead_air = seconds("dead_air_s")?;
    assert!((7.6..=8.6).contains(&dead_air), "dead air {dead_air} s");
    Ok(())
}

/// Types the call's id into the list's text filter and opens its row (waited for by id: the
/// previous filter's count can still be showing).
async fn open_in_list(app: &WebDriver, id: &str) -> TestResult {
    let filter = wait_for(app, By::Css("input[aria-label='Search number or id']"), 10).await?;
    filter.clear().await?;
    filter.send_keys(id).await?;
    wait_for_text(app, By::Css("[data-testid='match-count']"), 10, |t| {
        t.starts_with("1 of")
    })
    .await?;
    wait_for(app, By::Css(format!(".list-row[data-id='{id}']")), 10)
        .await?
        .click()
        .await?;
    Ok(())
}

/// In the open export dialog: clicks the control `choice` (a CSS selector: a format, a
/// destination), then Export.
async fn start_export(app: &WebDriver, choice: &str) -> TestResult {
    let dialog = wait_for(
        app,
        By::Css("[role='dialog'][aria-label='Export calls']"),
        10,
    )
    .await?;
    dialog.find(By::Css(choice)).await?.click().await?;
    dialog.find(xpath_button("Export")).await?.click().await?;
    Ok(())
}

/// Exports the calls ticked in the list to `folder` (made first, and picked in the native
/// folder dialog); what the dialog says once the export is in place.
async fn export_selection_to_folder(
    app: &WebDriver,
    folder: &std::path::Path,
) -> TestResult<String> {
    app.find(By::Css("[data-testid='selection-bar']"))
        .await?
        .find(xpath_button("Export…"))
        .await?
        .click()
        .await?;
    start_export(app, "input[name='destination'][value='folder']").await?;
    std::fs::create_dir_all(folder)?;
    answer_folder_dialog("Export calls to a folder", folder)?;
    export_result(app).await
}

/// What the export dialog says once the export is in place.
async fn export_result(app: &WebDriver) -> TestResult<String> {
    wait_for_text(
        app,
        By::Css("[data-testid='bulk-export-result']"),
        30,
        |t| !t.is_empty(),
    )
    .await
}

/// Ticks the checkboxes of the list's first `n` rows; their ids.
async fn select_rows(app: &WebDriver, n: usize) -> TestResult<Vec<String>> {
    wait_for(
        app,
        By::Css(".list--selectable .list-row input[type='checkbox']"),
        10,
    )
    .await?;
    let rows = app.find_all(By::Css(".list--selectable .list-row")).await?;
    let mut ids = Vec::new();
    for row in rows.into_iter().take(n) {
        ids.push(row.attr("data-id").await?.ok_or("a row without an id")?);
        row.find(By::Css("input[type='checkbox']"))
            .await?
            .click()
            .await?;
    }
    assert_eq!(ids.len(), n, "the list shows {n} rows");
    Ok(ids)
}

/// The folder holds calls.csv, a transcript per call and a calls.jsonl of exactly `ids`.
fn check_folder_export(folder: &std::path::Path, ids: &[String]) -> TestResult {
    let mut listed: Vec<String> = std::fs::read_dir(folder)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<Result<_, _>>()?;
    listed.sort();
    assert_eq!(listed, ["calls.csv", "calls.jsonl", "transcripts"]);
    assert_eq!(
        std::fs::read_dir(folder.join("transcripts"))?.count(),
        ids.len()
    );
    let mut exported: Vec<String> = std::fs::read_to_string(folder.join("calls.jsonl"))?
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)?;
            Ok(v["conversation_id"].as_str().unwrap_or_default().to_owned())
        })
        .collect::<Result<_, serde_json::Error>>()?;
    exported.sort();
    let mut expected = ids.to_vec();
    expected.sort();
    assert_eq!(
        exported, expected,
        "calls.jsonl holds exactly the selected calls"
    );
    Ok(())
}

/// `9,880` as the app writes counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The zip holds `calls` transcripts, a calls.csv with a header and `calls` rows, and a
/// calls.jsonl of `calls` API objects, every one of them failed.
fn check_export(path: &std::path::Path, calls: usize) -> TestResult {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path)?)?;
    let mut transcripts = 0;
    for i in 0..archive.len() {
        let name = archive.by_index(i)?.name().to_owned();
        if name.contains("transcripts/") && name.ends_with(".txt") {
            transcripts += 1;
        }
    }
    assert_eq!(transcripts, calls, "one transcript per call");
    let mut jsonl = String::new();
    archive
        .by_name(&entry(&archive, "calls.jsonl")?)?
        .read_to_string(&mut jsonl)?;
    let objects: Vec<serde_json::Value> = jsonl
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    assert_eq!(objects.len(), calls);
    assert!(objects.iter().all(|o| o["status"] == "failed"));
    let mut csv = String::new();
    archive
        .by_name(&entry(&archive, "calls.csv")?)?
        .read_to_string(&mut csv)?;
    assert!(
        csv.lines().count() > calls,
        "calls.csv has a header and a row per call"
    );
    Ok(())
}

/// The archive's entry whose name ends with `file` (an export may sit in a top folder).
fn entry(archive: &zip::ZipArchive<std::fs::File>, file: &str) -> TestResult<String> {
    archive
        .file_names()
        .find(|n| n.rsplit('/').next() == Some(file))
        .map(str::to_owned)
        .ok_or_else(|| format!("no {file} in the export").into())
}
