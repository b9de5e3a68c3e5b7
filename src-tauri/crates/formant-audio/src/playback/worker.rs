//! The decode worker: decode, pick channels, time-stretch, resample, and keep the ring full.

use std::sync::atomic::Ordering;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rtrb::Producer;

use super::channels::{self, ChannelMode};
use super::engine::EngineCommand;
use super::error::PlaybackError;
use super::resample::StreamResampler;
use super::shared::Shared;
use super::stretch::TimeStretcher;
use crate::decode::Decoder;

/// Source frames decoded per step: small enough to keep the ring topped up smoothly.
const DECODE_FRAMES: usize = 512;
/// How long the worker naps when the ring is full or the recording is done.
const IDLE_WAIT: Duration = Duration::from_millis(5);
/// A flush the callback does not acknowledge in this time means the stream is stuck; the worker
/// goes on rather than hanging (the engine hears about a dead stream separately).
const ACK_TIMEOUT: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Start {
    pub frame: u64,
    pub speed: f64,
    pub mode: ChannelMode,
}

pub(crate) enum WorkerCommand {
    Restart(Start),
    Shutdown,
}

pub(crate) struct WorkerSetup {
    pub decoder: Decoder,
    pub producer: Producer<f32>,
    pub shared: Arc<Shared>,
    pub output_rate: u32,
    pub output_channels: usize,
    pub start: Start,
    pub commands: Receiver<WorkerCommand>,
    pub report: Sender<EngineCommand>,
}

pub(crate) fn spawn(setup: WorkerSetup) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("formant-audio-decode".into())
        .spawn(move || run(setup))
}

fn run(setup: WorkerSetup) {
    let WorkerSetup {
        decoder,
        mut producer,
        shared,
        output_rate,
        output_channels,
        start,
        commands,
        report,
    } = setup;
    let mut pipeline = Pipeline::new(decoder, output_rate, output_channels);
    if let Err(err) = pipeline.restart(start) {
        let _ = report.send(EngineCommand::WorkerFailed(err));
        pipeline.done = true;
    }
    loop {
        let idle = pipeline.is_drained() || producer.slots() < output_channels;
        let command = if idle {
            commands.recv_timeout(IDLE_WAIT)
        } else {
            commands.try_recv().map_err(|err| match err {
                std::sync::mpsc::TryRecvError::Empty => RecvTimeoutError::Timeout,
                std::sync::mpsc::TryRecvError::Disconnected => RecvTimeoutError::Disconnected,
            })
        };
        match command {
            Ok(WorkerCommand::Restart(start)) => {
                flush_ring(&shared);
                shared.pushed.store(0, Ordering::Release);
                shared.source_done.store(false, Ordering::Release);
                if let Err(err) = pipeline.restart(start) {
                    let _ = report.send(EngineCommand::WorkerFailed(err));
                    pipeline.done = true;
                }
                shared.restarting.store(false, Ordering::Release);
            }
            Ok(WorkerCommand::Shutdown) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
        pipeline.push_queued(&mut producer, &shared);
        if !shared.primed.load(Ordering::Acquire)
            && (producer.slots() <= producer.buffer().capacity() / 2 || pipeline.is_drained())
        {
            shared.primed.store(true, Ordering::Release);
        }
        if pipeline.queue_is_empty() && !pipeline.done {
            if let Err(err) = pipeline.produce() {
                let _ = report.send(EngineCommand::WorkerFailed(err));
                pipeline.done = true;
            }
        }
        if pipeline.is_drained() && !shared.source_done.load(Ordering::Acquire) {
            shared.source_done.store(true, Ordering::Release);
        }
    }
}

/// Asks the callback to drop the ring's contents and waits until it has.
fn flush_ring(shared: &Shared) {
    shared.primed.store(false, Ordering::Release);
    let generation = shared.generation.fetch_add(1, Ordering::AcqRel) + 1;
    let deadline = Instant::now() + ACK_TIMEOUT;
    while shared.acked_generation.load(Ordering::Acquire) < generation && Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(1));
    }
}

struct Pipeline {
    decoder: Decoder,
    source_channels: usize,
    source_rate: u32,
    output_rate: u32,
    output_channels: usize,
    mode: ChannelMode,
    stretcher: Option<TimeStretcher>,
    resampler: Option<StreamResampler>,
    decoded: Vec<f32>,
    selected: Vec<Vec<f32>>,
    stretched: Vec<Vec<f32>>,
    resampled: Vec<Vec<f32>>,
    /// Interleaved output waiting for room in the ring, and how much of it went already.
    queue: Vec<f32>,
    queue_sent: usize,
    done: bool,
}

impl Pipeline {
    fn new(decoder: Decoder, output_rate: u32, output_channels: usize) -> Pipeline {
        let info = *decoder.info();
        Pipeline {
            decoder,
            source_channels: info.channels,
            source_rate: info.sample_rate,
            output_rate,
            output_channels,
            mode: ChannelMode::Both,
            stretcher: None,
            resampler: None,
            decoded: vec![0.0; DECODE_FRAMES * info.channels],
            selected: Vec::new(),
            stretched: Vec::new(),
            resampled: Vec::new(),
            queue: Vec::new(),
            queue_sent: 0,
            done: false,
        }
    }

    fn restart(&mut self, start: Start) -> Result<(), PlaybackError> {
        self.mode = start.mode;
        let program = channels::program_channels(self.source_channels, start.mode);
        self.selected = vec![Vec::new(); program];
        self.stretched = vec![Vec::new(); program];
        self.resampled = vec![Vec::new(); program];
        self.queue.clear();
        self.queue_sent = 0;
        self.done = false;
        self.resampler = if self.source_rate == self.output_rate {
            None
        } else {
            Some(StreamResampler::new(
                self.source_rate,
                self.output_rate,
                program,
            )?)
        };
        if (start.speed - 1.0).abs() < 1e-6 {
            self.stretcher = None;
            self.decoder.seek(start.frame)?;
            return Ok(());
        }
        // Prime the stretcher with the audio around the start point, so its first output frame
        // is the start point rather than a fade-in from silence.
        let mut stretcher = TimeStretcher::new(program, self.source_rate);
        let preroll = stretcher.preroll_frames() as u64;
        let from = start.frame.saturating_sub(preroll);
        self.decoder.seek(from)?;
        let mut primer = vec![vec![0.0f32; (preroll - (start.frame - from)) as usize]; program];
        let mut wanted = (start.frame - from) as usize + stretcher.lookahead_frames();
        while wanted > 0 {
            let chunk = wanted.min(DECODE_FRAMES);
            let frames = self
                .decoder
                .read(&mut self.decoded[..chunk * self.source_channels])?;
            if frames == 0 {
                break;
            }
            channels::select(
                &self.decoded[..frames * self.source_channels],
                self.source_channels,
                self.mode,
                &mut primer,
            );
            wanted -= frames;
        }
        stretcher.start(&primer, start.speed);
        self.stretcher = Some(stretcher);
        Ok(())
    }

    /// Decodes one block and queues its output; at the end, queues what the stages still hold.
    fn produce(&mut self) -> Result<(), PlaybackError> {
        for buffer in self
            .selected
            .iter_mut()
            .chain(self.stretched.iter_mut())
            .chain(self.resampled.iter_mut())
        {
            buffer.clear();
        }
        let frames = self.decoder.read(&mut self.decoded)?;
        let ended = frames == 0;
        channels::select(
            &self.decoded[..frames * self.source_channels],
            self.source_channels,
            self.mode,
            &mut self.selected,
        );
        match self.stretcher.as_mut() {
            Some(stretcher) => {
                stretcher.process(&self.selected, frames, &mut self.stretched);
                if ended {
                    stretcher.finish(&mut self.stretched);
                }
            }
            None => std::mem::swap(&mut self.selected, &mut self.stretched),
        }
        let stretched_frames = self.stretched.first().map_or(0, Vec::len);
        match self.resampler.as_mut() {
            Some(resampler) => {
                resampler.process(&self.stretched, stretched_frames, &mut self.resampled)?;
                if ended {
                    resampler.finish(&mut self.resampled)?;
                }
            }
            None => std::mem::swap(&mut self.stretched, &mut self.resampled),
        }
        let out_frames = self.resampled.first().map_or(0, Vec::len);
        self.queue.clear();
        self.queue_sent = 0;
        channels::interleave(
            &self.resampled,
            out_frames,
            self.output_channels,
            &mut self.queue,
        );
        self.done = ended;
        Ok(())
    }

    /// Moves as many whole queued frames into the ring as fit.
    fn push_queued(&mut self, producer: &mut Producer<f32>, shared: &Shared) {
        let remaining = self.queue.len() - self.queue_sent;
        let room = producer.slots() / self.output_channels * self.output_channels;
        let n = remaining.min(room);
        if n == 0 {
            return;
        }
        if let Ok(chunk) = producer.write_chunk_uninit(n) {
            let written = chunk.fill_from_iter(
                self.queue[self.queue_sent..self.queue_sent + n]
                    .iter()
                    .copied(),
            );
            self.queue_sent += written;
            shared
                .pushed
                .fetch_add((written / self.output_channels) as u64, Ordering::AcqRel);
        }
    }

    fn queue_is_empty(&self) -> bool {
        self.queue_sent >= self.queue.len()
    }

    fn is_drained(&self) -> bool {
        self.done && self.queue_is_empty()
    }
}
