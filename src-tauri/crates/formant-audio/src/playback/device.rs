//! Opening the system's default audio output with cpal.

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SampleFormat, SizedSample, StreamError};

use super::error::PlaybackError;
use super::ring::RingReader;

pub(crate) struct OutputDevice {
    device: cpal::Device,
    config: cpal::SupportedStreamConfig,
}

/// The default output and its preferred format. Without any sound server or card, cpal still
/// lists a default device; asking it for a config is what fails, so that is the check.
pub(crate) fn default_output() -> Result<OutputDevice, PlaybackError> {
    let host = cpal::default_host();
    let device = host
        .default_output_device()
        .ok_or_else(|| PlaybackError::NoOutputDevice("no output device was found".into()))?;
    let config = device
        .default_output_config()
        .map_err(|err| PlaybackError::NoOutputDevice(err.to_string()))?;
    Ok(OutputDevice { device, config })
}

impl OutputDevice {
    pub fn sample_rate(&self) -> u32 {
        self.config.sample_rate().0
    }

    pub fn channels(&self) -> usize {
        usize::from(self.config.channels()).max(1)
    }

    /// Builds and starts the stream. `on_error` runs on cpal's thread when the stream fails
    /// (e.g. the device vanished).
    pub fn start(
        &self,
        reader: RingReader,
        on_error: impl FnMut(StreamError) + Send + 'static,
    ) -> Result<cpal::Stream, PlaybackError> {
        let stream = match self.config.sample_format() {
            SampleFormat::F32 => self.build::<f32>(reader, on_error),
            SampleFormat::I16 => self.build::<i16>(reader, on_error),
            SampleFormat::I32 => self.build::<i32>(reader, on_error),
            SampleFormat::U16 => self.build::<u16>(reader, on_error),
            SampleFormat::U8 => self.build::<u8>(reader, on_error),
            SampleFormat::I8 => self.build::<i8>(reader, on_error),
            SampleFormat::F64 => self.build::<f64>(reader, on_error),
            other => Err(PlaybackError::NoOutputDevice(format!(
                "the output's sample format {other} is not supported"
            ))),
        }?;
        stream
            .play()
            .map_err(|err| PlaybackError::NoOutputDevice(err.to_string()))?;
        Ok(stream)
    }

    fn build<T: SizedSample + FromSample<f32>>(
        &self,
        mut reader: RingReader,
        on_error: impl FnMut(StreamError) + Send + 'static,
    ) -> Result<cpal::Stream, PlaybackError> {
        self.device
            .build_output_stream(
                &self.config.config(),
                move |out: &mut [T], _| reader.fill(out),
                on_error,
                None,
            )
            .map_err(|err| PlaybackError::NoOutputDevice(err.to_string()))
    }
}
