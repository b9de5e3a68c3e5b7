//! The player thread: owns the cpal stream (which cannot leave its thread), answers the
//! [`Player`](super::Player)'s commands, and reports position, end and failures.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rtrb::RingBuffer;

use super::channels::ChannelMode;
use super::device;
use super::error::PlaybackError;
use super::ring::RingReader;
use super::settings::PlayerSettings;
use super::shared::{Clock, Shared};
use super::worker::{self, Start, WorkerCommand, WorkerSetup};
use super::{PlayerEvent, TrackInfo};
use crate::decode::{self, AudioInfo};

/// Position events while playing: ~30 per second.
const TICK: Duration = Duration::from_millis(33);
/// Audio queued between the worker and the callback.
const RING_SECONDS: f64 = 0.2;
/// How long the stream keeps running after the callback took the last frame. The device still
/// holds its buffer's worth of audio then (PulseAudio's ALSA plugin: about 100 ms), and
/// stopping the stream drops it: the last words of every call were cut off before this.
const DEVICE_TAIL: Duration = Duration::from_millis(300);

pub(crate) type Reply<T> = SyncSender<Result<T, PlaybackError>>;

pub(crate) enum EngineCommand {
    Load(PathBuf, Reply<TrackInfo>),
    Play(Reply<()>),
    Pause,
    Seek(f64, Reply<()>),
    Stop,
    /// New settings: speed or channels restart the pipeline where it is; all are reported.
    Apply(PlayerSettings),
    StreamFailed(String),
    WorkerFailed(PlaybackError),
    Shutdown,
}

struct Track {
    path: PathBuf,
    info: AudioInfo,
}

/// A running stream and its worker; dropping it stops both.
struct ActiveOutput {
    stream: Option<cpal::Stream>,
    worker_tx: Sender<WorkerCommand>,
    worker: Option<JoinHandle<()>>,
    output_rate: u32,
    /// When the callback took the recording's last frame (see `DEVICE_TAIL`).
    drained_at: Option<Instant>,
}

impl Drop for ActiveOutput {
    fn drop(&mut self) {
        // The stream goes first so the callback stops before the worker does.
        drop(self.stream.take());
        let _ = self.worker_tx.send(WorkerCommand::Shutdown);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

pub(crate) struct Engine {
    shared: Arc<Shared>,
    commands: Receiver<EngineCommand>,
    to_self: Sender<EngineCommand>,
    on_event: Box<dyn Fn(PlayerEvent) + Send>,
    track: Option<Track>,
    output: Option<ActiveOutput>,
    speed: f64,
    mode: ChannelMode,
    device_available: Option<bool>,
}

pub(crate) fn spawn(
    shared: Arc<Shared>,
    settings: PlayerSettings,
    on_event: Box<dyn Fn(PlayerEvent) + Send>,
) -> std::io::Result<(Sender<EngineCommand>, JoinHandle<()>)> {
    let (tx, rx) = mpsc::channel();
    let engine = Engine {
        shared,
        commands: rx,
        to_self: tx.clone(),
        on_event,
        track: None,
        output: None,
        speed: f64::from(settings.speed),
        mode: settings.channel_mode,
        device_available: None,
    };
    let handle = std::thread::Builder::new()
        .name("formant-audio-player".into())
        .spawn(move || engine.run())?;
    Ok((tx, handle))
}

impl Engine {
    fn run(mut self) {
        loop {
            match self.commands.recv_timeout(TICK) {
                Ok(EngineCommand::Shutdown) | Err(RecvTimeoutError::Disconnected) => {
                    self.output = None;
                    return;
                }
                Ok(command) => self.handle(command),
                Err(RecvTimeoutError::Timeout) => {}
            }
            self.tick();
        }
    }

    fn handle(&mut self, command: EngineCommand) {
        match command {
            EngineCommand::Load(path, reply) => {
                let _ = reply.send(self.load(path));
            }
            EngineCommand::Play(reply) => {
                let _ = reply.send(self.play());
            }
            EngineCommand::Pause => {
                self.shared.playing.store(false, Ordering::Release);
                self.emit_position();
            }
            EngineCommand::Seek(secs, reply) => {
                let _ = reply.send(self.seek(secs));
            }
            EngineCommand::Stop => {
                self.output = None;
                self.track = None;
                self.shared.playing.store(false, Ordering::Release);
                *self.shared.clock() = None;
            }
            EngineCommand::Apply(settings) => {
                let speed = f64::from(settings.speed);
                if speed != self.speed || settings.channel_mode != self.mode {
                    self.speed = speed;
                    self.mode = settings.channel_mode;
                    self.restart_here();
                }
                (self.on_event)(PlayerEvent::Settings(settings));
            }
            EngineCommand::StreamFailed(message) => {
                if self.output.is_some() {
                    self.release_output();
                    self.set_device_available(false);
                    (self.on_event)(PlayerEvent::Error(PlaybackError::DeviceLost(message)));
                }
            }
            EngineCommand::WorkerFailed(err) => {
                (self.on_event)(PlayerEvent::Error(err));
            }
            EngineCommand::Shutdown => {}
        }
    }

    fn tick(&mut self) {
        if !self.shared.playing.load(Ordering::Acquire) {
            return;
        }
        let drained = self.shared.drained_to_end();
        if let Some(output) = self.output.as_mut() {
            if !drained {
                output.drained_at = None;
            } else if output.drained_at.get_or_insert_with(Instant::now).elapsed() < DEVICE_TAIL {
                // The device is still playing its buffer.
                self.emit_position();
                return;
            }
        }
        if drained {
            self.release_output();
            (self.on_event)(PlayerEvent::Ended);
            return;
        }
        self.emit_position();
    }

    fn load(&mut self, path: PathBuf) -> Result<TrackInfo, PlaybackError> {
        let decoder = decode::open(&path)?;
        let info = *decoder.info();
        self.output = None;
        self.shared.playing.store(false, Ordering::Release);
        self.reset_clock(0, &info);
        self.track = Some(Track { path, info });
        Ok(TrackInfo {
            sample_rate: info.sample_rate,
            channels: info.channels,
            duration_secs: info.duration_secs.unwrap_or(0.0),
        })
    }

    fn play(&mut self) -> Result<(), PlaybackError> {
        let track = self.track.as_ref().ok_or(PlaybackError::NotLoaded)?;
        if self.output.is_none() {
            let mut frame = self.shared.position_frame().unwrap_or(0);
            if track.info.frames.is_some_and(|total| frame >= total) {
                frame = 0;
            }
            let opened = self.open_output(frame);
            self.set_device_available(opened.is_ok());
            self.output = Some(opened?);
        }
        self.shared.playing.store(true, Ordering::Release);
        self.emit_position();
        Ok(())
    }

    /// Opens the device, builds the ring, starts the worker at `frame` and then the stream.
    fn open_output(&mut self, frame: u64) -> Result<ActiveOutput, PlaybackError> {
        let track = self.track.as_ref().ok_or(PlaybackError::NotLoaded)?;
        let device = device::default_output()?;
        let output_rate = device.sample_rate();
        let output_channels = device.channels();
        let decoder = decode::open(&track.path)?;
        let info = track.info;
        let capacity =
            ((f64::from(output_rate) * RING_SECONDS) as usize).max(256) * output_channels;
        let (producer, consumer) = RingBuffer::new(capacity);

        self.shared.restarting.store(false, Ordering::Release);
        self.shared.primed.store(false, Ordering::Release);
        self.shared.consumed.store(0, Ordering::Release);
        self.shared.pushed.store(0, Ordering::Release);
        self.shared.source_done.store(false, Ordering::Release);
        *self.shared.clock() = Some(Clock {
            base_frame: frame,
            source_per_output: self.speed * f64::from(info.sample_rate) / f64::from(output_rate),
            source_rate: info.sample_rate,
            total_frames: info.frames,
        });

        let (worker_tx, worker_rx) = mpsc::channel();
        let worker = worker::spawn(WorkerSetup {
            decoder,
            producer,
            shared: self.shared.clone(),
            output_rate,
            output_channels,
            start: Start {
                frame,
                speed: self.speed,
                mode: self.mode,
            },
            commands: worker_rx,
            report: self.to_self.clone(),
        })
        .map_err(|err| PlaybackError::NoOutputDevice(format!("cannot start decoding: {err}")))?;
        let mut output = ActiveOutput {
            stream: None,
            worker_tx,
            worker: Some(worker),
            output_rate,
            drained_at: None,
        };
        let reader = RingReader::new(consumer, self.shared.clone(), output_channels);
        let failures = self.to_self.clone();
        let stream = device.start(reader, move |err| {
            let _ = failures.send(EngineCommand::StreamFailed(err.to_string()));
        })?;
        output.stream = Some(stream);
        Ok(output)
    }

    fn seek(&mut self, secs: f64) -> Result<(), PlaybackError> {
        let info = self.track.as_ref().ok_or(PlaybackError::NotLoaded)?.info;
        let secs = if secs.is_finite() { secs.max(0.0) } else { 0.0 };
        let mut frame = (secs * f64::from(info.sample_rate)).round() as u64;
        if let Some(total) = info.frames {
            frame = frame.min(total);
        }
        self.restart_at(frame);
        self.emit_position();
        Ok(())
    }

    fn restart_here(&mut self) {
        if let Some(frame) = self.shared.position_frame() {
            self.restart_at(frame);
        }
    }

    /// Moves playback to `frame`: through the worker when a stream runs, else just the clock.
    fn restart_at(&mut self, frame: u64) {
        let Some(info) = self.track.as_ref().map(|track| track.info) else {
            return;
        };
        match &self.output {
            Some(output) => {
                self.shared.restarting.store(true, Ordering::Release);
                *self.shared.clock() = Some(Clock {
                    base_frame: frame,
                    source_per_output: self.speed * f64::from(info.sample_rate)
                        / f64::from(output.output_rate),
                    source_rate: info.sample_rate,
                    total_frames: info.frames,
                });
                let start = Start {
                    frame,
                    speed: self.speed,
                    mode: self.mode,
                };
                if output
                    .worker_tx
                    .send(WorkerCommand::Restart(start))
                    .is_err()
                {
                    self.release_output();
                    self.reset_clock(frame, &info);
                }
            }
            None => self.reset_clock(frame, &info),
        }
    }

    /// Stops the stream and worker, keeping the position for a later `play`.
    fn release_output(&mut self) {
        let frame = self.shared.position_frame().unwrap_or(0);
        self.output = None;
        self.shared.playing.store(false, Ordering::Release);
        if let Some(info) = self.track.as_ref().map(|track| track.info) {
            self.reset_clock(frame, &info);
        }
    }

    fn reset_clock(&self, frame: u64, info: &AudioInfo) {
        self.shared.restarting.store(false, Ordering::Release);
        self.shared.consumed.store(0, Ordering::Release);
        *self.shared.clock() = Some(Clock {
            base_frame: frame,
            source_per_output: 1.0,
            source_rate: info.sample_rate,
            total_frames: info.frames,
        });
    }

    fn emit_position(&self) {
        (self.on_event)(PlayerEvent::Position {
            secs: self.shared.position_secs(),
            playing: self.shared.playing.load(Ordering::Acquire),
        });
    }

    fn set_device_available(&mut self, available: bool) {
        if self.device_available != Some(available) {
            self.device_available = Some(available);
            (self.on_event)(PlayerEvent::DeviceAvailable(available));
        }
    }
}
