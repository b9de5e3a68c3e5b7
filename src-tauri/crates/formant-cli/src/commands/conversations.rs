//! `formant conversations list|get`.

use formant_api::{CancellationToken, Client, ListQuery};
use formant_core::export::{export, ExportFormat};
use formant_core::Conversation;
use serde_json::{json, Value};

use crate::cli::{GetArgs, ListArgs};
use crate::error::CliError;
use crate::{output, progress, table};

pub async fn list(client: &Client, args: &ListArgs) -> Result<(), CliError> {
    let (conversations, has_more, total) = if args.all {
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
        (all.conversations, false, all.total)
    } else {
        let query = ListQuery {
            agent_id: args.agent_id,
            limit: args.limit,
            offset: args.offset,
        };
        let page = client.list(&query).await?;
        (page.data, page.has_more, page.total)
    };

    if args.json {
        // The API's own envelope, with each record exactly as it was sent.
        let data: Vec<Value> = conversations.iter().map(Conversation::raw_json).collect();
        return output::print_json(&json!({ "data": data, "has_more": has_more, "total": total }));
    }
    output::print(&table::render(&conversations))?;
    eprintln!("{}", summary(args, conversations.len(), has_more, total));
    Ok(())
}

/// The line under the table (on stderr, so stdout is only the table).
fn summary(args: &ListArgs, shown: usize, has_more: bool, total: Option<u64>) -> String {
    let of_total = total.map(|t| format!(" of {t}")).unwrap_or_default();
    if args.all || (args.offset == 0 && !has_more) {
        return format!("{shown} conversation(s){of_total}");
    }
    let first = if shown == 0 {
        args.offset
    } else {
        args.offset + 1
    };
    let last = args.offset + shown as u64;
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
    output::print(&export(&conversation, ExportFormat::Txt)?)
}
