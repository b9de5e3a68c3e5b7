//! `formant search QUERY`: the library's full-text search, with the list's filters.

use formant_library::{SearchHit, SearchQuery, SearchResults};
use serde_json::{json, Value};

use crate::cli::SearchArgs;
use crate::commands::library::{filter, open_store, when};
use crate::error::CliError;
use crate::output::{print_json, print_readable};
use crate::terminal::{escape_controls, Layout};

pub fn run(args: &SearchArgs) -> Result<(), CliError> {
    let store = open_store(&args.library)?;
    let results = store.search(&SearchQuery {
        text: args.query.clone(),
        filter: filter(&args.filters),
        offset: 0,
        limit: args.limit,
    })?;
    if args.json {
        print_json(&to_json(&results))
    } else {
        print_readable(&readable(&args.query, &results))
    }
}

/// The documented shape: `{"total", "results": [{"conversation_id", "account", "region",
/// "start_timestamp", "status", "snippet", "highlights", "turn_index", "turn_start"}],
/// "ignored_terms", "scanned"}`.
fn to_json(results: &SearchResults) -> Value {
    json!({
        "total": results.total,
        "results": results.results.iter().map(hit_json).collect::<Vec<_>>(),
        "ignored_terms": results.ignored_terms,
        "scanned": results.scanned,
    })
}

fn hit_json(hit: &SearchHit) -> Value {
    json!({
        "conversation_id": hit.call.conversation_id,
        "account": hit.call.account_label,
        "region": hit.call.region,
        "start_timestamp": hit.call.start_ms,
        "status": hit.call.status,
        "snippet": hit.snippet.text(),
        "highlights": hit.snippet.highlights(),
        "turn_index": hit.turn_index,
        "turn_start": hit.turn_start_secs,
    })
}

fn readable(query: &str, results: &SearchResults) -> String {
    let inline = |text: &str| escape_controls(text, Layout::Inline).into_owned();
    let mut out = format!(
        "{} {} {}{}\n",
        results.total,
        if results.total == 1 {
            "call matches"
        } else {
            "calls match"
        },
        inline(&format!("{query:?}")),
        match results.scanned {
            Some(n) =>
                format!(" among the newest {n} (words under three letters are not in the index)"),
            None => String::new(),
        }
    );
    if !results.ignored_terms.is_empty() {
        out.push_str(&format!(
            "left out, too short to look up: {}\n",
            inline(&results.ignored_terms.join(" "))
        ));
    }
    for hit in &results.results {
        let c = &hit.call;
        out.push_str(&format!(
            "\n{}  {}  {} [{}]  {}\n",
            when(c.start_ms),
            inline(c.status.as_deref().unwrap_or("-")),
            inline(&c.account_label),
            inline(&c.region),
            inline(&c.conversation_id),
        ));
        let place = hit
            .turn_index
            .map_or_else(|| "details".to_owned(), |i| format!("turn {}", i + 1));
        out.push_str(&format!(
            "    {place}: {}\n",
            inline(&hit.snippet.marked("[", "]"))
        ));
    }
    out
}
