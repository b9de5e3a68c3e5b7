//! One streaming pass over a recording: decode (formant-audio's reader), resample each channel
//! to 16 kHz (formant-audio's resampler), detect voice per frame. Memory stays flat in the
//! recording's length apart from the per-frame results.

use std::path::Path;
use std::sync::mpsc::{sync_channel, SyncSender};

use formant_audio::playback::StreamResampler;

use crate::vad::{ChannelVad, Frame, VAD_RATE};
use crate::AnalysisError;

/// Interleaved frames read per decoder call.
const READ_FRAMES: usize = 8192;

/// What the pass found.
pub struct Decoded {
    /// Seconds of audio actually decoded (a truncated file is shorter than its header says).
    pub duration_s: f64,
    pub frames: Vec<Vec<Frame>>,
}

/// Blocks queued per channel's detector before decoding waits for it.
const QUEUED_BLOCKS: usize = 8;

/// Each channel's detector runs on its own thread (the detector is most of the work), fed the
/// decoded 16 kHz blocks in order; decoding and resampling stay on the calling thread.
pub fn detect_voice(path: &Path) -> Result<Decoded, AnalysisError> {
    std::thread::scope(|scope| {
        let mut senders: Vec<SyncSender<Vec<f32>>> = Vec::new();
        let mut workers = Vec::new();
        let decoded = for_each_block_16k(path, |channels| {
            if senders.is_empty() {
                for _ in channels.iter() {
                    let (sender, blocks) = sync_channel::<Vec<f32>>(QUEUED_BLOCKS);
                    workers.push(scope.spawn(move || {
                        let mut vad = ChannelVad::default();
                        for block in blocks {
                            vad.push(&block);
                        }
                        vad.finish()
                    }));
                    senders.push(sender);
                }
            }
            for (sender, samples) in senders.iter().zip(channels.iter_mut()) {
                // The block moves to its detector (a fresh buffer of the same size takes its
                // place), rather than being copied.
                let block = std::mem::replace(samples, Vec::with_capacity(samples.len()));
                // A detector that is gone has panicked; its join below reports it.
                let _ = sender.send(block);
            }
        });
        // Closing the queues ends the workers.
        drop(senders);
        let frames = workers
            .into_iter()
            .map(|worker| worker.join().map_err(|_| AnalysisError::DetectorFailed))
            .collect::<Result<Vec<_>, _>>();
        Ok(Decoded {
            duration_s: decoded?,
            frames: frames?,
        })
    })
}

/// Decodes the recording at `path` and hands each block of its channels, at 16 kHz, to
/// `block` (one vector per channel, in order; `block` may take them). Returns the seconds
/// decoded. Mono and two-channel recordings only.
pub fn for_each_block_16k(
    path: &Path,
    mut block: impl FnMut(&mut [Vec<f32>]),
) -> Result<f64, AnalysisError> {
    let mut decoder = formant_audio::decode::open(path)?;
    let info = *decoder.info();
    let channels = info.channels;
    if !(1..=2).contains(&channels) {
        return Err(AnalysisError::UnsupportedChannels(channels));
    }
    let mut resampler = if info.sample_rate == VAD_RATE {
        None
    } else {
        Some(StreamResampler::new(info.sample_rate, VAD_RATE, channels)?)
    };
    let mut interleaved = vec![0.0f32; READ_FRAMES * channels];
    let mut planar: Vec<Vec<f32>> = vec![Vec::with_capacity(READ_FRAMES); channels];
    let mut resampled: Vec<Vec<f32>> = vec![Vec::new(); channels];
    let mut decoded_frames: u64 = 0;
    loop {
        let frames = decoder.read(&mut interleaved)?;
        if frames == 0 {
            break;
        }
        decoded_frames += frames as u64;
        for (c, channel) in planar.iter_mut().enumerate() {
            channel.clear();
            channel.extend(
                interleaved[..frames * channels]
                    .iter()
                    .skip(c)
                    .step_by(channels),
            );
        }
        match resampler.as_mut() {
            None => block(&mut planar),
            Some(resampler) => {
                resampler.process(&planar, frames, &mut resampled)?;
                block(&mut resampled);
                resampled.iter_mut().for_each(Vec::clear);
            }
        }
    }
    if let Some(resampler) = resampler.as_mut() {
        resampler.finish(&mut resampled)?;
        block(&mut resampled);
    }
    Ok(decoded_frames as f64 / f64::from(info.sample_rate))
}
