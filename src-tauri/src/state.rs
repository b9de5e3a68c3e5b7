//! Everything the commands share, managed by tauri.

use formant_sandbox::Sandbox;

use crate::accounts::Accounts;
use crate::commands::analysis::RecentAnalyses;
use crate::first_page::FirstPage;
use crate::library::Library;
use crate::player_hub::PlayerHub;
use crate::recordings::RecordingCache;
use crate::tasks::Tasks;

pub struct AppState {
    pub accounts: Accounts,
    pub tasks: Tasks,
    pub first_page: FirstPage,
    pub cache: RecordingCache,
    pub player: PlayerHub,
    /// The local library of every synced call (works without it: see `library`).
    pub library: Library,
    /// The last few call analyses (see `commands::analysis`).
    pub analyses: RecentAnalyses,
    /// Per account: which channel is the agent's, when the user said so.
    pub agent_channels: crate::agent_channels::AgentChannels,
    /// Which calls are analysed by themselves (see `background_analysis`).
    pub background_analysis: crate::background_analysis::BackgroundAnalysisSetting,
    /// The one writer of call figures, and the background analysis.
    pub analysis_worker: crate::library::AnalysisWorker,
    /// The demo's local sandbox, once started; kept alive for the app's lifetime.
    pub demo: tokio::sync::Mutex<Option<Sandbox>>,
}
