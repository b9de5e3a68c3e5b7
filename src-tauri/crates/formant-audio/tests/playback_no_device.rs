//! Without any audio output, playing is a clear `NoOutputDevice` error, the player stays
//! usable, and every later `play` tries the device again. Runs everywhere: it points the
//! PulseAudio client at a server that does not exist.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use formant_audio::playback::{PlaybackError, Player, PlayerEvent};

#[test]
fn no_output_device_is_an_error_not_a_panic() {
    // This binary holds only this test, so changing the environment affects nothing else.
    std::env::set_var("PULSE_SERVER", "/nonexistent");
    let (tx, events) = mpsc::channel();
    let player = Player::new(move |event| {
        let _ = tx.send(event);
    });
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/decode/speech-8k-s16.wav");
    let info = player.load(&path).expect("loading needs no device");
    assert_eq!(info.sample_rate, 8000);

    for attempt in 0..2 {
        match player.play() {
            Err(err @ PlaybackError::NoOutputDevice(_)) => {
                assert_eq!(err.kind(), "audio");
                assert!(err.to_string().contains("No audio output"), "{err}");
            }
            other => panic!("attempt {attempt}: expected NoOutputDevice, got {other:?}"),
        }
        assert!(!player.is_playing());
    }
    let saw_unavailable = events
        .recv_timeout(Duration::from_secs(5))
        .map(|event| matches!(event, PlayerEvent::DeviceAvailable(false)))
        .unwrap_or(false);
    assert!(saw_unavailable, "the UI hears that there is no device");

    // Still usable: seeking and loading work without a device.
    player.seek(1.25).expect("seeks");
    assert!((player.position_secs() - 1.25).abs() < 1e-3);
    assert!(matches!(
        player.set_speed(3.0),
        Err(PlaybackError::InvalidSpeed(_))
    ));
    player.stop();
    assert!(matches!(player.play(), Err(PlaybackError::NotLoaded)));
}
