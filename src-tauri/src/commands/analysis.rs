//! Call analysis of the open call: measured from its downloaded recording (formant-analysis),
//! with the transcript's turn times to tell the sides apart.

use std::collections::VecDeque;
use std::sync::Mutex;

use formant_analysis::Channel as AudioChannel;
use formant_analysis::{analyze_path, AnalysisError, AnalysisOptions, CallAnalysis};
use tauri::AppHandle;

use super::conversations::{active_conversation, Source};
use super::guard::{active_client, blocking, guarded};
use crate::background_analysis::BackgroundAnalysis;
use crate::ipc_error::{ErrorKind, IpcError, IpcResult};
use crate::library::{figures_of, library_key};

/// The analysis of call `id`, whose recording `open_recording` has downloaded. Runs on the
/// blocking pool (a 4-minute call takes a fraction of a second); the last few results are
/// kept, so reopening a call shows its marks at once.
#[tauri::command]
pub async fn analyze_call(app: AppHandle, id: String) -> IpcResult<CallAnalysis> {
    guarded(async {
        let base_url = active_client(&app).await?.base_url().to_owned();
        let conversation = active_conversation(&app, &id, Source::LibraryFirst).await?;
        blocking(&app, move |state| {
            let path = state.cache.lookup(&base_url, &id).ok_or_else(|| {
                IpcError::new(
                    ErrorKind::NotFound,
                    "The recording is not downloaded yet: the analysis starts once it is.",
                )
            })?;
            let account_id = state.accounts.active_id();
            let agent_channel = account_id
                .as_ref()
                .and_then(|account| state.agent_channels.get(account));
            let key = (base_url, id.clone(), agent_channel);
            let analysis = match state.analyses.get(&key) {
                Some(found) => found,
                None => {
                    let turns = conversation.transcript.unwrap_or_default();
                    let options = AnalysisOptions {
                        agent_channel,
                        ..AnalysisOptions::default()
                    };
                    let analysis = analyze_path(&path, &turns, &options).map_err(analysis_error)?;
                    state.analyses.put(key, analysis.clone());
                    analysis
                }
            };
            // Into the library, by its own thread (the answer does not wait on a write); also
            // for a result kept from before the call was synced.
            if let Some(identity) = account_id.and_then(|a| state.accounts.identity(&a).ok()) {
                state
                    .analysis_worker
                    .store(library_key(&identity), id, figures_of(&analysis));
            }
            Ok(analysis)
        })
        .await
    })
    .await
}

/// Which channel is the agent's on the active account's two-channel recordings: `None` lets
/// each call decide (from the transcript, else left). Kept across launches.
#[tauri::command]
pub async fn set_agent_channel(app: AppHandle, channel: Option<AudioChannel>) -> IpcResult<()> {
    blocking(&app, move |state| {
        let account = state
            .accounts
            .active_id()
            .ok_or_else(IpcError::no_account)?;
        state.agent_channels.set(&account, channel)?;
        // The account's stored figures may have been made under the old setting.
        state.analysis_worker.wake();
        Ok(())
    })
    .await
}

/// Which calls the app analyses by itself (only opened ones, or every downloaded recording).
#[tauri::command]
pub async fn background_analysis(app: AppHandle) -> IpcResult<BackgroundAnalysis> {
    blocking(&app, |state| Ok(state.background_analysis.get())).await
}

/// Sets (and keeps across launches) which calls the app analyses by itself.
#[tauri::command]
pub async fn set_background_analysis(app: AppHandle, mode: BackgroundAnalysis) -> IpcResult<()> {
    blocking(&app, move |state| {
        state.background_analysis.set(mode)?;
        state.analysis_worker.wake();
        Ok(())
    })
    .await
}

fn analysis_error(e: AnalysisError) -> IpcError {
    let kind = match e {
        AnalysisError::Decode(_) | AnalysisError::UnsupportedChannels(_) => ErrorKind::BadResponse,
        _ => ErrorKind::Audio,
    };
    IpcError::new(kind, crate::library::sentence(&e.to_string()))
}

/// What an analysis depends on: the account's base URL, the call, the agent channel setting.
type AnalysisKey = (String, String, Option<AudioChannel>);

/// The analyses of the last few calls opened.
#[derive(Default)]
pub struct RecentAnalyses {
    recent: Mutex<VecDeque<(AnalysisKey, CallAnalysis)>>,
}

/// Enough for going back and forth between the calls of a review session.
const KEPT: usize = 32;

impl RecentAnalyses {
    fn get(&self, key: &AnalysisKey) -> Option<CallAnalysis> {
        let recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, a)| a.clone())
    }

    fn put(&self, key: AnalysisKey, analysis: CallAnalysis) {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        recent.retain(|(k, _)| *k != key);
        recent.push_front((key, analysis));
        recent.truncate(KEPT);
    }
}
