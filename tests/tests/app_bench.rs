//! App-level performance numbers, measured in the real app (`target/debug/formant-desk` in its
//! real webview, through tauri-driver) against a scaled sandbox of 10,000 calls running in this
//! process, opened as an environment account (`FORMANT_API_KEY` + `FORMANT_BASE_URL`).
//!
//! Not a test: it asserts only that each measurement could be taken, and prints a table. Run it
//! through `bench/app.sh`, which builds what it needs and provides the display, keychain and
//! audio sink (`scripts/e2e.sh`).
//!
//! What is measured:
//! - launch: process start (from `/proc/PID/stat`, 10 ms resolution) to the first `.list-row`
//!   in the DOM, timed inside the page (`performance.timeOrigin + performance.now()` in a
//!   MutationObserver), and to the frame after it; warm launches only (one unmeasured first).
//!   Split into phases by the app's own marks (ui/src/lib/startupMarks.ts).
//! - open a call: a click on the row (in-page `click()`) to its transcript in the DOM; and the
//!   `get_conversation` IPC round trip alone, invoked from the page for the same calls.
//! - scrolling: the 10,000-row list scrolled for 2 s, frames counted by `requestAnimationFrame`.
//! - memory: VmRSS summed over the app and all its descendants (WebKitWebProcess,
//!   WebKitNetworkProcess, ...), with the first page, with 10,000 rows loaded ("Load all"), and
//!   with the one-hour call's recording downloaded and open.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use formant_sandbox::{known, Sandbox, SandboxOptions};
use formant_tests::{artifacts_dir, wait_for, wait_for_text, Driver, TestResult};
use serde_json::{json, Value};
use thirtyfour::prelude::*;

const KEY: &str = "sk_bench_3e9a5c1d7f2b4860";
const CONVERSATIONS: usize = 10_000;
/// Measured launches (after one unmeasured warm-up); `FORMANT_BENCH_LAUNCHES` overrides.
const DEFAULT_LAUNCHES: usize = 7;
/// Calls with transcripts that every dataset holds; opened one after another.
const OPENED_CALLS: [&str; 6] = [
    known::TIMED_CALL,
    known::ROLE_MESSAGE_CALL,
    known::NO_RECORDING_CALL,
    known::HINDI_CALL,
    known::STEREO_CALL,
    known::LONG_CALL,
];
/// How long memory is left to settle before it is read.
const SETTLE: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run with bench/app.sh"]
async fn app_bench() -> TestResult {
    let sandbox = Sandbox::start(SandboxOptions {
        api_key: KEY.into(),
        conversations: Some(CONVERSATIONS),
        ..SandboxOptions::default()
    })
    .await?;
    let base_url = sandbox.base_url();
    let driver =
        Driver::spawn_with_env(&[("FORMANT_API_KEY", KEY), ("FORMANT_BASE_URL", &base_url)])?;
    let launches = std::env::var("FORMANT_BENCH_LAUNCHES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_LAUNCHES)
        .max(1);

    let mut report = Report::default();
    // The first launch warms the disk cache and WebKit's caches; it is not counted.
    for round in 0..=launches {
        let app = driver.launch_app(&[]).await?;
        let outcome = measure_launch(&app, &driver).await;
        let last = round == launches;
        let outcome = match outcome {
            Ok(launch) if last => {
                // The last app stays open for the rest of the measurements.
                report.launches.push(launch);
                let rest = measure_in_open_app(&app, &driver, &mut report).await;
                app.quit().await?;
                rest
            }
            Ok(launch) => {
                if round > 0 {
                    report.launches.push(launch);
                }
                app.quit().await?;
                Ok(())
            }
            Err(error) => {
                let _ = app.quit().await;
                Err(error)
            }
        };
        outcome?;
    }
    report.print_and_save()?;
    sandbox.shutdown().await;
    Ok(())
}

/// The app with a large library and no network: `FORMANT_BENCH_LIBRARY` names a store kept by
/// `LIBRARY_BENCH_KEEP=1 bench/library.sh` (its account is the environment account of
/// [`OFFLINE_BASE_URL`], its listing done), which becomes the app's library. Measures launch to
/// the first row from it, memory with its first window, and memory and frames while scrolling
/// deep into it. Skipped when the variable is not set.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run with FORMANT_BENCH_LIBRARY=STORE bench/app.sh"]
async fn app_bench_large_library() -> TestResult {
    let Some(store) = std::env::var_os("FORMANT_BENCH_LIBRARY") else {
        eprintln!("FORMANT_BENCH_LIBRARY is not set: no large-library figures");
        return Ok(());
    };
    // Where the app keeps its library (Tauri's app data dir for `dev.formant.desk`).
    let data_home = std::env::var_os("XDG_DATA_HOME").ok_or("XDG_DATA_HOME is not set")?;
    let data_dir = std::path::Path::new(&data_home).join("dev.formant.desk");
    std::fs::create_dir_all(&data_dir)?;
    for stale in ["library.sqlite3-wal", "library.sqlite3-shm"] {
        let _ = std::fs::remove_file(data_dir.join(stale));
    }
    std::fs::copy(&store, data_dir.join("library.sqlite3"))?;

    let driver = Driver::spawn_with_env(&[
        ("FORMANT_API_KEY", KEY),
        ("FORMANT_BASE_URL", OFFLINE_BASE_URL),
    ])?;
    let app = driver.launch_app(&[]).await?;
    let measured = async {
        let launch = measure_launch(&app, &driver).await?;
        let total = wait_for_text(&app, By::Css("[data-testid='list-total']"), 120, |t| {
            digits(t) >= 100_000
        })
        .await?;
        let app_pid = find_app(driver.pid()).await?;
        tokio::time::sleep(SETTLE).await;
        let first = Memory::of(app_pid);
        let scroll = scroll_list(&app).await?;
        scroll_to_middle(&app).await?;
        tokio::time::sleep(SETTLE).await;
        let scrolled = Memory::of(app_pid);
        let typed = search_as_typed(&app).await?;
        TestResult::Ok((launch, digits(&total), first, scroll, scrolled, typed))
    }
    .await;
    app.quit().await?;
    let (launch, total, first, scroll, scrolled, typed) = measured?;
    let (first_mib, first_parts) = mib(&Some(first));
    let (scrolled_mib, scrolled_parts) = mib(&Some(scrolled));
    println!(
        "app with a library of {} calls, offline:",
        format_count(total)
    );
    println!(
        "  launch → first row in DOM {:.0} ms (page start → row {:.0} ms; one launch, cold store)",
        launch.process_to_row_ms, launch.page_to_row_ms
    );
    println!("  memory with the first window: {first_mib:.0} MiB ({first_parts})");
    println!(
        "  scrolling at 4,000 px/s: {:.1} fps, p95 frame {:.1} ms, longest {:.1} ms",
        scroll.fps, scroll.p95_frame_ms, scroll.max_frame_ms
    );
    println!("  memory after scrolling to the middle: {scrolled_mib:.0} MiB ({scrolled_parts})");
    let of = |part: fn(&TypedSearch) -> f64| typed.iter().map(part).collect::<Vec<f64>>();
    let total = of(|t| t.ms);
    println!(
        "  search as typed, last keypress → first results drawn: median {:.0} ms, p90 {:.0} ms, {} ms over {} words (target 100 ms)",
        median(total.clone()),
        percentile(&total, 90),
        spread(&total),
        total.len(),
    );
    println!(
        "    of which (medians): waiting for more keys {:.0} ms (the debounce is {SEARCH_DELAY_MS} ms), the search command {:.0} ms, drawing {:.0} ms",
        median(of(|t| t.waited)),
        median(of(|t| t.asked)),
        median(of(|t| t.ms - t.waited - t.asked)),
    );
    Ok(())
}

/// The search box's debounce (ui/src/views/library/useLibrarySearch.ts), printed beside the figure.
const SEARCH_DELAY_MS: u64 = 40;

/// Types each word into the Search tab's box, as a user would, and measures in the page the
/// time from the last keypress to the frame that draws that word's first results (the
/// count and the results are drawn together, once the answer is for the text typed).
async fn search_as_typed(app: &WebDriver) -> TestResult<Vec<TypedSearch>> {
    app.find(By::XPath(
        "//*[@role='tab'][normalize-space()='Search']".to_owned(),
    ))
    .await?
    .click()
    .await?;
    let input = wait_for(
        app,
        By::Css("input[aria-label='Search all transcripts']"),
        10,
    )
    .await?;
    app.execute(
        r#"window.__typed = { last: 0, drawn: 0 };
const key = () => { window.__typed.last = performance.now(); window.__typed.drawn = 0; };
document.addEventListener('keydown', key, true);
document.addEventListener('input', key, true);
new MutationObserver(() => {
  const t = window.__typed;
  if (t.last && !t.drawn && !t.pending && document.querySelector('[data-testid="search-total"]')
      && document.querySelector('[data-testid="search-result"]')) {
    t.pending = true;
    // The frame that paints the change starts with this callback.
    requestAnimationFrame(() => { t.drawn = performance.now(); t.pending = false; });
  }
}).observe(document.body, { subtree: true, childList: true, characterData: true });"#,
        Vec::<Value>::new(),
    )
    .await?;
    let mut times = Vec::new();
    for word in known::SEARCH_WORDS {
        // Escape empties the box (a WebDriver clear sets the value without React seeing it).
        input.send_keys(Key::Escape).await?;
        wait_gone(app, "[data-testid='search-total']", 10).await?;
        app.execute(
            "window.__typed.last = 0; window.__typed.drawn = 0;",
            Vec::<Value>::new(),
        )
        .await?;
        input.send_keys(word).await?;
        // The UI marks each search it asks of the store and its answer (useLibrarySearch.ts).
        let measured = poll_page(
            app,
            r#"const t = window.__typed;
if (!t.drawn) return null;
const last = (name) => { const m = performance.getEntriesByName(name); return m.length ? m[m.length - 1].startTime : NaN; };
const asked = last('formant:search-asked'), answered = last('formant:search-answered');
return [t.drawn - t.last, asked - t.last, answered - asked];"#,
            30,
        )
        .await?;
        let part = |i: usize| measured[i].as_f64().ok_or("the page measured no time");
        let (ms, waited, asked) = (part(0)?, part(1)?, part(2)?);
        // The results are for the word (not an earlier prefix) when the box still holds it.
        let shown = input.prop("value").await?.unwrap_or_default();
        if shown != word {
            return Err(format!("the box holds {shown:?}, not {word:?}").into());
        }
        times.push(TypedSearch { ms, waited, asked });
    }
    Ok(times)
}

/// One word typed: last keypress → first results drawn, and its parts.
#[derive(Clone, Copy)]
struct TypedSearch {
    ms: f64,
    /// Last keypress → the search asked of the store (the debounce).
    waited: f64,
    /// The search command's round trip (IPC and the store).
    asked: f64,
}

/// Nearest-rank percentile.
fn percentile(values: &[f64], p: usize) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = (sorted.len() * p)
        .div_ceil(100)
        .clamp(1, sorted.len().max(1));
    sorted.get(rank - 1).copied().unwrap_or(f64::NAN)
}

/// An address nothing answers on: the app is offline and works from its library.
const OFFLINE_BASE_URL: &str = "http://127.0.0.1:1";

/// The number in a count such as "1,000,000 calls".
fn digits(text: &str) -> usize {
    text.chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// Jumps the list to its middle and waits for rows there (the window read from the store).
async fn scroll_to_middle(app: &WebDriver) -> TestResult {
    app.execute(
        r#"const el = document.querySelector('[data-testid="list-scroller"]');
el.scrollTop = el.scrollHeight / 2;"#,
        Vec::<Value>::new(),
    )
    .await?;
    poll_page(
        app,
        r#"const el = document.querySelector('[data-testid="list-scroller"]');
const box = el.getBoundingClientRect();
const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
return hit && hit.closest('.list-row') ? true : null;"#,
        60,
    )
    .await?;
    Ok(())
}

async fn measure_in_open_app(app: &WebDriver, driver: &Driver, report: &mut Report) -> TestResult {
    let app_pid = find_app(driver.pid()).await?;
    tokio::time::sleep(SETTLE).await;
    report.rss_first_page = Some(Memory::of(app_pid));

    load_all(app).await?;
    tokio::time::sleep(SETTLE).await;
    report.rss_all_rows = Some(Memory::of(app_pid));
    report.scroll = Some(scroll_list(app).await?);

    // Meanwhile the account's library syncs in the background, and the list then reads from it
    // (its elements replaced: a filter typed across that moment lost its first keys). The calls
    // are opened once it has.
    let synced = format!("{} calls", format_count(CONVERSATIONS));
    wait_for_text(app, By::Css("[data-testid='library-status']"), 180, |t| {
        t.contains(&synced) && t.contains("synced")
    })
    .await?;

    for id in OPENED_CALLS {
        report.opens.push(open_call(app, id).await?);
        for _ in 0..3 {
            report.ipc_ms.push(ipc_round_trip(app, id).await?);
        }
    }

    let open = open_call(app, known::HOUR_CALL).await?;
    report.opens.push(open);
    // The recording downloads in the background; it is open when the player knows its length
    // and the download progress is gone.
    wait_for_text(app, By::Css("[data-testid='player-time']"), 180, |t| {
        t.contains("1:01:0")
    })
    .await?;
    wait_gone(app, "[data-testid='recording-progress']", 180).await?;
    tokio::time::sleep(SETTLE).await;
    report.rss_hour_call = Some(Memory::of(app_pid));
    Ok(())
}

/// One launch, timed from process start to the first row.
async fn measure_launch(app: &WebDriver, driver: &Driver) -> TestResult<Launch> {
    let pid = find_app(driver.pid()).await?;
    let started_ms = process_start_epoch_ms(pid)?;
    let already_there = app
        .execute(FIRST_ROW_OBSERVER, Vec::<Value>::new())
        .await?
        .json()
        .as_bool()
        .unwrap_or(false);
    let timings = poll_page(
        app,
        "return window.__benchLaunch.frame === null ? null : window.__benchLaunch;",
        60,
    )
    .await?;
    let number = |key: &str| field(&timings, key);
    let origin = number("origin")?;
    let row = number("row")?;
    let frame = number("frame")?;
    let phases = app
        .execute(STARTUP_PHASES, Vec::<Value>::new())
        .await?
        .json()
        .clone();
    let phase = |key: &str| phases[key].as_f64().unwrap_or(f64::NAN);
    Ok(Launch {
        process_to_row_ms: origin + row - started_ms,
        process_to_frame_ms: origin + frame - started_ms,
        process_to_page_ms: origin - started_ms,
        page_to_row_ms: row,
        page_to_script_ms: phase("script"),
        page_to_accounts_ms: phase("accounts"),
        page_to_first_page_ms: phase("firstPage"),
        row_present_at_injection: already_there,
    })
}

/// The app's own startup marks (ui/src/lib/startupMarks.ts), in ms since the page began.
const STARTUP_PHASES: &str = r#"
const at = (name) => { const m = performance.getEntriesByName(name, 'mark'); return m.length ? m[0].startTime : null; };
return { script: at('startup:script'), accounts: at('startup:accounts'), firstPage: at('startup:first-page') };
"#;

/// Records when the first `.list-row` enters the DOM, and the frame after that.
const FIRST_ROW_OBSERVER: &str = r#"
const b = window.__benchLaunch = { origin: performance.timeOrigin, row: null, frame: null };
const seen = () => {
  b.row = performance.now();
  requestAnimationFrame(() => requestAnimationFrame(() => { b.frame = performance.now(); }));
};
if (document.querySelector('.list-row')) { seen(); return true; }
const o = new MutationObserver(() => {
  if (b.row === null && document.querySelector('.list-row')) { o.disconnect(); seen(); }
});
o.observe(document, { childList: true, subtree: true });
return false;
"#;

/// Narrows the list to `id` with the filter, then clicks its row inside the page and times the
/// transcript of that call appearing.
async fn open_call(app: &WebDriver, id: &str) -> TestResult<Open> {
    let filter = wait_for(app, By::Css("input[aria-label='Search number or id']"), 10).await?;
    filter.clear().await?;
    filter.send_keys(id).await?;
    wait_for_text(app, By::Css("[data-testid='match-count']"), 20, |t| {
        t.starts_with("1 of")
    })
    .await?;
    // The count can arrive before the rows: the previous filter's row may still be showing.
    wait_for(app, By::Css(format!(".list-row[data-id='{id}']")), 20).await?;
    let clicked = app
        .execute(CLICK_AND_OBSERVE, vec![json!(id)])
        .await?
        .json()
        .as_bool()
        .unwrap_or(false);
    if !clicked {
        return Err(format!("no row to click for {id}").into());
    }
    // The app measures "call data arrived → after the next paint" itself (`call-view-render`,
    // see ui/src/views/call/useConversation.ts): the issue's "renders in under 50 ms" figure.
    let timings = poll_page(
        app,
        r#"const b = window.__benchOpen;
if (b.frame === null) return null;
const m = performance.getEntriesByName('call-view-render', 'measure');
if (m.length === 0) return null;
b.render = m[m.length - 1].duration;
const c = performance.getEntriesByName('call-view-commit', 'measure');
b.commit = c.length ? c[c.length - 1].duration : null;
return b;"#,
        60,
    )
    .await?;
    let number = |key: &str| field(&timings, key);
    let clicked = number("clicked")?;
    Ok(Open {
        id: id.to_owned(),
        click_to_transcript_ms: number("rendered")? - clicked,
        click_to_frame_ms: number("frame")? - clicked,
        data_to_paint_ms: number("render")?,
        data_to_commit_ms: number("commit")?,
    })
}

/// Clicks the only row and watches for a transcript inside a call view that names `id`.
const CLICK_AND_OBSERVE: &str = r#"
const id = arguments[0];
const row = document.querySelector(`.list-row[data-id="${CSS.escape(id)}"]`);
if (!row) return false;
const b = window.__benchOpen = { clicked: null, rendered: null, frame: null, render: null };
performance.clearMeasures('call-view-render');
performance.clearMeasures('call-view-commit');
const ready = () => {
  const view = document.querySelector("[data-testid='call-view']");
  const turns = document.querySelector("[data-testid='transcript']");
  return view && turns && view.textContent.includes(id) && turns.textContent.trim() !== '';
};
const o = new MutationObserver(() => {
  if (b.rendered === null && ready()) {
    o.disconnect();
    b.rendered = performance.now();
    requestAnimationFrame(() => requestAnimationFrame(() => { b.frame = performance.now(); }));
  }
});
o.observe(document, { childList: true, subtree: true, characterData: true });
b.clicked = performance.now();
row.click();
return true;
"#;

/// Scrolls the 10,000-row list for 2 s at a brisk 4,000 px/s, one step per frame, and counts the
/// frames WebKit produced (`requestAnimationFrame` callbacks) and the longest gap between two.
async fn scroll_list(app: &WebDriver) -> TestResult<Scroll> {
    let result = app
        .execute_async(
            r#"
const done = arguments[arguments.length - 1];
const el = document.querySelector('[data-testid="list-scroller"]');
if (!el) { done(null); return; }
const gaps = [];
const t0 = performance.now();
let last = t0;
let frames = 0;
const step = (now) => {
  frames += 1;
  gaps.push(now - last);
  last = now;
  el.scrollTop = ((now - t0) * 4000) / 1000;
  if (now - t0 < 2000) { requestAnimationFrame(step); return; }
  gaps.sort((a, b) => a - b);
  done({ fps: frames / ((now - t0) / 1000), p95: gaps[Math.floor(gaps.length * 0.95)], max: gaps[gaps.length - 1] });
};
requestAnimationFrame(step);
"#,
            Vec::<Value>::new(),
        )
        .await?
        .json()
        .clone();
    let number = |key: &str| field(&result, key);
    Ok(Scroll {
        fps: number("fps")?,
        p95_frame_ms: number("p95")?,
        max_frame_ms: number("max")?,
    })
}

/// The `get_conversation` command alone: IPC, the HTTP request to the sandbox and the reply's
/// way back, without any rendering.
async fn ipc_round_trip(app: &WebDriver, id: &str) -> TestResult<f64> {
    let elapsed = app
        .execute_async(
            r#"
const [id, done] = arguments;
const t0 = performance.now();
window.__TAURI_INTERNALS__.invoke('get_conversation', { id })
  .then(() => done(performance.now() - t0), () => done(null));
"#,
            vec![json!(id)],
        )
        .await?;
    elapsed
        .json()
        .as_f64()
        .ok_or_else(|| format!("get_conversation {id} failed").into())
}

/// "Load all", then waits until every call is loaded (the filter counts what is loaded).
async fn load_all(app: &WebDriver) -> TestResult {
    wait_for(app, By::XPath("//button[normalize-space()='Load all']"), 10)
        .await?
        .click()
        .await?;
    let filter = wait_for(app, By::Css("input[aria-label='Search number or id']"), 10).await?;
    filter.clear().await?;
    // Every conversation id holds a dash.
    filter.send_keys("-").await?;
    let all = format!("of {} loaded", format_count(CONVERSATIONS));
    wait_for_text(app, By::Css("[data-testid='match-count']"), 300, |t| {
        t.ends_with(&all) && t.starts_with(&format_count(CONVERSATIONS))
    })
    .await?;
    wait_gone(app, "[data-testid='load-all-progress']", 60).await?;
    filter.clear().await?;
    Ok(())
}

fn format_count(n: usize) -> String {
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

/// A number the page reported, or an error naming what is missing.
fn field(reported: &Value, key: &str) -> TestResult<f64> {
    reported[key]
        .as_f64()
        .ok_or_else(|| format!("no {key} in {reported}").into())
}

/// Polls `script` until it returns something other than null.
async fn poll_page(app: &WebDriver, script: &str, secs: u64) -> TestResult<Value> {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        let value = app
            .execute(script, Vec::<Value>::new())
            .await?
            .json()
            .clone();
        if !value.is_null() {
            return Ok(value);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("timed out polling: {script}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn wait_gone(app: &WebDriver, css: &str, secs: u64) -> TestResult {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    while !app.find_all(By::Css(css)).await?.is_empty() {
        if std::time::Instant::now() > deadline {
            return Err(format!("{css} is still there after {secs} s").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

// ---- processes, from /proc ----

/// `(ppid, starttime in clock ticks)` of every process, by pid.
fn process_table() -> HashMap<u32, (u32, u64)> {
    let mut table = HashMap::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return table;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse().ok()) else {
            continue;
        };
        if let Some(fields) = stat_fields(pid) {
            // After "pid (comm)": state is field 3, ppid 4, starttime 22.
            let ppid = fields.get(1).and_then(|f| f.parse().ok());
            let start = fields.get(19).and_then(|f| f.parse().ok());
            if let (Some(ppid), Some(start)) = (ppid, start) {
                table.insert(pid, (ppid, start));
            }
        }
    }
    table
}

/// The fields of `/proc/PID/stat` after the command name (which may hold spaces).
fn stat_fields(pid: u32) -> Option<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(')')?;
    Some(rest.split_whitespace().map(str::to_owned).collect())
}

fn descendants(root: u32, table: &HashMap<u32, (u32, u64)>) -> Vec<u32> {
    let mut found = vec![];
    let mut frontier = vec![root];
    while let Some(parent) = frontier.pop() {
        for (&pid, &(ppid, _)) in table {
            if ppid == parent {
                found.push(pid);
                frontier.push(pid);
            }
        }
    }
    found
}

fn comm(pid: u32) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|c| c.trim().to_owned())
        .unwrap_or_default()
}

/// The newest `formant-desk` process under tauri-driver.
async fn find_app(driver_pid: u32) -> TestResult<u32> {
    for _ in 0..100 {
        let table = process_table();
        let newest = descendants(driver_pid, &table)
            .into_iter()
            .filter(|&pid| comm(pid) == "formant-desk")
            .max_by_key(|pid| table.get(pid).map(|&(_, start)| start));
        if let Some(pid) = newest {
            return Ok(pid);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err("no formant-desk process under tauri-driver".into())
}

/// When `pid` started, in epoch ms: its start in ticks since boot, placed on the wall clock
/// through `/proc/uptime` read at the same moment (both have 10 ms resolution).
fn process_start_epoch_ms(pid: u32) -> TestResult<f64> {
    let ticks_per_s = clock_ticks_per_second()?;
    let start_ticks: f64 = stat_fields(pid)
        .and_then(|f| f.get(19).and_then(|s| s.parse().ok()))
        .ok_or("cannot read the app's start time")?;
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs_f64() * 1000.0;
    let uptime_s: f64 = std::fs::read_to_string("/proc/uptime")?
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or("cannot read /proc/uptime")?;
    Ok(now_ms - (uptime_s - start_ticks / ticks_per_s) * 1000.0)
}

fn clock_ticks_per_second() -> TestResult<f64> {
    let out = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().parse()?)
}

/// Proportional set size of `pid` and its descendants, in KiB: unlike summed RSS, pages shared
/// between them (libraries, shared memory) count once.
fn tree_pss(pid: u32) -> u64 {
    let table = process_table();
    let mut pids = vec![pid];
    pids.extend(descendants(pid, &table));
    pids.into_iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).ok())
        .filter_map(|rollup| {
            rollup
                .lines()
                .find_map(|l| l.strip_prefix("Pss:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .sum()
}

/// VmRSS of `pid` and its descendants, in KiB, by process name.
fn tree_rss(pid: u32) -> Vec<(String, u64)> {
    let table = process_table();
    let mut pids = vec![pid];
    pids.extend(descendants(pid, &table));
    let mut by_name: Vec<(String, u64)> = vec![];
    for pid in pids {
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else {
            continue;
        };
        let kib = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        let name = comm(pid);
        match by_name.iter_mut().find(|(n, _)| *n == name) {
            Some((_, total)) => *total += kib,
            None => by_name.push((name, kib)),
        }
    }
    by_name
}

// ---- the report ----

struct Launch {
    process_to_row_ms: f64,
    process_to_frame_ms: f64,
    /// Process start → the page's navigation began (WebKit's start, the window).
    process_to_page_ms: f64,
    page_to_row_ms: f64,
    page_to_script_ms: f64,
    page_to_accounts_ms: f64,
    page_to_first_page_ms: f64,
    row_present_at_injection: bool,
}

struct Open {
    id: String,
    click_to_transcript_ms: f64,
    click_to_frame_ms: f64,
    data_to_paint_ms: f64,
    /// React's share: data arrived → DOM committed (before style, layout and paint).
    data_to_commit_ms: f64,
}

struct Scroll {
    fps: f64,
    p95_frame_ms: f64,
    max_frame_ms: f64,
}

#[derive(Default)]
struct Report {
    scroll: Option<Scroll>,
    launches: Vec<Launch>,
    opens: Vec<Open>,
    ipc_ms: Vec<f64>,
    rss_first_page: Option<Memory>,
    rss_all_rows: Option<Memory>,
    rss_hour_call: Option<Memory>,
}

/// The app's process tree's memory at one moment.
struct Memory {
    rss_by_process: Vec<(String, u64)>,
    pss_kib: u64,
}

impl Memory {
    fn of(pid: u32) -> Memory {
        Memory {
            rss_by_process: tree_rss(pid),
            pss_kib: tree_pss(pid),
        }
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

fn spread(values: &[f64]) -> String {
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{min:.0}–{max:.0}")
}

/// Summed RSS in MiB, and a note with each process's RSS and the tree's PSS.
fn mib(memory: &Option<Memory>) -> (f64, String) {
    let Some(memory) = memory else {
        return (f64::NAN, String::new());
    };
    let total = memory
        .rss_by_process
        .iter()
        .map(|(_, kib)| kib)
        .sum::<u64>() as f64
        / 1024.0;
    let parts = memory
        .rss_by_process
        .iter()
        .map(|(name, kib)| format!("{name} {:.0}", *kib as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join(", ");
    let pss = memory.pss_kib as f64 / 1024.0;
    (total, format!("{parts}; PSS {pss:.0} MiB"))
}

impl Report {
    fn print_and_save(&self) -> TestResult {
        let col = |f: fn(&Launch) -> f64| self.launches.iter().map(f).collect::<Vec<_>>();
        let to_row = col(|l| l.process_to_row_ms);
        let to_frame = col(|l| l.process_to_frame_ms);
        let page_to_row = col(|l| l.page_to_row_ms);
        let late = self
            .launches
            .iter()
            .filter(|l| l.row_present_at_injection)
            .count();
        // The hour call's open is timed too, but its transcript is far longer: kept apart.
        let (hour, short): (Vec<&Open>, Vec<&Open>) =
            self.opens.iter().partition(|o| o.id == known::HOUR_CALL);
        let open_ms: Vec<f64> = short.iter().map(|o| o.click_to_transcript_ms).collect();
        let open_frame_ms: Vec<f64> = short.iter().map(|o| o.click_to_frame_ms).collect();
        let render_ms: Vec<f64> = short.iter().map(|o| o.data_to_paint_ms).collect();
        let commit_ms: Vec<f64> = short.iter().map(|o| o.data_to_commit_ms).collect();
        let ipc = median(self.ipc_ms.clone());
        let (first_page, first_parts) = mib(&self.rss_first_page);
        let (all_rows, all_parts) = mib(&self.rss_all_rows);
        let (hour_rss, hour_parts) = mib(&self.rss_hour_call);

        let mut table = String::new();
        let mut row = |name: &str, value: String, note: String| {
            table.push_str(&format!("{name:<44} {value:>12}  {note}\n"));
        };
        row(
            &format!("launch → first row in DOM (n={})", to_row.len()),
            format!("{:.0} ms", median(to_row.clone())),
            format!("median; range {} ms", spread(&to_row)),
        );
        row(
            "launch → frame after first row",
            format!("{:.0} ms", median(to_frame.clone())),
            format!("median; range {} ms", spread(&to_frame)),
        );
        row(
            "  process start → page start",
            format!("{:.0} ms", median(col(|l| l.process_to_page_ms))),
            "median; WebKit and the window".into(),
        );
        row(
            "  page start → bundle evaluated",
            format!("{:.0} ms", median(col(|l| l.page_to_script_ms))),
            "median".into(),
        );
        row(
            "  page start → accounts arrived",
            format!("{:.0} ms", median(col(|l| l.page_to_accounts_ms))),
            "median".into(),
        );
        row(
            "  page start → first page arrived",
            format!("{:.0} ms", median(col(|l| l.page_to_first_page_ms))),
            "median".into(),
        );
        row(
            "  page start → first row",
            format!("{:.0} ms", median(page_to_row)),
            format!("{late} launches had the row before the observer (upper bound)"),
        );
        row(
            &format!("open call: click → transcript (n={})", open_ms.len()),
            format!("{:.0} ms", median(open_ms.clone())),
            format!("median; range {} ms; 10,000 rows loaded", spread(&open_ms)),
        );
        row(
            "open call: click → frame after transcript",
            format!("{:.0} ms", median(open_frame_ms)),
            "median".into(),
        );
        row(
            &format!("  get_conversation IPC alone (n={})", self.ipc_ms.len()),
            format!("{ipc:.1} ms"),
            "median; invoke from the page, sandbox fetch included".into(),
        );
        row(
            "open call: data arrived → painted",
            format!("{:.0} ms", median(render_ms.clone())),
            format!("median; range {} ms (target < 50 ms)", spread(&render_ms)),
        );
        row(
            "  of which data arrived → DOM committed",
            format!("{:.0} ms", median(commit_ms.clone())),
            format!("median; range {} ms (React's share)", spread(&commit_ms)),
        );
        if let Some(open) = hour.first() {
            row(
                "open 1-h call: click → transcript",
                format!("{:.0} ms", open.click_to_transcript_ms),
                "one run".into(),
            );
        }
        if let Some(scroll) = &self.scroll {
            row(
                &format!("scrolling {} rows", format_count(CONVERSATIONS)),
                format!("{:.1} fps", scroll.fps),
                format!(
                    "2 s at 4,000 px/s; p95 frame {:.1} ms, longest {:.1} ms",
                    scroll.p95_frame_ms, scroll.max_frame_ms
                ),
            );
        }
        row(
            "RSS, first page",
            format!("{first_page:.0} MiB"),
            first_parts,
        );
        row(
            &format!("RSS, {} rows loaded", format_count(CONVERSATIONS)),
            format!("{all_rows:.0} MiB"),
            all_parts,
        );
        row(
            "RSS, + 1-h recording open (61 min mu-law)",
            format!("{hour_rss:.0} MiB"),
            hour_parts,
        );
        println!(
            "\nFormant Desk app bench ({} build of formant-desk)\n",
            build_kind()
        );
        print!("{table}");

        let json = json!({
            "build": build_kind(),
            "scroll_fps": self.scroll.as_ref().map(|s| s.fps),
            "launch_process_to_row_ms": to_row,
            "launch_process_to_frame_ms": to_frame,
            "open_click_to_transcript_ms": short.iter().map(|o| json!({"id": o.id, "ms": o.click_to_transcript_ms, "data_to_paint_ms": o.data_to_paint_ms, "data_to_commit_ms": o.data_to_commit_ms})).collect::<Vec<_>>(),
            "hour_call_click_to_transcript_ms": hour.first().map(|o| o.click_to_transcript_ms),
            "get_conversation_ipc_ms": self.ipc_ms,
            "rss_mib": { "first_page": first_page, "all_rows": all_rows, "hour_call": hour_rss },
            "pss_mib": {
                "first_page": self.rss_first_page.as_ref().map(|m| m.pss_kib as f64 / 1024.0),
                "all_rows": self.rss_all_rows.as_ref().map(|m| m.pss_kib as f64 / 1024.0),
                "hour_call": self.rss_hour_call.as_ref().map(|m| m.pss_kib as f64 / 1024.0),
            },
        });
        let path = artifacts_dir().join("app-bench.json");
        std::fs::write(&path, serde_json::to_string_pretty(&json)?)?;
        println!("\n(raw numbers in {})", path.display());
        Ok(())
    }
}

fn build_kind() -> &'static str {
    if formant_tests::app_binary()
        .to_string_lossy()
        .contains("/release/")
    {
        "release"
    } else {
        "debug"
    }
}
