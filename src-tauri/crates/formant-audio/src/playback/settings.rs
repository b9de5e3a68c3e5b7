//! What the listener chose: speed, which channels, volume and mute. The engine owns them for
//! its whole life (they outlast any one recording) and reports every change, so a UI shows what
//! will actually be heard; an app may keep them across launches (they serialise as plain JSON).

use serde::{Deserialize, Serialize};

use super::channels::ChannelMode;
use super::{MAX_SPEED, MIN_SPEED};

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct PlayerSettings {
    /// 0.5× to 2×, pitch preserved.
    pub speed: f32,
    pub channel_mode: ChannelMode,
    /// 0.0 to 1.0, kept while muted so unmuting restores it.
    pub volume: f32,
    pub muted: bool,
}

impl Default for PlayerSettings {
    fn default() -> Self {
        PlayerSettings {
            speed: 1.0,
            channel_mode: ChannelMode::Both,
            volume: 1.0,
            muted: false,
        }
    }
}

impl PlayerSettings {
    /// The same settings brought into range (e.g. read from a file someone edited): speed and
    /// volume clamped, a non-number replaced by its default.
    pub fn sanitized(self) -> Self {
        let defaults = PlayerSettings::default();
        PlayerSettings {
            speed: if self.speed.is_finite() {
                self.speed.clamp(MIN_SPEED, MAX_SPEED)
            } else {
                defaults.speed
            },
            volume: if self.volume.is_finite() {
                self.volume.clamp(0.0, 1.0)
            } else {
                defaults.volume
            },
            ..self
        }
    }

    /// The gain the audio callback applies.
    pub fn effective_volume(&self) -> f32 {
        if self.muted {
            0.0
        } else {
            self.volume
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_values_are_brought_into_range() {
        let wild = PlayerSettings {
            speed: 9.0,
            channel_mode: ChannelMode::Right,
            volume: -2.0,
            muted: true,
        };
        let s = wild.sanitized();
        assert_eq!((s.speed, s.volume), (MAX_SPEED, 0.0));
        assert_eq!((s.channel_mode, s.muted), (ChannelMode::Right, true));
        let nan = PlayerSettings {
            speed: f32::NAN,
            volume: f32::INFINITY,
            ..PlayerSettings::default()
        };
        assert_eq!(nan.sanitized(), PlayerSettings::default());
    }

    #[test]
    fn muting_keeps_the_volume_for_later() {
        let s = PlayerSettings {
            volume: 0.4,
            muted: true,
            ..PlayerSettings::default()
        };
        assert_eq!(s.effective_volume(), 0.0);
        assert_eq!(PlayerSettings { muted: false, ..s }.effective_volume(), 0.4);
    }

    #[test]
    fn serialises_as_the_ipc_and_file_shape() {
        let json = serde_json::to_value(PlayerSettings {
            speed: 1.5,
            channel_mode: ChannelMode::Left,
            volume: 0.5,
            muted: true,
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"speed": 1.5, "channel_mode": "left", "volume": 0.5, "muted": true})
        );
    }
}
