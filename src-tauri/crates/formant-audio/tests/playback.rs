//! The playback engine through a real PulseAudio null sink, checked by recording the sink's
//! monitor with `parec`. Needs a pulse daemon with a default sink `vsink` at 48 kHz: run via
//! `tests/with-pulse.sh cargo test -p formant-audio --test playback -- --nocapture`
//! (which sets FORMANT_AUDIO_TESTS=1). Without that variable every test returns at once.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use formant_audio::playback::{ChannelMode, Player, PlayerEvent};

const RATE: usize = 48_000;

/// One sink, one monitor: the tests take turns.
static SINK: Mutex<()> = Mutex::new(());

/// These tests are `#[ignore]`d in a plain `cargo test`; run with `--ignored` they must have
/// their sound server, so a missing one fails loudly instead of passing without checking.
fn enabled() -> Option<MutexGuard<'static, ()>> {
    assert_eq!(
        std::env::var("FORMANT_AUDIO_TESTS").as_deref(),
        Ok("1"),
        "run through tests/with-pulse.sh (it starts a PulseAudio null sink and sets FORMANT_AUDIO_TESTS=1)"
    );
    Some(SINK.lock().unwrap_or_else(|e| e.into_inner()))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/decode")
        .join(name)
}

/// A running `parec` on the sink's monitor, with the arrival time of each read.
struct Capture {
    child: Child,
    reader: JoinHandle<Recorded>,
}

struct Recorded {
    /// Interleaved stereo at 48 kHz.
    samples: Vec<f32>,
    /// (when a read arrived, stereo frames received up to then)
    arrivals: Vec<(Instant, usize)>,
}

impl Capture {
    fn start() -> Capture {
        let mut child = Command::new("parec")
            .args([
                "-d",
                "vsink.monitor",
                "--latency-msec=20",
                "--format=float32le",
                "--rate=48000",
                "--channels=2",
                "--raw",
            ])
            .stdout(Stdio::piped())
            .spawn()
            .expect("parec runs (pulseaudio-utils)");
        let mut stdout = child.stdout.take().expect("stdout piped");
        let reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let mut arrivals = Vec::new();
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                bytes.extend_from_slice(&buf[..n]);
                arrivals.push((Instant::now(), bytes.len() / 8));
            }
            let samples = bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            Recorded { samples, arrivals }
        });
        // Let parec connect before anything plays.
        std::thread::sleep(Duration::from_millis(400));
        Capture { child, reader }
    }

    fn stop(mut self) -> Recorded {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
        self.reader.join().expect("reader finishes")
    }
}

impl Recorded {
    fn channel(&self, c: usize) -> Vec<f32> {
        self.samples.iter().skip(c).step_by(2).copied().collect()
    }

    /// When stereo frame `frame` reached the monitor, from the read that delivered it.
    fn time_of(&self, frame: usize) -> Option<Instant> {
        let (at, upto) = self.arrivals.iter().find(|(_, upto)| *upto > frame)?;
        let behind = (*upto - frame) as f64 / RATE as f64;
        Some(*at - Duration::from_secs_f64(behind))
    }
}

fn new_player() -> (Player, Receiver<PlayerEvent>) {
    let (tx, rx) = mpsc::channel();
    let player = Player::new(move |event| {
        let _ = tx.send(event);
    });
    (player, rx)
}

fn wait_for_end(events: &Receiver<PlayerEvent>, limit: Duration) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        match events.recv_timeout(Duration::from_millis(50)) {
            Ok(PlayerEvent::Ended) => return,
            Ok(PlayerEvent::Error(err)) => panic!("playback failed: {err}"),
            _ => {}
        }
    }
    panic!("no Ended event within {limit:?}");
}

/// The source decoded and brought to 48 kHz mono with sox, the reference for what should play.
fn reference_48k(name: &str) -> Vec<f32> {
    let out = Command::new("sox")
        .arg(fixture(name))
        .args([
            "-r",
            "48000",
            "-c",
            "1",
            "-e",
            "floating-point",
            "-b",
            "32",
            "-t",
            "raw",
            "-",
        ])
        .output()
        .expect("sox runs");
    assert!(out.status.success());
    out.stdout
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

fn first_loud(samples: &[f32], threshold: f32) -> Option<usize> {
    samples.iter().position(|s| s.abs() > threshold)
}

fn correlation(a: &[f32], b: &[f32]) -> f64 {
    let n = a.len().min(b.len());
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for i in 0..n {
        let (x, y) = (f64::from(a[i]), f64::from(b[i]));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    ab / (aa.sqrt() * bb.sqrt()).max(f64::MIN_POSITIVE)
}

/// Best correlation of `reference` against `captured` around the offset where both start
/// sounding, within ±`search` samples.
fn aligned_correlation(captured: &[f32], reference: &[f32], search: usize) -> (f64, usize) {
    let cap_onset = first_loud(captured, 0.02).expect("the capture has sound");
    let ref_onset = first_loud(reference, 0.02).expect("the reference has sound");
    let guess = cap_onset as i64 - ref_onset as i64;
    let mut best = (f64::MIN, 0usize);
    for lag in guess - search as i64..=guess + search as i64 {
        if lag < 0 || lag as usize >= captured.len() {
            continue;
        }
        let lag = lag as usize;
        let n = reference.len().min(captured.len() - lag);
        let corr = correlation(&captured[lag..lag + n], &reference[..n]);
        if corr > best.0 {
            best = (corr, lag);
        }
    }
    best
}

/// Dominant frequency from zero crossings over the loud part of a tone.
fn frequency(samples: &[f32]) -> f64 {
    let start = first_loud(samples, 0.05).expect("sound");
    let end = samples.len()
        - first_loud(&samples.iter().rev().copied().collect::<Vec<_>>(), 0.05).expect("sound");
    let body = &samples[start + (end - start) / 10..end - (end - start) / 10];
    let quiet_runs = body
        .windows(48)
        .filter(|w| w.iter().all(|s| s.abs() < 0.01))
        .count();
    eprintln!(
        "frequency(): {} samples, {quiet_runs} quiet 1 ms windows",
        body.len()
    );
    let crossings = body
        .windows(2)
        .filter(|w| w[0] <= 0.0 && w[1] > 0.0)
        .count();
    crossings as f64 * RATE as f64 / body.len() as f64
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn plays_resampled_speech_faithfully_and_reports_latency() {
    let Some(_sink) = enabled() else { return };
    for name in ["speech-8k-mulaw.wav", "speech-48k-stereo.wav"] {
        let (player, events) = new_player();
        let info = player.load(&fixture(name)).expect("loads");
        let capture = Capture::start();
        let pressed = Instant::now();
        player.play().expect("plays");
        wait_for_end(&events, Duration::from_secs(10));
        assert!(!player.is_playing());
        assert!((player.position_secs() - info.duration_secs).abs() < 0.01);
        std::thread::sleep(Duration::from_millis(200));
        let recorded = capture.stop();
        let reference = reference_48k(name);
        for channel in 0..2 {
            let captured = recorded.channel(channel);
            let (corr, _) = aligned_correlation(&captured, &reference, 960);
            eprintln!("{name} channel {channel}: correlation {corr:.4}");
            assert!(corr > 0.9, "{name} channel {channel}: correlation {corr}");
        }
        let onset = first_loud(&recorded.channel(0), 0.02).expect("sound");
        let ref_onset = first_loud(&reference, 0.02).expect("sound");
        if let Some(heard) = recorded.time_of(onset.saturating_sub(ref_onset)) {
            let latency = heard.saturating_duration_since(pressed);
            eprintln!("{name}: play() to first sample at the sink monitor: {latency:?}");
        }
    }
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn seek_plays_from_the_exact_point_and_reports_latency() {
    let Some(_sink) = enabled() else { return };
    let name = "speech-16k-s16.wav";
    let (player, events) = new_player();
    player.load(&fixture(name)).expect("loads");
    // Seek before playing: the first sound is the source from 1.0 s.
    player.seek(1.0).expect("seeks");
    assert!((player.position_secs() - 1.0).abs() < 1e-3);
    let capture = Capture::start();
    player.play().expect("plays");
    wait_for_end(&events, Duration::from_secs(10));
    let recorded = capture.stop();
    let reference = reference_48k(name);
    let from = &reference[RATE..];
    let (corr, _) = aligned_correlation(&recorded.channel(0), from, 960);
    eprintln!("seek before play: correlation with the source from 1.0 s: {corr:.4}");
    assert!(corr > 0.9, "correlation {corr}");

    // Seek while playing: from 0.2 s jump to 1.3 s; the capture then holds source from 1.3 s.
    let (player, events) = new_player();
    player.load(&fixture(name)).expect("loads");
    let capture = Capture::start();
    player.play().expect("plays");
    std::thread::sleep(Duration::from_millis(200));
    let asked = Instant::now();
    player.seek(1.3).expect("seeks");
    let returned = asked.elapsed();
    wait_for_end(&events, Duration::from_secs(10));
    let recorded = capture.stop();
    let left = recorded.channel(0);
    let template =
        &reference[(1.3 * RATE as f64) as usize..(1.3 * RATE as f64) as usize + RATE / 2];
    // Find the template in the capture (decimated by 3 to keep the search cheap).
    let dec = |s: &[f32]| s.iter().step_by(3).copied().collect::<Vec<f32>>();
    let (cap3, tpl3) = (dec(&left), dec(template));
    let mut best = (f64::MIN, 0usize);
    for lag in 0..cap3.len().saturating_sub(tpl3.len()) {
        let corr = correlation(&cap3[lag..lag + tpl3.len()], &tpl3);
        if corr > best.0 {
            best = (corr, lag);
        }
    }
    eprintln!(
        "seek while playing: template found with correlation {:.4}",
        best.0
    );
    assert!(
        best.0 > 0.9,
        "the audio after the seek is the source from 1.3 s"
    );
    if let Some(heard) = recorded.time_of(best.1 * 3) {
        eprintln!(
            "seek(): returned after {returned:?}; new audio at the sink monitor after {:?}",
            heard.saturating_duration_since(asked)
        );
    }
}

/// Seconds between the points where `samples` (a tone with hard edges) first and last reach
/// half its steady level: the stretcher's windows smear edges symmetrically around those points.
fn tone_seconds(samples: &[f32]) -> f64 {
    let steady = samples[samples.len() / 3..samples.len() * 2 / 3]
        .iter()
        .fold(0.0f32, |m, s| m.max(s.abs()));
    let half = steady / 2.0;
    let start = first_loud(samples, half).expect("sound");
    let end = samples.len()
        - first_loud(&samples.iter().rev().copied().collect::<Vec<_>>(), half).expect("sound");
    (end - start) as f64 / RATE as f64
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn plays_the_recording_to_its_last_sample() {
    let Some(_sink) = enabled() else { return };
    let (player, events) = new_player();
    let info = player.load(&fixture("tone-440-16k.wav")).expect("loads");
    let capture = Capture::start();
    player.play().expect("plays");
    wait_for_end(&events, Duration::from_secs(10));
    let played = tone_seconds(&capture.stop().channel(0));
    eprintln!("1x: {played:.3} s of sound for {:.3} s", info.duration_secs);
    assert!(
        (played - info.duration_secs).abs() < 0.02,
        "played {played} s of {} s",
        info.duration_secs
    );
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn speed_one_and_a_half_is_shorter_at_the_same_pitch() {
    let Some(_sink) = enabled() else { return };
    let (player, events) = new_player();
    let info = player.load(&fixture("tone-440-16k.wav")).expect("loads");
    player.set_speed(1.5).expect("valid speed");
    let capture = Capture::start();
    player.play().expect("plays");
    wait_for_end(&events, Duration::from_secs(10));
    let recorded = capture.stop();
    let left = recorded.channel(0);
    let played = tone_seconds(&left);
    let expected = info.duration_secs / 1.5;
    eprintln!("1.5x: {played:.3} s of sound for {expected:.3} s expected");
    // 2 %: the end of the recording must not be cut off (it was, by ~80 ms, when the stream
    // stopped while the device still held its buffer).
    assert!(
        (played - expected).abs() < expected * 0.02,
        "played {played} s"
    );
    let freq = frequency(&left);
    eprintln!("1.5x: {freq:.1} Hz");
    assert!((freq - 440.0).abs() < 440.0 * 0.03, "pitch {freq} Hz");
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn channel_mode_plays_one_side_on_both_outputs() {
    let Some(_sink) = enabled() else { return };
    for (mode, want) in [(ChannelMode::Left, 440.0), (ChannelMode::Right, 1000.0)] {
        let (player, events) = new_player();
        player
            .load(&fixture("dual-440-1000-8k.wav"))
            .expect("loads");
        player.set_channel_mode(mode);
        let capture = Capture::start();
        player.play().expect("plays");
        wait_for_end(&events, Duration::from_secs(10));
        let recorded = capture.stop();
        for channel in 0..2 {
            let freq = frequency(&recorded.channel(channel));
            eprintln!("{mode:?} output {channel}: {freq:.1} Hz");
            assert!(
                (freq - want).abs() < want * 0.03,
                "{mode:?} output {channel}: {freq} Hz"
            );
        }
    }
    // Both: left hears the agent, right the customer.
    let (player, events) = new_player();
    player
        .load(&fixture("dual-440-1000-8k.wav"))
        .expect("loads");
    let capture = Capture::start();
    player.play().expect("plays");
    wait_for_end(&events, Duration::from_secs(10));
    let recorded = capture.stop();
    assert!((frequency(&recorded.channel(0)) - 440.0).abs() < 13.0);
    assert!((frequency(&recorded.channel(1)) - 1000.0).abs() < 30.0);
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn volume_zero_is_silent_while_time_advances() {
    let Some(_sink) = enabled() else { return };
    let (player, events) = new_player();
    player.load(&fixture("speech-16k-s16.wav")).expect("loads");
    player.set_volume(0.0);
    let capture = Capture::start();
    player.play().expect("plays");
    std::thread::sleep(Duration::from_millis(800));
    let position = player.position_secs();
    assert!(position > 0.4, "position advances while muted: {position}");
    player.set_volume(1.0);
    wait_for_end(&events, Duration::from_secs(10));
    let recorded = capture.stop();
    let left = recorded.channel(0);
    let onset = first_loud(&left, 1e-4).expect("sound after unmuting");
    // The capture began ~0.4 s before play() and the first ~0.8 s of playback were muted, so
    // nothing is audible in the first second of the capture.
    assert!(
        onset > RATE,
        "silent while muted (first sound at frame {onset})"
    );
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn pause_holds_the_position_and_resume_continues() {
    let Some(_sink) = enabled() else { return };
    let (player, events) = new_player();
    player.load(&fixture("speech-16k-s16.wav")).expect("loads");
    player.play().expect("plays");
    std::thread::sleep(Duration::from_millis(600));
    player.pause();
    std::thread::sleep(Duration::from_millis(100));
    let paused_at = player.position_secs();
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(player.position_secs(), paused_at, "paused position holds");
    assert!(paused_at > 0.3 && paused_at < 1.0, "position {paused_at}");
    assert!(!player.is_playing());
    player.play().expect("resumes");
    wait_for_end(&events, Duration::from_secs(10));
    assert!((player.position_secs() - 2.5).abs() < 0.01);
    // Playing again after the end starts over.
    player.play().expect("plays again");
    std::thread::sleep(Duration::from_millis(300));
    let again = player.position_secs();
    assert!(again > 0.0 && again < 1.0, "restarted at {again}");
    player.stop();
    assert!(!player.is_playing());
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn position_events_arrive_about_thirty_times_a_second() {
    let Some(_sink) = enabled() else { return };
    let (player, events) = new_player();
    player.load(&fixture("speech-16k-s16.wav")).expect("loads");
    player.play().expect("plays");
    let started = Instant::now();
    let mut positions = Vec::new();
    while started.elapsed() < Duration::from_secs(1) {
        if let Ok(PlayerEvent::Position {
            secs,
            playing: true,
        }) = events.recv_timeout(Duration::from_millis(100))
        {
            positions.push(secs);
        }
    }
    player.stop();
    eprintln!("{} position events in 1 s", positions.len());
    assert!(
        (20..=40).contains(&positions.len()),
        "{} events",
        positions.len()
    );
    assert!(
        positions.windows(2).all(|w| w[1] >= w[0]),
        "positions only move forward"
    );
}

/// Runs `pactl` with `args`, returning its output.
fn pactl(args: &[&str]) -> String {
    let out = Command::new("pactl")
        .args(args)
        .output()
        .expect("pactl runs (pulseaudio-utils)");
    assert!(out.status.success(), "pactl {args:?} failed: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Puts the test sink back the way tests/with-pulse.sh made it.
fn restore_sink() {
    if !pactl(&["list", "short", "sinks"]).contains("vsink") {
        pactl(&[
            "load-module",
            "module-null-sink",
            "sink_name=vsink",
            "rate=48000",
            "channels=2",
            "norewinds=1",
        ]);
    }
    pactl(&["set-default-sink", "vsink"]);
}

#[test]
#[ignore = "needs a PulseAudio null sink: make test-audio"]
fn losing_the_output_mid_play_is_reported_and_play_resumes_once_it_is_back() {
    let Some(_sink) = enabled() else { return };
    let (player, events) = new_player();
    player.load(&fixture("speech-16k-s16.wav")).expect("loads");
    player.play().expect("plays");
    std::thread::sleep(Duration::from_millis(500));

    // The only sink goes away, as a USB headset does when unplugged.
    let module = pactl(&["list", "short", "modules"])
        .lines()
        .find(|l| l.contains("module-null-sink") && l.contains("sink_name=vsink"))
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .expect("the test sink's module");
    pactl(&["unload-module", &module]);

    let deadline = Instant::now() + Duration::from_secs(5);
    let mut lost = None;
    let mut unavailable = false;
    while Instant::now() < deadline && lost.is_none() {
        match events.recv_timeout(Duration::from_millis(50)) {
            Ok(PlayerEvent::Error(err)) => lost = Some(err),
            Ok(PlayerEvent::DeviceAvailable(false)) => unavailable = true,
            _ => {}
        }
    }
    let outcome = (|| {
        let lost = lost.ok_or("no error event within 5 s of the sink going away")?;
        let message = lost.to_string();
        eprintln!("reported: {message} ({lost:?})");
        if !message.contains("audio output went away") || message.contains("ALSA") {
            return Err(format!("not a message for a person: {message}"));
        }
        if !unavailable {
            return Err("no DeviceAvailable(false) event".into());
        }
        if player.is_playing() {
            return Err("still says it is playing".into());
        }
        Ok(player.position_secs())
    })();
    // Whatever happened, the sink comes back for the other tests.
    restore_sink();
    let held = outcome.unwrap_or_else(|e| panic!("{e}"));
    assert!(held > 0.2 && held < 2.5, "position kept at {held}");

    // Back: play continues from where it stopped and reaches the end.
    player.play().expect("plays again once the output is back");
    std::thread::sleep(Duration::from_millis(150));
    let resumed = player.position_secs();
    assert!(resumed >= held, "resumed at {resumed}, stopped at {held}");
    wait_for_end(&events, Duration::from_secs(10));
}
