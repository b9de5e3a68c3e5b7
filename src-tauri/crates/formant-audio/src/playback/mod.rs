//! The playback engine.
//!
//! ```text
//! Player (any thread) --commands--> player thread (owns the cpal stream)
//!                                       |  starts / restarts
//!                                       v
//!            decode worker: decode -> pick channels -> time-stretch -> resample
//!                                       |  lock-free ring (~200 ms, rtrb)
//!                                       v
//!            audio callback: copy out, apply volume, count frames consumed
//! ```
//! The position comes from the frames the callback handed to the device, mapped back to the
//! recording through the run's start frame, speed and sample rates. A seek, speed or channel
//! change flushes the ring (a new generation the callback acknowledges) and restarts the worker
//! at the exact frame.
//!
//! The [`PlayerSettings`] (speed, channels, volume, mute) belong to the engine, not to a
//! recording: they carry over to every recording loaded and each change is reported as
//! [`PlayerEvent::Settings`].

mod channels;
mod device;
mod engine;
mod error;
mod resample;
mod ring;
mod settings;
mod shared;
mod stretch;
mod worker;

pub use channels::ChannelMode;
pub use error::PlaybackError;
// Also the call analysis's way to 16 kHz: one resampler in the project.
pub use resample::StreamResampler;
pub use settings::PlayerSettings;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use engine::{EngineCommand, Reply};
use shared::Shared;

/// Slowest and fastest supported playback speeds.
pub const MIN_SPEED: f32 = 0.5;
pub const MAX_SPEED: f32 = 2.0;

/// What a loaded recording is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackInfo {
    pub sample_rate: u32,
    pub channels: usize,
    pub duration_secs: f64,
}

/// What the engine reports, from its own thread.
#[derive(Debug, Clone)]
pub enum PlayerEvent {
    /// About 30 times a second while playing, and after play, pause and seek.
    Position { secs: f64, playing: bool },
    /// The recording played to its end.
    Ended,
    /// Something failed while playing (e.g. the output device went away).
    Error(PlaybackError),
    /// Whether an output device could be opened; reported when that changes.
    DeviceAvailable(bool),
    /// The settings after a change (in the order the changes were made).
    Settings(PlayerSettings),
}

/// Plays one recording at a time. Cheap to clone and share between threads; the engine thread
/// stops when the last clone is dropped.
#[derive(Clone)]
pub struct Player {
    inner: Arc<PlayerInner>,
}

struct PlayerInner {
    commands: Option<Sender<EngineCommand>>,
    shared: Arc<Shared>,
    /// The one copy of the settings; held while a change is sent, so the engine sees (and
    /// reports) changes in the order they were made.
    settings: Mutex<PlayerSettings>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

impl Drop for PlayerInner {
    fn drop(&mut self) {
        if let Some(commands) = &self.commands {
            let _ = commands.send(EngineCommand::Shutdown);
        }
        let thread = self
            .thread
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(thread) = thread {
            let _ = thread.join();
        }
    }
}

impl Player {
    /// Starts the engine with the default settings. Never fails: a missing output device shows
    /// up when playing.
    pub fn new(on_event: impl Fn(PlayerEvent) + Send + 'static) -> Player {
        Player::with_settings(PlayerSettings::default(), on_event)
    }

    /// Starts the engine with `settings` (e.g. the ones saved at the last launch).
    pub fn with_settings(
        settings: PlayerSettings,
        on_event: impl Fn(PlayerEvent) + Send + 'static,
    ) -> Player {
        let settings = settings.sanitized();
        let shared = Arc::new(Shared::new());
        shared.set_volume(settings.effective_volume());
        let (commands, thread) = match engine::spawn(shared.clone(), settings, Box::new(on_event)) {
            Ok((commands, thread)) => (Some(commands), Some(thread)),
            // Without a thread every call reports `EngineStopped`.
            Err(_) => (None, None),
        };
        Player {
            inner: Arc::new(PlayerInner {
                commands,
                shared,
                settings: Mutex::new(settings),
                thread: Mutex::new(thread),
            }),
        }
    }

    /// Opens a recording (reading its header) and makes it the current one, paused at 0.
    pub fn load(&self, path: &Path) -> Result<TrackInfo, PlaybackError> {
        self.ask(|reply| EngineCommand::Load(path.to_path_buf(), reply))
    }

    /// Starts or resumes; (re)opens the output device when none is open.
    pub fn play(&self) -> Result<(), PlaybackError> {
        self.ask(EngineCommand::Play)
    }

    pub fn pause(&self) {
        // The flag flips here so `is_playing` is right the moment this returns; the engine
        // then reports the position.
        self.inner.shared.playing.store(false, Ordering::Release);
        self.tell(EngineCommand::Pause);
    }

    /// Moves to `secs` (clamped to the recording), to the sample.
    pub fn seek(&self, secs: f64) -> Result<(), PlaybackError> {
        self.ask(|reply| EngineCommand::Seek(secs, reply))
    }

    /// Stops and unloads the recording.
    pub fn stop(&self) {
        self.inner.shared.playing.store(false, Ordering::Release);
        self.tell(EngineCommand::Stop);
    }

    /// The settings every recording plays with.
    pub fn settings(&self) -> PlayerSettings {
        *self.lock_settings()
    }

    /// 0.0 to 1.0 (clamped; not a number counts as 0); takes effect within one audio buffer.
    /// Muting is separate (`set_muted`) and keeps this volume.
    pub fn set_volume(&self, volume: f32) {
        let volume = if volume.is_finite() {
            volume.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let _ = self.change(|s| s.volume = volume);
    }

    pub fn set_muted(&self, muted: bool) {
        let _ = self.change(|s| s.muted = muted);
    }

    /// 0.5× to 2×, pitch preserved.
    pub fn set_speed(&self, speed: f32) -> Result<(), PlaybackError> {
        if !(MIN_SPEED..=MAX_SPEED).contains(&speed) {
            return Err(PlaybackError::InvalidSpeed(speed));
        }
        self.change(|s| s.speed = speed)
    }

    pub fn set_channel_mode(&self, mode: ChannelMode) {
        let _ = self.change(|s| s.channel_mode = mode);
    }

    /// Applies a change: the volume at once (the callback reads it), speed and channels through
    /// the engine, which then reports the new settings.
    fn change(&self, edit: impl FnOnce(&mut PlayerSettings)) -> Result<(), PlaybackError> {
        let mut settings = self.lock_settings();
        edit(&mut settings);
        self.inner.shared.set_volume(settings.effective_volume());
        self.send(EngineCommand::Apply(*settings))
    }

    fn lock_settings(&self) -> std::sync::MutexGuard<'_, PlayerSettings> {
        // Plain data, consistent after any panic.
        self.inner
            .settings
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Seconds into the recording of the sample the device is playing.
    pub fn position_secs(&self) -> f64 {
        self.inner.shared.position_secs()
    }

    pub fn is_playing(&self) -> bool {
        self.inner.shared.playing.load(Ordering::Acquire)
    }

    fn send(&self, command: EngineCommand) -> Result<(), PlaybackError> {
        self.inner
            .commands
            .as_ref()
            .ok_or(PlaybackError::EngineStopped)?
            .send(command)
            .map_err(|_| PlaybackError::EngineStopped)
    }

    fn tell(&self, command: EngineCommand) {
        // Fire-and-forget commands have nothing to report when the engine is gone.
        let _ = self.send(command);
    }

    fn ask<T>(&self, command: impl FnOnce(Reply<T>) -> EngineCommand) -> Result<T, PlaybackError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.send(command(reply))?;
        answer.recv().map_err(|_| PlaybackError::EngineStopped)?
    }
}
