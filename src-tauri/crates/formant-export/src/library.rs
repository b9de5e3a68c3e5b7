//! The library's calls into an export: what `formant export` and the app's bulk export both
//! run, so a filter exports the same files from either.

use std::collections::{HashMap, HashSet};

use formant_library::{AccountInfo, AccountRef, Filter, LibraryError, Picked, Store, StoredCall};

use crate::{BulkExport, BulkExportError, CallRecord, CancelFlag, ExportOptions, ExportSummary};
use crate::{Progress, Stage};

/// Why an export of the library stopped: reading the store, or writing the export.
#[derive(Debug, thiserror::Error)]
pub enum LibraryExportError {
    #[error(transparent)]
    Library(#[from] LibraryError),
    #[error(transparent)]
    Export(#[from] BulkExportError),
}

/// Exports the calls of `filter` from `store` (each with its account's name and region). The
/// store reads them in batches, so memory stays flat; `options.total` is set from the count.
/// On any error or a cancel, the target is as it was. Ids picked one by one that the store
/// does not give are listed in the summary's `not_found`, not dropped without a word.
pub fn export_library(
    store: &Store,
    filter: &Filter,
    mut options: ExportOptions,
    report: &mut dyn FnMut(Progress),
    cancel: &CancelFlag,
) -> Result<ExportSummary, LibraryExportError> {
    options.total = Some(store.count(filter)?);
    let mut export = BulkExport::create(&options)?;
    let mut accounts: HashMap<AccountRef, Option<AccountInfo>> = HashMap::new();
    let mut failure: Option<LibraryExportError> = None;
    let mut unseen: HashSet<&str> = match &filter.picked {
        Some(Picked::Only { ids }) => ids.iter().map(String::as_str).collect(),
        _ => HashSet::new(),
    };
    store.visit_calls(filter, |call: StoredCall| {
        if cancel.is_cancelled() {
            return false;
        }
        unseen.remove(call.conversation_id.as_str());
        let account = accounts
            .entry(call.account)
            .or_insert_with(|| store.account_info(call.account).ok());
        let figures = match store.figures(call.account, &call.conversation_id) {
            Ok(figures) => figures,
            Err(e) => {
                failure = Some(e.into());
                return false;
            }
        };
        let mut record = CallRecord::from_json(call.api_json().clone())
            .with_recording(call.has_recording)
            .with_figures(figures.as_ref());
        if let Some(info) = account {
            record = record.with_account(info.label.clone(), info.region.clone());
        }
        match export.add(record) {
            Ok(()) => {
                report(Progress {
                    stage: Stage::Calls,
                    done: export.calls(),
                    total: options.total,
                });
                true
            }
            Err(e) => {
                failure = Some(e.into());
                false
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    if cancel.is_cancelled() {
        return Err(BulkExportError::Cancelled.into());
    }
    let not_found = not_found(filter, &unseen);
    let mut summary = export.finish(report, cancel)?;
    summary.not_found = not_found;
    Ok(summary)
}

/// The picked ids left unseen, in the order they were asked for (each once).
fn not_found(filter: &Filter, unseen: &HashSet<&str>) -> Vec<String> {
    let Some(Picked::Only { ids }) = &filter.picked else {
        return Vec::new();
    };
    let mut listed = HashSet::new();
    ids.iter()
        .filter(|id| unseen.contains(id.as_str()) && listed.insert(id.as_str()))
        .cloned()
        .collect()
}
