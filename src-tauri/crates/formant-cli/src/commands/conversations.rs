//! `formant conversations list|get`.

use formant_api::{CancellationToken, Client, ListQuery};
use formant_core::export::{export, ExportFormat};
use formant_core::Conversation;
use serde_json::{json, Value};

use crate::cli::{GetArgs, ListArgs};
use crate::error::CliError;
use crate::{output, progress, table};

pub async fn list(client: &Client, args: &ListArgs) -> Result<(), CliError> {
    let (conversations, has_more, total, warning) = if args.all {
        let bar = progress::count_bar();
        // Ctrl-C ends the process as usual; nothing is half-written, so no clean-up is needed.
        let never_cancelled = CancellationToken::new();
        let all = client
            .list_all(args.agent_id, &never_cancelled, |p| {
                if let Some(total) = p.total {
                    bar.set_length(total);
                }
                bar.set_position(p.loaded as u64);
            })
            .await;
        bar.finish_and_clear();
        let all = all?;
        (all.conversations, false, all.total, all.end.warning())
    } else {
        let query = ListQuery {
            agent_id: args.agent_id,
            limit: args.limit,
            offset: args.offset,
        };
        let page = client.list(&query).await?;
        (page.data, page.has_more, page.total, None)
    };
    // On stderr, so that even with --json a script's log says why the list may be short.
    if let Some(warning) = warning {
        output::note(&format!("formant: warning: {warning}"));
    }

    if args.json {
        // The API's own envelope, with each record exactly as it was sent.
        let data: Vec<Value> = conversations.iter().map(Conversation::raw_json).collect();
        return output::print_json(&json!({ "data": data, "has_more": has_more, "total": total }));
    }
    output::print_readable(&table::render(&conversations))?;
    output::note(&summary(args, conversations.len(), has_more, total));
    Ok(())
}

/// The line under the table (on stderr, so stdout is only the table).
fn summary(args: &ListArgs, shown: usize, has_more: bool, total: Option<u64>) -> String {
    let of_total = total.map(|t| format!(" of {t}")).unwrap_or_default();
    if args.all || (args.offset == 0 && !has_more) {
        return format!("{shown} conversation(s){of_total}");
    }
    if shown == 0 {
        // Past the end (`--offset 1000` of 320): there is no range to show.
        return format!("no conversations at offset {}{of_total}", args.offset);
    }
    // Saturating: `--offset 18446744073709551615` is a valid u64 and must not overflow.
    let first = args.offset.saturating_add(1);
    let last = args.offset.saturating_add(shown as u64);
    let next = if has_more {
        format!("; next page: --offset {last}")
    } else {
        String::new()
    };
    format!("conversations {first}-{last}{of_total}{next}")
}

pub async fn get(client: &Client, args: &GetArgs) -> Result<(), CliError> {
    let conversation = client.get(&args.id).await?;
    if args.json {
        return output::print_json(&conversation.raw_json());
    }
    // The plain-text export is exactly the readable view: metadata, results, transcript.
    output::print_readable(&export(&conversation, ExportFormat::Txt)?)
}
