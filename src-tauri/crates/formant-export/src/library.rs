//! The library's calls into an export: what `formant export` and the app's bulk export both
//! run, so a filter exports the same files from either.

use std::collections::HashMap;

use formant_library::{AccountInfo, AccountRef, Filter, LibraryError, Store, StoredCall};

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
/// On any error or a cancel, the target is as it was.
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
    let mut failure: Option<BulkExportError> = None;
    store.visit_calls(filter, |call: StoredCall| {
        if cancel.is_cancelled() {
            return false;
        }
        let account = accounts
            .entry(call.account)
            .or_insert_with(|| store.account_info(call.account).ok());
        let mut record = CallRecord::from_json(call.api_json().clone());
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
                failure = Some(e);
                false
            }
        }
    })?;
    if let Some(e) = failure {
        return Err(e.into());
    }
    if cancel.is_cancelled() {
        return Err(BulkExportError::Cancelled.into());
    }
    Ok(export.finish(report, cancel)?)
}
