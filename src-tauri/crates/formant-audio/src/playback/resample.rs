//! Streaming sample-rate conversion to the output's rate (rubato), used only when the rates
//! differ. The resampler's delay is dropped at the start and flushed at the end, so output frame
//! `n` is source time `n / output_rate` and the length is exact.

use rubato::{FftFixedIn, Resampler};

use super::error::PlaybackError;

const CHUNK_FRAMES: usize = 1024;

pub struct StreamResampler {
    inner: FftFixedIn<f32>,
    ratio: f64,
    pending: Vec<Vec<f32>>,
    scratch: Vec<Vec<f32>>,
    discard: usize,
    frames_in: u64,
    frames_out: u64,
}

impl StreamResampler {
    pub fn new(
        source_rate: u32,
        output_rate: u32,
        channels: usize,
    ) -> Result<StreamResampler, PlaybackError> {
        let inner = FftFixedIn::<f32>::new(
            source_rate as usize,
            output_rate as usize,
            CHUNK_FRAMES,
            2,
            channels,
        )
        .map_err(|err| PlaybackError::Resampler(err.to_string()))?;
        let discard = inner.output_delay();
        let scratch = vec![vec![0.0; inner.output_frames_max()]; channels];
        Ok(StreamResampler {
            inner,
            ratio: f64::from(output_rate) / f64::from(source_rate),
            pending: vec![Vec::new(); channels],
            scratch,
            discard,
            frames_in: 0,
            frames_out: 0,
        })
    }

    /// Queues `frames` planar frames and appends every output frame that is ready to `out`.
    pub fn process(
        &mut self,
        input: &[Vec<f32>],
        frames: usize,
        out: &mut [Vec<f32>],
    ) -> Result<(), PlaybackError> {
        for (pending, channel) in self.pending.iter_mut().zip(input) {
            pending.extend_from_slice(&channel[..frames.min(channel.len())]);
        }
        self.frames_in += frames as u64;
        while self.pending.first().map_or(0, Vec::len) >= self.inner.input_frames_next() {
            let needed = self.inner.input_frames_next();
            let (_, produced) = self
                .inner
                .process_into_buffer(&self.pending, &mut self.scratch, None)
                .map_err(|err| PlaybackError::Resampler(err.to_string()))?;
            for pending in &mut self.pending {
                pending.drain(..needed);
            }
            self.emit(produced, out);
        }
        Ok(())
    }

    /// Pushes the rest through and appends it, up to the exact expected length.
    pub fn finish(&mut self, out: &mut [Vec<f32>]) -> Result<(), PlaybackError> {
        let expected = (self.frames_in as f64 * self.ratio).round() as u64;
        let mut rounds = 0;
        while self.frames_out < expected && rounds < 8 {
            // The first round carries what is queued; later ones push the delay line out.
            // Nothing queued (the input was a whole number of chunks) is no input: rubato
            // refuses empty buffers.
            let input = (rounds == 0)
                .then(|| std::mem::take(&mut self.pending))
                .filter(|pending| pending.first().is_some_and(|c| !c.is_empty()));
            let (_, produced) = self
                .inner
                .process_partial_into_buffer(input.as_deref(), &mut self.scratch, None)
                .map_err(|err| PlaybackError::Resampler(err.to_string()))?;
            let produced = produced.min((expected - self.frames_out) as usize + self.discard);
            self.emit(produced, out);
            rounds += 1;
        }
        Ok(())
    }

    fn emit(&mut self, produced: usize, out: &mut [Vec<f32>]) {
        let skip = self.discard.min(produced);
        self.discard -= skip;
        for (dst, src) in out.iter_mut().zip(&self.scratch) {
            dst.extend_from_slice(&src[skip..produced]);
        }
        self.frames_out += (produced - skip) as u64;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::TAU;

    #[test]
    fn an_input_of_whole_chunks_flushes_to_its_exact_length() {
        // 8 kHz for 1.024 s: exactly eight chunks, so nothing is left queued at the end.
        let input = vec![0.25f32; CHUNK_FRAMES * 8];
        let mut resampler = StreamResampler::new(8000, 16_000, 1).expect("builds");
        let mut out = vec![Vec::new()];
        resampler
            .process(std::slice::from_ref(&input), input.len(), &mut out)
            .expect("resamples");
        resampler.finish(&mut out).expect("flushes");
        assert_eq!(out[0].len(), input.len() * 2);
    }

    #[test]
    fn upsampling_keeps_length_timing_and_shape() {
        let input: Vec<f32> = (0..8000)
            .map(|i| 0.5 * (TAU * 300.0 * i as f32 / 8000.0).sin())
            .collect();
        let mut resampler = StreamResampler::new(8000, 48_000, 1).expect("builds");
        let mut out = vec![Vec::new()];
        for block in input.chunks(700) {
            resampler
                .process(&[block.to_vec()], block.len(), &mut out)
                .expect("resamples");
        }
        resampler.finish(&mut out).expect("flushes");
        let out = &out[0];
        assert_eq!(out.len(), 48_000);
        // The delay was removed: output frame 6n is input frame n.
        let expected: Vec<f32> = (0..48_000)
            .map(|i| 0.5 * (TAU * 300.0 * i as f32 / 48_000.0).sin())
            .collect();
        let worst = out[1000..47_000]
            .iter()
            .zip(&expected[1000..47_000])
            .map(|(a, b)| (a - b).abs())
            .fold(0.0f32, f32::max);
        assert!(worst < 0.02, "worst difference {worst}");
    }
}
