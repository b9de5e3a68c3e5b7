//! Speed change with the pitch kept (Signalsmith Stretch through `ssstretch`).
//!
//! Fed planar program channels at the source rate; produces `input / speed` frames. A start at
//! some point of the recording primes the stretcher with the audio just before it (its
//! "pre-roll") and drops its output latency, so the first output frame is that point.

use ssstretch::Stretch;

pub(crate) struct TimeStretcher {
    inner: Stretch,
    channels: usize,
    speed: f64,
    /// Fractional output frames owed from earlier blocks, so the length stays exact.
    owed: f64,
    /// Output frames still to drop (the stretcher's output latency after a start).
    discard: usize,
    scratch: Vec<Vec<f32>>,
}

impl TimeStretcher {
    pub fn new(channels: usize, sample_rate: u32) -> TimeStretcher {
        let mut inner = Stretch::new();
        inner.preset_default(channels as i32, sample_rate as f32);
        TimeStretcher {
            inner,
            channels,
            speed: 1.0,
            owed: 0.0,
            discard: 0,
            scratch: vec![Vec::new(); channels],
        }
    }

    /// Input frames wanted before the start point, to prime the analysis windows.
    pub fn preroll_frames(&self) -> usize {
        (self.inner.block_samples() + self.inner.interval_samples()).max(0) as usize
    }

    /// Input frames wanted after the start point before the first output is aligned with it.
    pub fn lookahead_frames(&self) -> usize {
        self.inner.input_latency().max(0) as usize
    }

    /// Starts a run at `speed`. `primer` holds `preroll_frames()` frames before the start
    /// point followed by `lookahead_frames()` frames after it.
    pub fn start(&mut self, primer: &[Vec<f32>], speed: f64) {
        self.inner.reset();
        self.speed = speed;
        self.owed = 0.0;
        let frames = primer.first().map_or(0, Vec::len);
        if primer.len() == self.channels && frames > 0 {
            self.inner.seek_vec(primer, frames as i32, speed);
        }
        self.discard = self.inner.output_latency().max(0) as usize;
    }

    /// Stretches `input` (planar, `frames` frames) and appends the result to `out`.
    pub fn process(&mut self, input: &[Vec<f32>], frames: usize, out: &mut [Vec<f32>]) {
        if input.len() != self.channels || input.iter().any(|c| c.len() < frames) {
            return;
        }
        self.owed += frames as f64 / self.speed;
        let produce = self.owed.floor() as usize;
        self.owed -= produce as f64;
        if produce == 0 && frames == 0 {
            return;
        }
        self.inner
            .process_vec(input, frames as i32, &mut self.scratch, produce as i32);
        self.emit(produce, out);
    }

    /// Appends what is still inside the stretcher once the input has ended.
    pub fn finish(&mut self, out: &mut [Vec<f32>]) {
        // The look-ahead frames went in with the primer, so the last that many input frames
        // are still owed as output: push silence through to carry them out.
        let lookahead = self.lookahead_frames();
        let silence = vec![vec![0.0f32; lookahead]; self.channels];
        self.process(&silence, lookahead, out);
        let tail = self.inner.output_latency().max(0) as usize;
        self.inner.flush_vec(&mut self.scratch, tail as i32);
        self.emit(tail, out);
    }

    fn emit(&mut self, produced: usize, out: &mut [Vec<f32>]) {
        let skip = self.discard.min(produced);
        self.discard -= skip;
        for (dst, src) in out.iter_mut().zip(&self.scratch) {
            dst.extend_from_slice(&src[skip..produced.min(src.len())]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::TAU;

    fn tone(freq: f32, rate: u32, frames: usize) -> Vec<f32> {
        (0..frames)
            .map(|i| 0.5 * (TAU * freq * i as f32 / rate as f32).sin())
            .collect()
    }

    /// Frequency from zero crossings over the steady middle of the signal.
    fn frequency(samples: &[f32], rate: u32) -> f64 {
        let middle = &samples[samples.len() / 4..samples.len() * 3 / 4];
        let crossings = middle
            .windows(2)
            .filter(|w| w[0] <= 0.0 && w[1] > 0.0)
            .count();
        crossings as f64 * f64::from(rate) / middle.len() as f64
    }

    fn stretch(speed: f64) -> Vec<f32> {
        let rate = 16_000;
        let input = tone(440.0, rate, rate as usize * 2);
        let mut stretcher = TimeStretcher::new(1, rate);
        let primer = vec![vec![0.0; stretcher.preroll_frames()]
            .into_iter()
            .chain(input[..stretcher.lookahead_frames()].iter().copied())
            .collect::<Vec<f32>>()];
        stretcher.start(&primer, speed);
        let mut out = vec![Vec::new()];
        for block in input[stretcher.lookahead_frames()..].chunks(512) {
            stretcher.process(&[block.to_vec()], block.len(), &mut out);
        }
        stretcher.finish(&mut out);
        out.remove(0)
    }

    #[test]
    fn faster_playback_is_shorter_at_the_same_pitch() {
        for speed in [0.5, 0.75, 1.5, 2.0] {
            let out = stretch(speed);
            let expected = 32_000.0 / speed;
            let ratio = out.len() as f64 / expected;
            assert!(
                (0.97..1.03).contains(&ratio),
                "speed {speed}: {} frames",
                out.len()
            );
            let freq = frequency(&out, 16_000);
            assert!(
                (freq - 440.0).abs() < 440.0 * 0.02,
                "speed {speed}: {freq} Hz"
            );
        }
    }

    #[test]
    fn the_tone_keeps_its_level() {
        let out = stretch(1.5);
        let middle = &out[out.len() / 4..out.len() * 3 / 4];
        let rms = (middle.iter().map(|s| s * s).sum::<f32>() / middle.len() as f32).sqrt();
        // A 0.5-amplitude sine has an RMS of 0.354.
        assert!((0.25..0.45).contains(&rms), "rms {rms}");
    }
}
