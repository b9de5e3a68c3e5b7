//! The one player of the app, and the UI channel its events go to.

use std::sync::{Arc, Mutex};

use formant_audio::playback::{Player, PlayerEvent};
use serde::Serialize;
use tauri::ipc::Channel;

use crate::ipc_error::{ErrorKind, IpcError};

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
        }
    }
}

type Subscriber = Arc<Mutex<Option<Channel<PlayerEventView>>>>;

pub struct PlayerHub {
    pub player: Player,
    subscriber: Subscriber,
}

impl PlayerHub {
    pub fn new() -> Self {
        let subscriber: Subscriber = Arc::default();
        let sink = subscriber.clone();
        let player = Player::new(move |event| {
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
