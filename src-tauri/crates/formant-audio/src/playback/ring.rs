//! The audio callback's side of the ring: copy samples out, nothing else.
//!
//! No locks, no allocation, no decoding, no logging: a flush request (a new generation) drops
//! what is queued, pause plays silence, volume is one atomic load per callback.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use cpal::{FromSample, Sample};
use rtrb::Consumer;

use super::shared::Shared;

pub(crate) struct RingReader {
    consumer: Consumer<f32>,
    shared: Arc<Shared>,
    channels: usize,
    seen_generation: u64,
}

impl RingReader {
    pub fn new(consumer: Consumer<f32>, shared: Arc<Shared>, channels: usize) -> RingReader {
        let seen_generation = shared.generation.load(Ordering::Acquire);
        RingReader {
            consumer,
            shared,
            channels: channels.max(1),
            seen_generation,
        }
    }

    /// Fills one device buffer.
    pub fn fill<T: Sample + FromSample<f32>>(&mut self, out: &mut [T]) {
        let generation = self.shared.generation.load(Ordering::Acquire);
        if generation != self.seen_generation {
            let queued = self.consumer.slots();
            if let Ok(chunk) = self.consumer.read_chunk(queued) {
                chunk.commit_all();
            }
            self.seen_generation = generation;
            self.shared.consumed.store(0, Ordering::Release);
            self.shared
                .acked_generation
                .store(generation, Ordering::Release);
        }
        if !self.shared.playing.load(Ordering::Acquire)
            || !self.shared.primed.load(Ordering::Acquire)
        {
            out.fill(T::EQUILIBRIUM);
            return;
        }
        let volume = self.shared.volume();
        let frames = (out.len() / self.channels).min(self.consumer.slots() / self.channels);
        let samples = frames * self.channels;
        if let Ok(chunk) = self.consumer.read_chunk(samples) {
            let (first, second) = chunk.as_slices();
            for (dst, src) in out.iter_mut().zip(first.iter().chain(second.iter())) {
                *dst = T::from_sample(*src * volume);
            }
            chunk.commit_all();
        }
        // An underrun (or the end of the recording) plays silence rather than stale samples.
        out[samples..].fill(T::EQUILIBRIUM);
        self.shared
            .consumed
            .fetch_add(frames as u64, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rtrb::RingBuffer;

    fn setup(capacity: usize) -> (rtrb::Producer<f32>, RingReader, Arc<Shared>) {
        let shared = Arc::new(Shared::new());
        let (producer, consumer) = RingBuffer::new(capacity);
        let reader = RingReader::new(consumer, shared.clone(), 2);
        (producer, reader, shared)
    }

    #[test]
    fn copies_whole_frames_and_counts_them() {
        let (mut producer, mut reader, shared) = setup(16);
        shared.playing.store(true, Ordering::Release);
        shared.primed.store(true, Ordering::Release);
        for s in [0.1, 0.2, 0.3, 0.4, 0.5] {
            producer.push(s).expect("room");
        }
        let mut out = [9.0f32; 6];
        reader.fill(&mut out);
        // Two whole frames were queued (the fifth sample waits for its partner); then silence.
        assert_eq!(out, [0.1, 0.2, 0.3, 0.4, 0.0, 0.0]);
        assert_eq!(shared.consumed.load(Ordering::Acquire), 2);
    }

    #[test]
    fn paused_plays_silence_and_consumes_nothing() {
        let (mut producer, mut reader, shared) = setup(8);
        producer.push(0.7).expect("room");
        producer.push(0.7).expect("room");
        let mut out = [1i16; 4];
        reader.fill(&mut out);
        assert_eq!(out, [0; 4]);
        assert_eq!(shared.consumed.load(Ordering::Acquire), 0);
        assert_eq!(producer.slots(), 6, "queued samples stay for later");
    }

    #[test]
    fn nothing_is_consumed_until_the_ring_is_primed() {
        let (mut producer, mut reader, shared) = setup(8);
        shared.playing.store(true, Ordering::Release);
        producer.push(0.3).expect("room");
        producer.push(0.3).expect("room");
        let mut out = [1.0f32; 2];
        reader.fill(&mut out);
        assert_eq!(out, [0.0, 0.0]);
        assert_eq!(shared.consumed.load(Ordering::Acquire), 0);
        shared.primed.store(true, Ordering::Release);
        reader.fill(&mut out);
        assert_eq!(out, [0.3, 0.3]);
    }

    #[test]
    fn a_new_generation_flushes_the_queue_and_acknowledges() {
        let (mut producer, mut reader, shared) = setup(8);
        shared.playing.store(true, Ordering::Release);
        shared.primed.store(true, Ordering::Release);
        for _ in 0..4 {
            producer.push(0.9).expect("room");
        }
        shared.consumed.store(123, Ordering::Release);
        shared.generation.store(1, Ordering::Release);
        let mut out = [5.0f32; 4];
        reader.fill(&mut out);
        assert_eq!(out, [0.0; 4], "stale samples are never played");
        assert_eq!(shared.acked_generation.load(Ordering::Acquire), 1);
        assert_eq!(shared.consumed.load(Ordering::Acquire), 0);
        assert_eq!(producer.slots(), 8);
    }

    #[test]
    fn volume_scales_the_samples() {
        let (mut producer, mut reader, shared) = setup(8);
        shared.playing.store(true, Ordering::Release);
        shared.primed.store(true, Ordering::Release);
        shared.set_volume(0.5);
        producer.push(0.8).expect("room");
        producer.push(-0.4).expect("room");
        let mut out = [0.0f32; 2];
        reader.fill(&mut out);
        assert_eq!(out, [0.4, -0.2]);
    }
}
