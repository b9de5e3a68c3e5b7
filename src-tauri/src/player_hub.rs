//! The one player of the app, and the UI channel its events go to. Its settings are saved
//! whenever the engine reports a change, and the next launch starts from them.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use formant_audio::playback::{Player, PlayerEvent, PlayerSettings};
use serde::Serialize;
use tauri::ipc::Channel;

use crate::ipc_error::{ErrorKind, IpcError};
use crate::player_settings::{self, SettingsWriter};

/// What the UI receives (see the IPC contract's `PlayerEvent`).
#[derive(Clone, Serialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(rename = "PlayerEvent")]
pub enum PlayerEventView {
    Position {
        secs: f64,
        playing: bool,
    },
    Ended,
    Error {
        error: IpcError,
    },
    Device {
        available: bool,
        message: Option<String>,
    },
    /// What the engine now plays with (after any change, from whichever call view).
    Settings {
        settings: PlayerSettings,
    },
}

impl From<PlayerEvent> for PlayerEventView {
    fn from(event: PlayerEvent) -> Self {
        match event {
            PlayerEvent::Position { secs, playing } => Self::Position { secs, playing },
            PlayerEvent::Ended => Self::Ended,
            PlayerEvent::Error(e) => Self::Error {
                error: IpcError::new(ErrorKind::Audio, e.to_string()),
            },
            PlayerEvent::DeviceAvailable(available) => Self::Device {
                available,
                message: (!available).then(|| "No audio output device is available.".to_owned()),
            },
            PlayerEvent::Settings(settings) => Self::Settings { settings },
        }
    }
}

type Subscriber = Arc<Mutex<Option<Channel<PlayerEventView>>>>;

pub struct PlayerHub {
    pub player: Player,
    subscriber: Subscriber,
}

impl PlayerHub {
    /// Starts the player from the settings saved at `settings_path` (see `player_settings`).
    pub fn new(settings_path: PathBuf) -> Self {
        let subscriber: Subscriber = Arc::default();
        let sink = subscriber.clone();
        let saved = player_settings::load(&settings_path);
        let writer = SettingsWriter::start(settings_path);
        let player = Player::with_settings(saved, move |event| {
            if let PlayerEvent::Settings(settings) = &event {
                writer.write(*settings);
            }
            let channel = sink.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if let Some(channel) = channel {
                // A closed window just stops listening; playback itself is unaffected.
                let _ = channel.send(PlayerEventView::from(event));
            }
        });
        Self { player, subscriber }
    }

    /// The newest subscriber wins: a reloaded window takes over the events.
    pub fn subscribe(&self, channel: Channel<PlayerEventView>) {
        *self.subscriber.lock().unwrap_or_else(|p| p.into_inner()) = Some(channel);
    }
}
