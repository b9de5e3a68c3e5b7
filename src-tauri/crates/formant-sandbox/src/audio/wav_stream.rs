//! A recording as a sequence of byte chunks: the header, then the audio a block at a time,
//! so an hour-long call is never held in memory.

use bytes::Bytes;

use super::g711::{linear_to_alaw, linear_to_mulaw};
use super::plan::RecordingPlan;
use super::synth::Synth;
use super::wav_format::SampleCoding;

/// Frames per chunk: a quarter second at 16 kHz, small enough to stream promptly.
const CHUNK_FRAMES: u64 = 4096;

/// Yields a complete WAV file for a plan, chunk by chunk.
pub(crate) struct WavChunks {
    plan: RecordingPlan,
    synth: Synth,
    frames_left: u64,
    header_sent: bool,
    samples: Vec<f32>,
}

impl WavChunks {
    pub(crate) fn new(plan: RecordingPlan) -> Self {
        WavChunks {
            synth: Synth::new(&plan),
            frames_left: plan.frames(),
            header_sent: false,
            samples: Vec::new(),
            plan,
        }
    }
}

impl Iterator for WavChunks {
    type Item = Bytes;

    fn next(&mut self) -> Option<Bytes> {
        if !self.header_sent {
            self.header_sent = true;
            return Some(Bytes::from(self.plan.format.header(self.plan.frames())));
        }
        if self.frames_left == 0 {
            return None;
        }
        let frames = self.frames_left.min(CHUNK_FRAMES);
        self.frames_left -= frames;
        self.samples.clear();
        self.synth.render(frames as usize, &mut self.samples);
        Some(Bytes::from(encode(self.plan.format.coding, &self.samples)))
    }
}

fn encode(coding: SampleCoding, samples: &[f32]) -> Vec<u8> {
    let to_i16 = |s: f32| (s * 32767.0).round() as i16;
    match coding {
        SampleCoding::Pcm16 => samples
            .iter()
            .flat_map(|&s| to_i16(s).to_le_bytes())
            .collect(),
        SampleCoding::MuLaw => samples
            .iter()
            .map(|&s| linear_to_mulaw(to_i16(s)))
            .collect(),
        SampleCoding::ALaw => samples.iter().map(|&s| linear_to_alaw(to_i16(s))).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::plan::{Side, SpeechLanguage, TurnSpan};
    use super::super::wav_format::WavFormat;
    use super::*;

    #[test]
    fn chunks_add_up_to_the_announced_length_for_every_format() {
        for format in [
            WavFormat::MULAW_8K,
            WavFormat::ALAW_8K,
            WavFormat::PCM_16K,
            WavFormat::PCM_8K_STEREO,
            WavFormat::PCM_48K,
        ] {
            let plan = RecordingPlan {
                format,
                duration_s: 1.37,
                turns: vec![TurnSpan {
                    side: Side::Customer,
                    start_s: 0.2,
                    end_s: 1.0,
                }],
                language: SpeechLanguage::English,
                seed: 1,
                agent_pitch_hz: 200.0,
                customer_pitch_hz: 120.0,
            };
            let total: u64 = WavChunks::new(plan.clone()).map(|c| c.len() as u64).sum();
            assert_eq!(total, plan.file_len(), "{format:?}");
        }
    }
}
