// The app's IPC commands, listed once. (Plain `//` comments: `build.rs` `include!`s this file.)
//
// Each line is a command's wire signature: its module under `src/commands/`, its name, the
// arguments the webview passes (as named in Rust; Tauri takes them camelCased, `apiKey`) and
// what it resolves to (the `Ok` type; every command rejects with an `IpcError`). Arguments Tauri
// injects (`State`, `AppHandle`, windows) are not listed.
//
// From this list:
// - `lib.rs` registers the handlers (`tauri::generate_handler!`),
// - `build.rs` generates each command's permission and the `allow-app-commands` set that
//   `capabilities/main.json` grants,
// - the `contract` test generates `ui/src/bindings/commands.ts` (the UI's `CommandMap`) and the
//   TypeScript of every type named here, and checks each line against the function's real
//   signature in `src/commands/` (names and types), so the list cannot drift from the code.
//
// `ipc_commands!(then)` calls the macro `then!` with the list.
macro_rules! ipc_commands {
    ($then:ident) => {
        $then! {
            accounts::get_accounts() -> AccountsState;
            accounts::add_account(name: String, region: Region, api_key: String) -> AccountsState;
            accounts::update_account(id: String, name: Option<String>, api_key: Option<String>) -> AccountsState;
            accounts::remove_account(id: String) -> AccountsState;
            accounts::set_active_account(id: String) -> AccountsState;
            accounts::start_demo() -> AccountsState;
            conversations::list_conversations(agent_id: Option<i64>, limit: u32, offset: u64) -> ConversationPage;
            conversations::load_all_conversations(task_id: String, agent_id: Option<i64>, on_event: Channel<LoadAllEvent>) -> LoadAllResult;
            conversations::cancel_task(task_id: String) -> ();
            conversations::get_conversation(id: String) -> Conversation;
            export::export_options(id: String) -> ExportOptions;
            export::export_transcript(id: String, format: ExportFormat) -> SaveOutcome;
            recordings::open_recording(id: String, on_event: Channel<RecordingEvent>) -> RecordingInfo;
            recordings::save_recording(id: String) -> SaveOutcome;
            recordings::recording_cache_info() -> CacheInfo;
            recordings::clear_recording_cache() -> CacheInfo;
            analysis::analyze_call(id: String) -> CallAnalysis;
            analysis::set_agent_channel(channel: Option<AudioChannel>) -> ();
            analysis::background_analysis() -> BackgroundAnalysis;
            analysis::set_background_analysis(mode: BackgroundAnalysis) -> ();
            logs::open_logs_folder() -> PathBuf;
            library::library_status() -> LibraryStatus;
            library::library_subscribe(on_event: Channel<LibraryStatus>) -> ();
            library::library_sync(account_id: String) -> ();
            library::library_pause_sync(account_id: String, paused: bool) -> ();
            library::library_rebuild() -> LibraryStatus;
            library::library_list(account_id: String, filter: Filter, sort: Sort, offset: u64, limit: u32) -> ListWindow;
            library::library_search(account_ids: Vec<String>, text: String, filter: Filter, limit: u32) -> LibrarySearchResults;
            library::library_triage(account_ids: Vec<String>, by: TriageBy, filter: Filter, utc_offset_minutes: i32) -> Triage;
            library::library_latency(account_ids: Vec<String>, by: TriageBy, filter: Filter, utc_offset_minutes: i32) -> LatencyTriage;
            library::library_timeline(account_ids: Vec<String>, bucket: TimelineBucket, filter: Filter, utc_offset_minutes: i32) -> Timeline;
            library::library_export(task_id: String, account_ids: Vec<String>, filter: Filter, picked: Option<Picked>, destination: BulkDestination, format: ExportFormat, on_event: Channel<BulkExportProgress>) -> BulkExportOutcome;
            player::player_subscribe(on_event: Channel<PlayerEventView>) -> ();
            player::player_play() -> ();
            player::player_pause() -> ();
            player::player_seek(secs: f64) -> ();
            player::player_settings() -> PlayerSettings;
            player::player_set_muted(muted: bool) -> ();
            player::player_set_volume(volume: f32) -> ();
            player::player_set_speed(speed: f32) -> ();
            player::player_set_channel_mode(mode: ChannelMode) -> ();
        }
    };
}
