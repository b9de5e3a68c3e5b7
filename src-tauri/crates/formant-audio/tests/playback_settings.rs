//! The engine owns speed, channels, volume and mute: they carry over from one recording to the
//! next, every change is reported in order, and a player can start from saved settings. Needs
//! no audio device (nothing is played).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use formant_audio::playback::{ChannelMode, Player, PlayerEvent, PlayerSettings};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode/speech-8k-s16.wav")
}

fn next_settings(events: &Receiver<PlayerEvent>) -> PlayerSettings {
    loop {
        match events.recv_timeout(Duration::from_secs(5)) {
            Ok(PlayerEvent::Settings(settings)) => return settings,
            Ok(_) => continue,
            Err(err) => panic!("no settings event: {err}"),
        }
    }
}

#[test]
fn settings_outlast_the_recording_and_every_change_is_reported() {
    let (tx, events) = mpsc::channel();
    let player = Player::new(move |event| {
        let _ = tx.send(event);
    });
    assert_eq!(player.settings(), PlayerSettings::default());
    player.load(&fixture()).expect("loads");

    player.set_speed(1.5).expect("a supported speed");
    player.set_muted(true);
    player.set_volume(0.4);
    player.set_channel_mode(ChannelMode::Right);
    assert_eq!(next_settings(&events).speed, 1.5);
    assert!(next_settings(&events).muted);
    assert_eq!(next_settings(&events).volume, 0.4);
    let last = next_settings(&events);
    let expected = PlayerSettings {
        speed: 1.5,
        channel_mode: ChannelMode::Right,
        volume: 0.4,
        muted: true,
    };
    assert_eq!(last, expected);

    // The next recording plays with the same settings.
    player.stop();
    player.load(&fixture()).expect("loads again");
    assert_eq!(player.settings(), expected);

    // A refused speed changes nothing.
    assert!(player.set_speed(2.5).is_err());
    assert_eq!(player.settings().speed, 1.5);
}

#[test]
fn a_player_starts_from_saved_settings_brought_into_range() {
    let saved = PlayerSettings {
        speed: 7.0,
        channel_mode: ChannelMode::Left,
        volume: 0.3,
        muted: true,
    };
    let player = Player::with_settings(saved, |_| {});
    assert_eq!(
        player.settings(),
        PlayerSettings {
            speed: 2.0,
            ..saved
        }
    );
}
