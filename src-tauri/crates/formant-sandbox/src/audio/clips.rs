//! The speech the recordings are made of: short phrases spoken by espeak-ng, embedded in the
//! crate (8 kHz mono G.711 mu-law, made by `clips/make-clips.sh`), decoded once on first use.

use std::sync::LazyLock;

use super::g711::mulaw_to_linear;
use super::plan::SpeechLanguage;

/// The clips' sample rate.
pub(crate) const CLIP_RATE: u32 = 8000;

/// Whose voice a clip is in; a side speaks with the voice that fits its pitch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Voice {
    Female,
    Male,
}

/// Pitch at and above which a side speaks with the female voice.
const FEMALE_FROM_HZ: f32 = 165.0;
/// The voices' own pitch, roughly (espeak-ng `+f2` and `+m3`): a side whose pitch differs is
/// played that much faster or slower, within [`RATE_RANGE`], so speakers sound apart.
const FEMALE_HZ: f32 = 200.0;
const MALE_HZ: f32 = 125.0;
const RATE_RANGE: (f32, f32) = (0.92, 1.09);

impl Voice {
    /// The voice for a side's pitch, and how fast to play its clips (1 = as recorded).
    pub(crate) fn for_pitch(pitch_hz: f32) -> (Voice, f64) {
        let (voice, own_hz) = if pitch_hz >= FEMALE_FROM_HZ {
            (Voice::Female, FEMALE_HZ)
        } else {
            (Voice::Male, MALE_HZ)
        };
        let rate = (pitch_hz / own_hz).clamp(RATE_RANGE.0, RATE_RANGE.1);
        (voice, f64::from(rate))
    }
}

macro_rules! clip {
    ($name:literal) => {
        include_bytes!(concat!("../../clips/", $name, ".ul")).as_slice()
    };
}

const ENGLISH_FEMALE: &[&[u8]] = &[
    clip!("en-f-1"),
    clip!("en-f-2"),
    clip!("en-f-3"),
    clip!("en-f-4"),
    clip!("en-f-5"),
    clip!("en-f-6"),
];
const ENGLISH_MALE: &[&[u8]] = &[
    clip!("en-m-1"),
    clip!("en-m-2"),
    clip!("en-m-3"),
    clip!("en-m-4"),
    clip!("en-m-5"),
    clip!("en-m-6"),
];
const HINDI_FEMALE: &[&[u8]] = &[
    clip!("hi-f-1"),
    clip!("hi-f-2"),
    clip!("hi-f-3"),
    clip!("hi-f-4"),
];
const HINDI_MALE: &[&[u8]] = &[
    clip!("hi-m-1"),
    clip!("hi-m-2"),
    clip!("hi-m-3"),
    clip!("hi-m-4"),
];

/// The decoded clips of one language and voice, samples in [-1, 1].
pub(crate) type Pool = Vec<Vec<f32>>;

fn decode(clips: &[&[u8]]) -> Pool {
    clips
        .iter()
        .map(|clip| {
            clip.iter()
                .map(|&code| f32::from(mulaw_to_linear(code)) / 32768.0)
                .collect()
        })
        .collect()
}

static POOLS: LazyLock<[Pool; 4]> = LazyLock::new(|| {
    [
        decode(ENGLISH_FEMALE),
        decode(ENGLISH_MALE),
        decode(HINDI_FEMALE),
        decode(HINDI_MALE),
    ]
});

/// The clips a voice speaks in a language.
pub(crate) fn pool(language: SpeechLanguage, voice: Voice) -> &'static Pool {
    let index = match (language, voice) {
        (SpeechLanguage::English, Voice::Female) => 0,
        (SpeechLanguage::English, Voice::Male) => 1,
        (SpeechLanguage::Hindi, Voice::Female) => 2,
        (SpeechLanguage::Hindi, Voice::Male) => 3,
    };
    &POOLS[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pool_has_clips_of_one_to_three_seconds_that_start_and_end_on_speech() {
        for language in [SpeechLanguage::English, SpeechLanguage::Hindi] {
            for voice in [Voice::Female, Voice::Male] {
                let pool = pool(language, voice);
                assert!(pool.len() >= 4, "{language:?} {voice:?}");
                for clip in pool {
                    let seconds = clip.len() as f64 / f64::from(CLIP_RATE);
                    assert!((0.9..=3.0).contains(&seconds), "{seconds} s");
                    let peak = clip.iter().fold(0.0f32, |m, s| m.max(s.abs()));
                    assert!((0.6..=0.75).contains(&peak), "peak {peak}"); // -3 dBFS
                                                                          // sox trimmed them where the signal passes 0.5% of full scale.
                    let edge = |samples: &[f32]| samples.iter().any(|s| s.abs() > 0.004);
                    assert!(edge(&clip[..80]) && edge(&clip[clip.len() - 80..]));
                }
            }
        }
    }

    #[test]
    fn a_side_speaks_with_the_voice_of_its_pitch_at_a_rate_near_one() {
        assert_eq!(Voice::for_pitch(210.0).0, Voice::Female);
        assert_eq!(Voice::for_pitch(118.0).0, Voice::Male);
        assert_eq!(Voice::for_pitch(200.0).1, 1.0);
        let within = |rate: f64| (0.919..=1.091).contains(&rate);
        assert!(within(Voice::for_pitch(240.0).1) && within(Voice::for_pitch(100.0).1));
    }
}
