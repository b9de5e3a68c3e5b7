//! `formant sync`: the environment account's calls into the library (formant-library's sync).

use formant_library::sync::{
    sync_account, SyncControl, SyncOptions, SyncPhase, SyncProgress, SyncReport,
};
use formant_library::AccountKey;
use serde_json::json;

use crate::cli::SyncArgs;
use crate::commands::library::open_store;
use crate::error::CliError;
use crate::{output, progress};

/// The name the environment account has in the library (the app's saved accounts have ids).
pub const ENVIRONMENT_ACCOUNT: &str = "environment";

pub async fn run(args: &SyncArgs) -> Result<(), CliError> {
    let client = super::client(&args.api)?;
    let mut store = open_store(&args.library)?;
    let region = args.api.region();
    let key = AccountKey::Environment {
        base_url: client.base_url().to_owned(),
        name: ENVIRONMENT_ACCOUNT.to_owned(),
    };
    let account = store.account(&key, "Environment", &region)?;
    let options = SyncOptions {
        details: args.details,
        concurrency: usize::from(args.concurrency),
        full: args.full,
        ..SyncOptions::default()
    };
    // Ctrl-C drops this future (see `Interrupt::guard`): every page and call already stored
    // stays, and the next sync resumes from there.
    let control = SyncControl::default();
    let bar = progress::sync_bar();
    let result = sync_account(&mut store, &client, account, &options, &control, |p| {
        show(&bar, p);
    })
    .await;
    bar.finish_and_clear();
    let report = result?;
    for warning in &report.warnings {
        output::note(&format!("formant: warning: {warning}"));
    }
    if args.json {
        output::print_json(&summary_json(&report, client.base_url(), &region))?;
    } else {
        output::note(&summary_line(&report));
    }
    if report.details_failed > 0 {
        return Err(CliError::SyncUnfinished {
            failed: report.details_failed,
        });
    }
    Ok(())
}

fn show(bar: &indicatif::ProgressBar, p: &SyncProgress) {
    match p.phase {
        SyncPhase::Listing => {
            bar.set_message(if p.full_pass {
                "listing all calls"
            } else {
                "listing new calls"
            });
            if let Some(total) = p.api_total {
                bar.set_length(total);
            }
            bar.set_position(p.listed);
        }
        SyncPhase::Details => {
            bar.set_message("fetching details");
            bar.set_length(p.details_total);
            bar.set_position(p.details_done.saturating_add(p.details_failed));
        }
        SyncPhase::Done => {}
    }
}

/// The `--json` summary: one stable shape (documented in the README).
fn summary_json(
    report: &SyncReport,
    base_url: &str,
    region: &formant_core::Region,
) -> serde_json::Value {
    json!({
        "account": {
            "name": ENVIRONMENT_ACCOUNT,
            "region": formant_library::region_code(region),
            "base_url": base_url,
        },
        "end": report.end,
        "full_pass": report.full_pass,
        "resumed": report.resumed,
        "pages": report.pages,
        "listed": report.listed,
        "new": report.new,
        "changed": report.changed,
        "details_fetched": report.details_fetched,
        "details_failed": report.details_failed,
        "details_pending": report.details_pending,
        "warnings": report.warnings,
    })
}

fn summary_line(report: &SyncReport) -> String {
    let pass = if report.full_pass {
        "full pass"
    } else {
        "new calls only"
    };
    let resumed = if report.resumed { ", resumed" } else { "" };
    format!(
        "synced ({pass}{resumed}, {} pages): {} new, {} changed, {} details fetched, {} failed; \
         {} call(s) still to fetch or still changing",
        report.pages,
        report.new,
        report.changed,
        report.details_fetched,
        report.details_failed,
        report.details_pending
    )
}
