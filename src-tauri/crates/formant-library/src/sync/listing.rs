//! The listing phase: pages of `GET /v1/conversations` into the store, from where the last
//! pass stopped, until the end of the list or the incremental rule says stop.

use formant_api::{Client, Conversation, ListQuery, MAX_PAGE_SIZE};
use serde_json::{json, Value};

use super::rule::Rule;
use super::store_retry;
use super::{Run, SyncControl, SyncEnd, SyncError, SyncProgress, Tally};
use crate::account::AccountRef;
use crate::store::{now_ms, Store};
use crate::sync_state::SyncState;

/// The most pages one pass reads: 20,000,000 calls. A server that keeps saying `has_more`
/// with new calls is stopped here rather than followed without end.
pub(super) const MAX_PASS_PAGES: u64 = 200_000;

/// Where an incremental pass may stop (see [`Rule::floor`]), kept in the sync state so a
/// resumed pass stops where the pass it resumes would have.
const FLOOR_KEY: &str = "incremental_floor_ms";

pub(super) struct Listed {
    pub end: SyncEnd,
    pub resumed: bool,
    pub warnings: Vec<String>,
}

pub(super) async fn run(
    run: &mut Run<'_, impl FnMut(&SyncProgress) + Send>,
) -> Result<Listed, SyncError> {
    let Run {
        store,
        client,
        account,
        options,
        control,
        tally,
        progress,
    } = run;
    let (client, account, options, control) = (*client, *account, *options, *control);
    let mut state = store.sync_state(account)?;
    let resumed = state.pass_offset.is_some();
    let mut warnings = Vec::new();
    let mut first = true;
    loop {
        if state.pass_offset.is_none() {
            let now = now_ms();
            let full = first
                && options
                    .rule
                    .full_pass_due(options.full, state.last_full_pass_ms, now);
            let floor = if full {
                None
            } else {
                options.rule.floor(store.newest_start_ms(account)?)
            };
            state.pass_offset = Some(0);
            state.pass_full = full;
            state.pass_started_ms = Some(now);
            set_floor(&mut state, floor);
            store_retry::write(store, |store| store.set_sync_state(account, &state)).await?;
        }
        tally.full_pass |= state.pass_full;
        let floor = if state.pass_full {
            None
        } else {
            floor_of(&state)
        };
        let end = walk(
            store,
            client,
            account,
            &mut state,
            floor,
            control,
            tally,
            progress,
            &mut warnings,
        )
        .await?;
        if end == SyncEnd::Cancelled {
            return Ok(Listed {
                end,
                resumed,
                warnings,
            });
        }
        if state.pass_full {
            state.last_full_pass_ms = state.pass_started_ms;
        }
        state.pass_offset = None;
        state.pass_full = false;
        set_floor(&mut state, None);
        state.last_sync_ms = Some(now_ms());
        store_retry::write(store, |store| store.set_sync_state(account, &state)).await?;
        // A resumed pass missed what arrived on top while it was stopped: one incremental
        // pass from the top picks that up (it stops at the first page of known calls).
        if !(first && resumed) {
            return Ok(Listed {
                end,
                resumed,
                warnings,
            });
        }
        first = false;
    }
}

/// Pages from the state's offset on, saving the offset after each page.
#[allow(clippy::too_many_arguments)]
async fn walk(
    store: &mut Store,
    client: &Client,
    account: AccountRef,
    state: &mut SyncState,
    floor: Option<i64>,
    control: &SyncControl,
    tally: &mut Tally,
    progress: &mut (impl FnMut(&SyncProgress) + Send),
    warnings: &mut Vec<String>,
) -> Result<SyncEnd, SyncError> {
    let mut offset = state.pass_offset.unwrap_or(0);
    let mut previous_ids: Vec<String> = Vec::new();
    let mut pages: u64 = 0;
    loop {
        let query = ListQuery {
            agent_id: None,
            limit: MAX_PAGE_SIZE,
            offset,
        };
        let page = tokio::select! {
            biased;
            () = control.cancel.cancelled() => return Ok(SyncEnd::Cancelled),
            page = async {
                control.pause.wait_while_paused().await;
                client.list(&query).await
            } => page?,
        };
        pages += 1;
        tally.pages += 1;
        let items: Vec<Value> = page.data.iter().map(Conversation::raw_json).collect();
        let count = items.len() as u64;
        tally.api_total = page.total.or(tally.api_total);
        offset = offset.saturating_add(count);
        state.pass_offset = Some(offset);
        state.api_total = tally.api_total;
        // The page and the place after it, in one transaction.
        let outcome = store_retry::write(store, |store| {
            store.apply_list_page_with_state(account, &items, Some(state))
        })
        .await?;
        tally.listed = tally.listed.saturating_add(count);
        tally.new = tally.new.saturating_add(outcome.new as u64);
        tally.changed = tally.changed.saturating_add(outcome.changed as u64);
        progress(&tally.progress(control));

        if !page.has_more || items.is_empty() {
            return Ok(SyncEnd::Complete);
        }
        let ids: Vec<String> = page
            .data
            .iter()
            .map(|c| c.conversation_id.clone())
            .collect();
        if ids == previous_ids {
            warnings.push(
                "stopped listing: the API said there were more calls but sent the same page again"
                    .to_owned(),
            );
            return Ok(SyncEnd::Complete);
        }
        let starts = page.data.iter().map(|c| c.start_ms.map(|t| t.as_millis()));
        if Rule::stops_after(floor, outcome.new + outcome.changed, starts) {
            return Ok(SyncEnd::Complete);
        }
        if pages >= MAX_PASS_PAGES {
            warnings.push(format!(
                "stopped listing at the safety limit of {MAX_PASS_PAGES} pages; the API kept \
                 saying there were more calls"
            ));
            return Ok(SyncEnd::Complete);
        }
        previous_ids = ids;
    }
}

fn floor_of(state: &SyncState) -> Option<i64> {
    state.extra.get(FLOOR_KEY).and_then(Value::as_i64)
}

fn set_floor(state: &mut SyncState, floor: Option<i64>) {
    match floor {
        Some(floor) => {
            state.extra.insert(FLOOR_KEY.into(), json!(floor));
        }
        None => {
            state.extra.remove(FLOOR_KEY);
        }
    }
}
