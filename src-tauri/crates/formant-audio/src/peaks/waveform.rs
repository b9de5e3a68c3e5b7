//! The result of a peaks computation and its audiowaveform JSON form.

use std::io::Write;
use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

use super::{Bits, PeaksError};

/// Min/max pairs per pixel, channels interleaved per pixel: `[c0 min, c0 max, c1 min, ...]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waveform {
    pub channels: u16,
    pub sample_rate: u32,
    pub samples_per_pixel: u32,
    /// 8 or 16: the range of `data` (8-bit values are the 16-bit ones divided by 256).
    pub bits: u8,
    pub data: Vec<i16>,
}

impl Waveform {
    /// Number of pixels.
    pub fn len(&self) -> usize {
        self.data.len() / (2 * usize::from(self.channels.max(1)))
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    /// Duration covered by the pixels (the last one may be partly empty).
    pub fn duration_secs(&self) -> f64 {
        self.len() as f64 * f64::from(self.samples_per_pixel) / f64::from(self.sample_rate)
    }

    /// The same waveform at `bits` resolution. Going to 8 bits divides by 256 truncating
    /// toward zero, as audiowaveform does; going back up cannot restore precision and is refused.
    pub fn with_bits(mut self, bits: Bits) -> Result<Waveform, PeaksError> {
        match (self.bits, bits) {
            (16, Bits::Eight) => {
                for v in &mut self.data {
                    *v /= 256;
                }
                self.bits = 8;
                Ok(self)
            }
            (from, to) if from == to.get() => Ok(self),
            (_, to) => Err(PeaksError::InvalidBits(u32::from(to.get()))),
        }
    }

    /// A coarser level: each new pixel covers `factor` pixels (the min of their mins and the max
    /// of their maxes); a last, shorter group still makes a pixel.
    pub fn zoom_out(&self, factor: NonZeroU32) -> Waveform {
        let channels = usize::from(self.channels.max(1));
        let group = factor.get() as usize;
        let pixel_values = 2 * channels;
        let mut data = Vec::with_capacity(self.data.len() / group + pixel_values);
        for pixels in self.data.chunks(pixel_values * group) {
            for ch in 0..channels {
                let mut lo = i16::MAX;
                let mut hi = i16::MIN;
                for pixel in pixels.chunks_exact(pixel_values) {
                    lo = lo.min(pixel[2 * ch]);
                    hi = hi.max(pixel[2 * ch + 1]);
                }
                data.push(lo);
                data.push(hi);
            }
        }
        Waveform {
            channels: self.channels,
            sample_rate: self.sample_rate,
            samples_per_pixel: self.samples_per_pixel.saturating_mul(factor.get()),
            bits: self.bits,
            data,
        }
    }

    /// Write exactly what `audiowaveform -o out.json` writes (format version 2): compact, keys
    /// in its order, one trailing newline.
    pub fn write_audiowaveform_json(&self, w: impl Write) -> std::io::Result<()> {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, w);
        write!(
            w,
            "{{\"version\":2,\"channels\":{},\"sample_rate\":{},\"samples_per_pixel\":{},\"bits\":{},\"length\":{},\"data\":[",
            self.channels,
            self.sample_rate,
            self.samples_per_pixel,
            self.bits,
            self.len()
        )?;
        // itoa: formatting a million numbers through fmt would be a visible share of the time.
        let mut buf = itoa::Buffer::new();
        for (i, v) in self.data.iter().enumerate() {
            if i > 0 {
                w.write_all(b",")?;
            }
            w.write_all(buf.format(*v).as_bytes())?;
        }
        w.write_all(b"]}\n")?;
        w.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wave(channels: u16, data: Vec<i16>) -> Waveform {
        Waveform {
            channels,
            sample_rate: 8000,
            samples_per_pixel: 256,
            bits: 16,
            data,
        }
    }

    #[test]
    fn zoom_out_takes_min_of_mins_and_max_of_maxes_per_channel() {
        let w = wave(2, vec![-1, 1, -10, 10, -5, 3, -2, 20, -7, 7, 0, 0]);
        let z = w.zoom_out(NonZeroU32::new(2).expect("non-zero"));
        assert_eq!(z.data, vec![-5, 3, -10, 20, -7, 7, 0, 0]);
        assert_eq!(z.samples_per_pixel, 512);
        assert_eq!(z.len(), 2);
        assert_eq!(w.zoom_out(NonZeroU32::MIN), w);
    }

    #[test]
    fn json_matches_audiowaveform_layout() {
        let mut out = Vec::new();
        wave(1, vec![-300, 257, 0, 1])
            .with_bits(Bits::Eight)
            .expect("16 to 8")
            .write_audiowaveform_json(&mut out)
            .expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "{\"version\":2,\"channels\":1,\"sample_rate\":8000,\"samples_per_pixel\":256,\"bits\":8,\"length\":2,\"data\":[-1,1,0,0]}\n"
        );
    }

    #[test]
    fn duration_counts_whole_pixels() {
        assert_eq!(wave(1, vec![0; 2 * 125]).duration_secs(), 4.0);
    }
}
