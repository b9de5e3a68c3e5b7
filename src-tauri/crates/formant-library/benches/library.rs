//! The library at scale: fills a store with `LIBRARY_BENCH_CALLS` (default 1,000,000) calls
//! made by the sandbox's generator (through the crate, not HTTP), then times what the app
//! does with it. Run by `bench/library.sh` (release build); prints one line per figure.

use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use formant_core::Region;
use formant_library::{
    AccountKey, Filter, ListQuery, SearchQuery, Sort, SortColumn, Store, TimelineBucket, TriageBy,
    TriageQuery,
};
use serde_json::Value;

const PAGE: u64 = 100;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let calls: u64 = std::env::var("LIBRARY_BENCH_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = std::env::var("LIBRARY_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(21);
    let dir = match std::env::var_os("LIBRARY_BENCH_DIR") {
        Some(dir) => tempfile::tempdir_in(dir)?,
        None => tempfile::tempdir()?,
    };
    // LIBRARY_BENCH_KEEP=1: leave the store in place (its path is printed) to look into it,
    // or to time the queries again with LIBRARY_BENCH_STORE=<that path> (no fill).
    let keep = std::env::var_os("LIBRARY_BENCH_KEEP").is_some();
    let (path, me) = match std::env::var_os("LIBRARY_BENCH_STORE") {
        Some(existing) => {
            let path = std::path::PathBuf::from(existing);
            let me = Store::open(&path)?
                .find_account(&bench_account())?
                .ok_or("the store has no bench account")?;
            println!(
                "store: {} ({:.1} MiB)",
                path.display(),
                mib(file_size(&path)?)
            );
            (path, me)
        }
        None => {
            let path = dir.path().join("library.sqlite3");
            let (me, json_bytes) = fill(&path, calls)?;
            let size = file_size(&path)?;
            println!(
                "store size: {:.1} MiB for {:.1} MiB of JSON ({:.2}x)",
                mib(size),
                mib(json_bytes),
                size as f64 / json_bytes as f64
            );
            print_space(&path)?;
            (path, me)
        }
    };
    // The app shows one account at a time: its list, search and triage are the account's.
    let mine = Filter {
        accounts: vec![me],
        ..Filter::default()
    };

    // The list's first window: 100 rows, newest first, and the filter's total.
    let first_window = |store: &Store| {
        store.list(&ListQuery {
            filter: mine.clone(),
            sort: Sort::newest_first(),
            offset: 0,
            limit: 100,
        })
    };
    // A fresh connection, as after starting the app.
    let started = Instant::now();
    let store = Store::open(&path)?;
    let first = first_window(&store)?;
    println!(
        "first window after open (100 rows of {} + total): {}",
        first.total,
        ms(started.elapsed())
    );
    // The app's read connection counts each account's list ahead after its sync
    // (`Library::warm_list_total`); switching to it then reads only the rows.
    let reader = Store::open(&path)?;
    reader.count(&mine)?;
    let started = Instant::now();
    let switched = first_window(&reader)?;
    println!(
        "first window after switching to an account counted ahead ({} rows): {}",
        switched.rows.len(),
        ms(started.elapsed())
    );
    drop(reader);
    let window = |sort: Sort, offset: u64, filter: Filter| {
        store.list(&ListQuery {
            filter,
            sort,
            offset,
            limit: 100,
        })
    };
    timed(runs, "window at offset 0, newest first", || {
        window(Sort::newest_first(), 0, mine.clone()).map(drop)
    })?;
    timed(
        runs,
        &format!("window at offset {}, newest first", calls / 2),
        || window(Sort::newest_first(), calls / 2, mine.clone()).map(drop),
    )?;
    timed(
        runs,
        "window at offset 0, newest first, all accounts",
        || window(Sort::newest_first(), 0, Filter::default()).map(drop),
    )?;
    let by_duration = Sort {
        column: SortColumn::Duration,
        descending: true,
    };
    timed(runs, "window at offset 0, longest first", || {
        window(by_duration, 0, mine.clone()).map(drop)
    })?;
    let failed = Filter {
        categories: vec!["failed".into()],
        ..mine.clone()
    };
    timed(runs, "window of failed calls, newest first", || {
        window(Sort::newest_first(), 0, failed.clone()).map(drop)
    })?;

    // Call figures on one call in ten (as if their recordings had been analysed): the list
    // sorted and filtered by them, and response latency by agent and by day.
    let analysed = analyse_every_tenth(&store, &mine, calls)?;
    println!("figures stored for {analysed} calls");
    let slowest = Sort {
        column: SortColumn::LatencyP90,
        descending: true,
    };
    timed(runs, "window at offset 0, slowest reply p90 first", || {
        window(slowest, 0, mine.clone()).map(drop)
    })?;
    let slow = Filter {
        latency_p90_above_s: Some(2.0),
        ..mine.clone()
    };
    timed(runs, "window of reply p90 > 2 s, newest first", || {
        window(Sort::newest_first(), 0, slow.clone()).map(drop)
    })?;
    let interrupted = Filter {
        has_interruptions: Some(true),
        ..mine.clone()
    };
    timed(
        runs,
        "window of calls with interruptions, newest first",
        || window(Sort::newest_first(), 0, interrupted.clone()).map(drop),
    )?;
    for by in [TriageBy::Agent, TriageBy::Day] {
        timed(runs, &format!("response latency by {}", by.name()), || {
            store
                .latency_triage(&TriageQuery {
                    filter: mine.clone(),
                    by,
                    utc_offset_minutes: 0,
                })
                .map(drop)
        })?;
    }

    let search = |text: &str, filter: Filter| {
        store.search(&SearchQuery {
            text: text.into(),
            filter,
            offset: 0,
            limit: 100,
        })
    };
    // Words of every frequency and script, a word no call holds, and a number.
    let words = formant_sandbox::known::SEARCH_WORDS
        .into_iter()
        .chain(["voicemail", "+9198"]);
    let mut all = Vec::new();
    for word in words {
        let mut total = 0;
        let times = sample(runs, || {
            total = search(word, mine.clone())?.total;
            Ok(())
        })?;
        println!(
            "search {word:?} ({total} hits): p50 {} p95 {}",
            ms(pct(&times, 50)),
            ms(pct(&times, 95))
        );
        all.extend(times);
    }
    all.sort();
    println!(
        "search, one word, all of the above: p50 {} p95 {}",
        ms(pct(&all, 50)),
        ms(pct(&all, 95))
    );
    let two_filters = Filter {
        statuses: vec!["completed".into()],
        agent_ids: vec![452],
        ..mine.clone()
    };
    for phrase in ["\"reset link\"", "\"rooftop panels\"", "\"पेमेंट लिंक\""] {
        let mut total = 0;
        let times = sample(runs, || {
            total = search(phrase, two_filters.clone())?.total;
            Ok(())
        })?;
        println!(
            "search {phrase} + status + agent ({total} hits): p50 {} p95 {}",
            ms(pct(&times, 50)),
            ms(pct(&times, 95))
        );
    }
    for by in [
        TriageBy::Category,
        TriageBy::Status,
        TriageBy::Reason,
        TriageBy::Agent,
        TriageBy::Day,
    ] {
        timed(runs, &format!("triage by {}", by.name()), || {
            store
                .triage(&TriageQuery {
                    filter: mine.clone(),
                    by,
                    utc_offset_minutes: 0,
                })
                .map(drop)
        })?;
    }
    timed(runs, "timeline per day, stacked", || {
        store.timeline(&mine, TimelineBucket::Day, 0).map(drop)
    })?;
    if keep {
        println!("kept the store at {}", dir.keep().display());
    }
    Ok(())
}

/// Fills the store as a sync would, a list page then its details, 100 calls a transaction.
/// Returns the bytes of JSON stored.
fn fill(
    path: &Path,
    calls: u64,
) -> Result<(formant_library::AccountRef, u64), Box<dyn std::error::Error>> {
    let account = formant_sandbox::SampleAccount::of_size(Some(usize::try_from(calls)?))?;
    let store = Store::open(path)?;
    let me = store.account(&bench_account(), "Bench", &Region::Global)?;
    let started = Instant::now();
    let mut json_bytes = 0u64;
    let mut in_store = Duration::ZERO;
    let mut in_store_before = Duration::ZERO;
    let mut in_list = Duration::ZERO;
    let mut offset = 0;
    while offset < account.len() {
        let page = account.list_page(offset, PAGE);
        let details: Vec<Value> = page
            .iter()
            .filter_map(|item| account.details(item["conversation_id"].as_str()?))
            .collect();
        json_bytes += page
            .iter()
            .chain(&details)
            .map(|v| v.to_string().len() as u64)
            .sum::<u64>();
        let batch: Vec<(&str, &Value)> = details
            .iter()
            .filter_map(|d| Some((d["conversation_id"].as_str()?, d)))
            .collect();
        let writing = Instant::now();
        store.apply_list_page(me, &page)?;
        in_list += writing.elapsed();
        store.apply_details_batch(me, &batch)?;
        in_store += writing.elapsed();
        offset += PAGE;
        // The write rate of each stretch: a store whose writes slow down as it grows shows it here.
        if offset % 50_000 == 0 {
            let stretch = in_store - in_store_before;
            in_store_before = in_store;
            eprintln!(
                "  filled {offset} in {:.0?} (the last 50,000: the store's writes {:.0} calls/s)",
                started.elapsed(),
                50_000.0 / stretch.as_secs_f64()
            );
        }
    }
    // As a sync's last page would: the listing is complete, so the app lists from the store.
    let now_ms = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis())?;
    let mut state = store.sync_state(me)?;
    state.last_full_pass_ms = Some(now_ms);
    state.last_sync_ms = Some(now_ms);
    store.set_sync_state(me, &state)?;
    let elapsed = started.elapsed();
    println!(
        "fill: {} calls (list + details) in {:.1} s ({:.0} calls/s); the store's writes {:.1} s \
         ({:.0} calls/s), the rest is the generator",
        account.len(),
        elapsed.as_secs_f64(),
        account.len() as f64 / elapsed.as_secs_f64(),
        in_store.as_secs_f64(),
        account.len() as f64 / in_store.as_secs_f64()
    );
    println!(
        "  of which list pages {:.1} s, details {:.1} s",
        in_list.as_secs_f64(),
        (in_store - in_list).as_secs_f64()
    );
    Ok((me, json_bytes))
}

/// Where the bytes go: each table and index of the file (SQLite's `dbstat`), largest first.
fn print_space(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let conn = rusqlite::Connection::open(path)?;
    let mut stmt = conn.prepare(
        "SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC",
    )?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (name, bytes) = row?;
        println!(
            "  {name}: {:.1} MiB",
            mib(u64::try_from(bytes).unwrap_or(0))
        );
    }
    Ok(())
}

/// The account the app opens for `FORMANT_BASE_URL=http://127.0.0.1:1` (nothing answers there),
/// so a store kept with `LIBRARY_BENCH_KEEP=1` is the library of the app in
/// `FORMANT_BENCH_LIBRARY=STORE bench/app.sh`, offline.
fn bench_account() -> AccountKey {
    AccountKey::Environment {
        base_url: "http://127.0.0.1:1".into(),
        name: "environment".into(),
    }
}

fn file_size(path: &Path) -> std::io::Result<u64> {
    // Everything the store holds on disk: the file and its write-ahead log.
    let mut total = std::fs::metadata(path)?.len();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if let Ok(meta) = std::fs::metadata(wal) {
        total += meta.len();
    }
    Ok(total)
}

fn sample(
    runs: usize,
    mut f: impl FnMut() -> Result<(), formant_library::LibraryError>,
) -> Result<Vec<Duration>, formant_library::LibraryError> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        f()?;
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times)
}

fn timed(
    runs: usize,
    what: &str,
    f: impl FnMut() -> Result<(), formant_library::LibraryError>,
) -> Result<(), formant_library::LibraryError> {
    let times = sample(runs, f)?;
    println!(
        "{what}: p50 {} p95 {}",
        ms(pct(&times, 50)),
        ms(pct(&times, 95))
    );
    Ok(())
}

fn pct(sorted: &[Duration], p: usize) -> Duration {
    let i = (sorted.len().saturating_sub(1) * p).div_ceil(100);
    sorted.get(i).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Stores figures for every tenth call of `filter` (varied, deterministic), in batches read
/// through the list. Returns how many.
fn analyse_every_tenth(
    store: &Store,
    filter: &Filter,
    calls: u64,
) -> Result<u64, formant_library::LibraryError> {
    let mut stored = 0u64;
    let mut offset = 0u64;
    while offset < calls {
        let window = store.list(&ListQuery {
            filter: filter.clone(),
            sort: Sort::newest_first(),
            offset,
            limit: 10_000,
        })?;
        if window.rows.is_empty() {
            break;
        }
        for (i, row) in window.rows.iter().enumerate().step_by(10) {
            let n = offset + i as u64;
            let p90 = 0.4 + (n % 37) as f64 / 10.0;
            let figures = formant_library::CallFigures {
                latency_p50_s: Some(p90 / 2.0),
                latency_p90_s: Some(p90),
                latency_max_s: Some(p90 + 0.5),
                handoffs: 6,
                interruptions: (n % 4) as u32,
                dead_air_s: 0.0,
                agent_talk_share: Some(0.55),
                time_to_first_word_s: Some(0.9),
                agent_channel: Some(formant_library::StoredChannel::Left),
                agent_channel_set: false,
                analysis_version: 1,
                analysed_ms: 0,
            };
            let account = row.account;
            if store.put_figures(account, &row.conversation_id, &figures)? {
                stored += 1;
            }
        }
        offset += window.rows.len() as u64;
    }
    Ok(stored)
}
