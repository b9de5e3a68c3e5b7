//! State shared between the engine, the decode worker and the audio callback.
//!
//! The callback only touches atomics and its ring; the clock mapping output frames back to
//! recording time sits behind a mutex that the callback never takes.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Where the current run of output started in the recording, and how fast it advances.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Clock {
    /// Source frame heard at the first output frame of the current generation.
    pub base_frame: u64,
    /// Source frames per output frame: `speed * source_rate / output_rate`.
    pub source_per_output: f64,
    pub source_rate: u32,
    /// Length of the recording in frames, when known.
    pub total_frames: Option<u64>,
}

impl Clock {
    /// The source frame being heard after `consumed` output frames of this generation.
    pub fn source_frame(&self, consumed: u64) -> u64 {
        let advanced = (consumed as f64 * self.source_per_output).round() as u64;
        let frame = self.base_frame.saturating_add(advanced);
        self.total_frames.map_or(frame, |total| frame.min(total))
    }

    pub fn frame_to_secs(&self, frame: u64) -> f64 {
        frame as f64 / f64::from(self.source_rate.max(1))
    }
}

pub(crate) struct Shared {
    /// Bumped to ask the callback to drop everything in the ring.
    pub generation: AtomicU64,
    /// The generation the callback has flushed to.
    pub acked_generation: AtomicU64,
    /// Output frames the callback handed to the device in this generation.
    pub consumed: AtomicU64,
    /// Output frames the worker pushed in this generation.
    pub pushed: AtomicU64,
    /// The worker has pushed the last frame of the recording in this generation.
    pub source_done: AtomicBool,
    /// Set by the engine when it asks for a restart; cleared by the worker once the ring was
    /// flushed. Until then the position is the clock's base.
    pub restarting: AtomicBool,
    pub playing: AtomicBool,
    /// The ring holds enough audio to start without stuttering. The callback plays silence
    /// (and consumes nothing) until then, so a start or seek never begins with a gap.
    pub primed: AtomicBool,
    volume_bits: AtomicU32,
    clock: Mutex<Option<Clock>>,
}

impl Shared {
    pub fn new() -> Shared {
        Shared {
            generation: AtomicU64::new(0),
            acked_generation: AtomicU64::new(0),
            consumed: AtomicU64::new(0),
            pushed: AtomicU64::new(0),
            source_done: AtomicBool::new(false),
            restarting: AtomicBool::new(false),
            playing: AtomicBool::new(false),
            primed: AtomicBool::new(false),
            volume_bits: AtomicU32::new(1.0f32.to_bits()),
            clock: Mutex::new(None),
        }
    }

    pub fn volume(&self) -> f32 {
        f32::from_bits(self.volume_bits.load(Ordering::Relaxed))
    }

    pub fn set_volume(&self, volume: f32) {
        let volume = if volume.is_finite() {
            volume.clamp(0.0, 1.0)
        } else {
            0.0
        };
        self.volume_bits.store(volume.to_bits(), Ordering::Relaxed);
    }

    /// The clock survives a panicked holder: it is plain data, always consistent.
    pub fn clock(&self) -> MutexGuard<'_, Option<Clock>> {
        self.clock.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Current source frame, from what the device actually consumed.
    pub fn position_frame(&self) -> Option<u64> {
        let clock = (*self.clock())?;
        if self.restarting.load(Ordering::Acquire) {
            return Some(clock.base_frame);
        }
        Some(clock.source_frame(self.consumed.load(Ordering::Acquire)))
    }

    pub fn position_secs(&self) -> f64 {
        let clock = *self.clock();
        match (clock, self.position_frame()) {
            (Some(clock), Some(frame)) => clock.frame_to_secs(frame),
            _ => 0.0,
        }
    }

    /// Everything the worker produced has been played.
    pub fn drained_to_end(&self) -> bool {
        !self.restarting.load(Ordering::Acquire)
            && self.source_done.load(Ordering::Acquire)
            && self.consumed.load(Ordering::Acquire) >= self.pushed.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(base: u64, ratio: f64) -> Clock {
        Clock {
            base_frame: base,
            source_per_output: ratio,
            source_rate: 8000,
            total_frames: Some(80_000),
        }
    }

    #[test]
    fn position_maps_output_frames_through_speed_and_rate() {
        // 8 kHz source on a 48 kHz output at 1.5x: 48000 output frames = 1.5 s of source.
        let c = clock(8000, 1.5 * 8000.0 / 48000.0);
        assert_eq!(c.source_frame(48_000), 8000 + 12_000);
        assert!((c.frame_to_secs(c.source_frame(48_000)) - 2.5).abs() < 1e-9);
    }

    #[test]
    fn position_stops_at_the_end() {
        assert_eq!(clock(79_000, 1.0).source_frame(5_000), 80_000);
    }

    #[test]
    fn while_restarting_the_position_is_the_new_base() {
        let shared = Shared::new();
        *shared.clock() = Some(clock(4000, 1.0));
        shared.consumed.store(100, Ordering::Release);
        assert_eq!(shared.position_frame(), Some(4100));
        shared.restarting.store(true, Ordering::Release);
        assert_eq!(shared.position_frame(), Some(4000));
        assert!((shared.position_secs() - 0.5).abs() < 1e-9);
    }

    #[test]
    fn volume_is_clamped() {
        let shared = Shared::new();
        shared.set_volume(3.0);
        assert_eq!(shared.volume(), 1.0);
        shared.set_volume(-1.0);
        assert_eq!(shared.volume(), 0.0);
        shared.set_volume(f32::NAN);
        assert_eq!(shared.volume(), 0.0);
        shared.set_volume(0.25);
        assert_eq!(shared.volume(), 0.25);
    }
}
