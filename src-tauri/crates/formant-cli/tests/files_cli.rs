//! How `formant` writes files, end to end: downloads are checked before they replace anything,
//! outputs keep their permissions and devices stay devices, and Ctrl-C or SIGTERM in the middle
//! of a command leaves no temp file and the old file as it was.
//!
//! The misbehaving servers are tiny HTTP servers on 127.0.0.1 in this process (a body that is
//! an HTML page, a recording that trickles and then stalls, a request never answered); the
//! well-behaved one is the real sandbox.

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use formant_sandbox::{known, Fault, FaultKind, Sandbox, SandboxOptions};

/// Far longer than any condition here takes to come true on a loaded machine; reaching it means
/// the test failed, it is not a timing assertion.
const GIVE_UP: Duration = Duration::from_secs(120);

fn names_in(dir: &Path) -> Vec<OsString> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    names
}

fn part_files_in(dir: &Path) -> Vec<OsString> {
    names_in(dir)
        .into_iter()
        .filter(|n| n.to_string_lossy().ends_with(".part"))
        .collect()
}

fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < GIVE_UP, "gave up waiting for {what}");
        thread::sleep(Duration::from_millis(20));
    }
}

/// The real sandbox, served by its own runtime while the test blocks on the CLI.
struct SandboxServer {
    sandbox: Sandbox,
    _runtime: tokio::runtime::Runtime,
}

impl SandboxServer {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sandbox = runtime
            .block_on(Sandbox::start(SandboxOptions::default()))
            .expect("sandbox");
        Self {
            sandbox,
            _runtime: runtime,
        }
    }

    fn formant(&self) -> Command {
        formant_at(&self.sandbox.base_url(), self.sandbox.api_key())
    }
}

fn formant_at(base_url: &str, key: &str) -> Command {
    let mut cmd = Command::cargo_bin("formant").expect("binary");
    cmd.env_remove("FORMANT_REGION")
        .env("FORMANT_API_KEY", key)
        .env("FORMANT_BASE_URL", base_url);
    cmd
}

/// A server that answers every request the same way.
#[derive(Clone, Copy)]
enum Behaviour {
    /// 200 with an HTML page, labelled as audio, as a captive portal or a proxy sends it.
    HtmlPage,
    /// A WAV header and a little audio out of a promised megabyte, then nothing.
    TrickleThenStall,
    /// Reads the request and never answers.
    NeverAnswer,
}

struct LocalServer {
    url: String,
    /// One message per request received.
    requests: mpsc::Receiver<()>,
}

impl LocalServer {
    fn start(behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (seen, requests) = mpsc::channel();
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let seen = seen.clone();
                thread::spawn(move || answer(stream, behaviour, &seen));
            }
        });
        Self { url, requests }
    }

    fn wait_for_a_request(&self) {
        self.requests.recv_timeout(GIVE_UP).expect("a request");
    }
}

fn answer(mut stream: TcpStream, behaviour: Behaviour, seen: &mpsc::Sender<()>) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    while reader.read_line(&mut line).map(|n| n > 0).unwrap_or(false) && line != "\r\n" {
        line.clear();
    }
    let _ = seen.send(());
    match behaviour {
        Behaviour::HtmlPage => {
            let body = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\
                        <body>Please sign in to continue.</body></html>\n";
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
        }
        Behaviour::TrickleThenStall => {
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: 1000044\r\n\r\n"
            );
            let _ = stream.write_all(&wav_header(1_000_000));
            let _ = stream.write_all(&[0u8; 4000]);
            let _ = stream.flush();
            // Holds the connection open until the client goes away.
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        }
        Behaviour::NeverAnswer => {
            let _ = std::io::copy(&mut reader, &mut std::io::sink());
        }
    }
}

/// A 16-bit mono 8 kHz WAV header announcing `data_bytes` of audio.
fn wav_header(data_bytes: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(44);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data_bytes).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes()); // PCM
    h.extend_from_slice(&1u16.to_le_bytes()); // mono
    h.extend_from_slice(&8000u32.to_le_bytes());
    h.extend_from_slice(&16000u32.to_le_bytes());
    h.extend_from_slice(&2u16.to_le_bytes());
    h.extend_from_slice(&16u16.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_bytes.to_le_bytes());
    h
}

// ---------- downloads are checked before they replace anything ----------

#[test]
fn a_download_that_is_an_html_page_fails_and_keeps_the_old_recording() {
    let server = LocalServer::start(Behaviour::HtmlPage);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    std::fs::write(&dest, b"the good recording").expect("seed");
    let out = formant_at(&server.url, "key")
        .args(["recording", "download", "conv-1", "-o"])
        .arg(&dest)
        .assert()
        .code(7)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).expect("utf-8");
    assert!(
        stderr.contains(
            "the server sent something that is not a WAV recording: it looks like an HTML page"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("was left as it was"), "{stderr}");
    assert_eq!(std::fs::read(&dest).expect("kept"), b"the good recording");
    assert_eq!(names_in(dir.path()), vec![OsString::from("call.wav")]);
}

#[test]
fn a_download_that_is_an_xml_error_fails_and_keeps_the_old_recording() {
    let server = SandboxServer::start();
    server.sandbox.faults().push(Fault {
        kind: FaultKind::NotWav,
        times: 1,
        path_contains: None,
    });
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    std::fs::write(&dest, b"the good recording").expect("seed");
    server
        .formant()
        .args(["recording", "download", known::TIMED_CALL, "-o"])
        .arg(&dest)
        .assert()
        .code(7)
        .stderr(predicates::str::contains("it looks like an XML document"));
    assert_eq!(std::fs::read(&dest).expect("kept"), b"the good recording");
    assert_eq!(names_in(dir.path()), vec![OsString::from("call.wav")]);

    // The next answer is a real recording: it replaces the old file, and plays.
    server
        .formant()
        .args(["recording", "download", known::TIMED_CALL, "-o"])
        .arg(&dest)
        .assert()
        .success();
    formant_audio::probe_playable(&dest).expect("a playable recording");
    assert_eq!(names_in(dir.path()), vec![OsString::from("call.wav")]);
}

// ---------- permissions, devices, symlinks ----------

#[cfg(unix)]
#[test]
fn outputs_keep_their_permissions_and_devices_stay_devices() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};

    let server = SandboxServer::start();
    let dir = tempfile::tempdir().expect("dir");
    let mode = |p: &Path| std::fs::metadata(p).expect("stat").permissions().mode() & 0o777;

    let transcript = dir.path().join("call.txt");
    std::fs::write(&transcript, "old").expect("seed");
    std::fs::set_permissions(&transcript, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    server
        .formant()
        .args([
            "transcript",
            "export",
            known::TIMED_CALL,
            "--format",
            "txt",
            "-o",
        ])
        .arg(&transcript)
        .assert()
        .success();
    assert_ne!(std::fs::read(&transcript).expect("read"), b"old");
    assert_eq!(mode(&transcript), 0o644, "a 0644 file stays 0644");

    // A link to the recording: the link stays, the file it points to is replaced.
    let real = dir.path().join("real.wav");
    std::fs::write(&real, "old").expect("seed");
    let link = dir.path().join("latest.wav");
    std::os::unix::fs::symlink(&real, &link).expect("link");
    server
        .formant()
        .args(["recording", "download", known::TIMED_CALL, "-o"])
        .arg(&link)
        .assert()
        .success();
    assert!(std::fs::symlink_metadata(&link)
        .expect("lstat")
        .file_type()
        .is_symlink());
    formant_audio::probe_playable(&real).expect("the target got the recording");

    if std::fs::metadata("/dev/null")
        .map(|m| m.file_type().is_char_device())
        .unwrap_or(false)
    {
        for args in [
            &["recording", "download", known::TIMED_CALL][..],
            &[
                "transcript",
                "export",
                known::TIMED_CALL,
                "--format",
                "json",
            ][..],
        ] {
            server
                .formant()
                .args(args)
                .args(["-o", "/dev/null"])
                .assert()
                .success();
        }
        let meta = std::fs::symlink_metadata("/dev/null").expect("lstat");
        assert!(
            meta.file_type().is_char_device(),
            "/dev/null is still a device"
        );
    }
    assert!(part_files_in(dir.path()).is_empty());
}

// ---------- Ctrl-C and SIGTERM ----------

#[cfg(unix)]
fn spawn_formant(base_url: &str, args: &[&std::ffi::OsStr]) -> Child {
    Process::new(assert_cmd::cargo::cargo_bin("formant"))
        .env_remove("FORMANT_REGION")
        .env("FORMANT_API_KEY", "key")
        .env("FORMANT_BASE_URL", base_url)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn formant")
}

#[cfg(unix)]
fn send(child: &Child, signal: nix::sys::signal::Signal) {
    let pid = i32::try_from(child.id()).expect("a pid");
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), signal).expect("kill");
}

#[cfg(unix)]
fn wait_for_exit(mut child: Child) -> (ExitStatus, String) {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = String::new();
            if let Some(mut pipe) = child.stderr.take() {
                let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
            }
            return (status, stderr);
        }
        if start.elapsed() > GIVE_UP {
            let _ = child.kill();
            panic!("formant did not exit after the signal");
        }
        thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn interrupted_download(signal: nix::sys::signal::Signal, expected_code: i32) {
    let server = LocalServer::start(Behaviour::TrickleThenStall);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.wav");
    std::fs::write(&dest, b"the good recording").expect("seed");
    let child = spawn_formant(
        &server.url,
        &[
            "recording".as_ref(),
            "download".as_ref(),
            "conv-1".as_ref(),
            "-o".as_ref(),
            dest.as_os_str(),
        ],
    );
    // Mid-download: the temp file exists and holds the bytes sent so far.
    wait_until("the download's temp file", || {
        !part_files_in(dir.path()).is_empty()
    });
    send(&child, signal);
    let (status, stderr) = wait_for_exit(child);
    assert_eq!(status.code(), Some(expected_code), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert_eq!(std::fs::read(&dest).expect("kept"), b"the good recording");
    assert_eq!(
        names_in(dir.path()),
        vec![OsString::from("call.wav")],
        "no .part left"
    );
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_download_removes_the_temp_file_and_exits_130() {
    interrupted_download(nix::sys::signal::Signal::SIGINT, 130);
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_download_removes_the_temp_file_and_exits_143() {
    interrupted_download(nix::sys::signal::Signal::SIGTERM, 143);
}

#[cfg(unix)]
#[test]
fn a_signal_during_a_transcript_export_keeps_the_old_file() {
    let server = LocalServer::start(Behaviour::NeverAnswer);
    let dir = tempfile::tempdir().expect("dir");
    let dest = dir.path().join("call.txt");
    std::fs::write(&dest, b"the old transcript").expect("seed");
    let child = spawn_formant(
        &server.url,
        &[
            "transcript".as_ref(),
            "export".as_ref(),
            "conv-1".as_ref(),
            "--format".as_ref(),
            "txt".as_ref(),
            "-o".as_ref(),
            dest.as_os_str(),
        ],
    );
    server.wait_for_a_request();
    send(&child, nix::sys::signal::Signal::SIGTERM);
    let (status, stderr) = wait_for_exit(child);
    assert_eq!(status.code(), Some(143), "{stderr}");
    assert_eq!(std::fs::read(&dest).expect("kept"), b"the old transcript");
    assert_eq!(names_in(dir.path()), vec![OsString::from("call.txt")]);
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_peaks_keeps_the_old_output_and_exits_130() {
    let dir = tempfile::tempdir().expect("dir");
    // The input is a FIFO this test feeds: the computation waits on it for as long as needed.
    let input: PathBuf = dir.path().join("incoming.wav");
    let made = Process::new("mkfifo").arg(&input).status().expect("mkfifo");
    assert!(made.success());
    let output = dir.path().join("peaks.json");
    std::fs::write(&output, b"the old peaks").expect("seed");
    let child = spawn_formant(
        "http://127.0.0.1:9",
        &[
            "peaks".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
        ],
    );
    // Opening the FIFO for writing returns once formant has opened it for reading.
    let mut feed = std::fs::File::options()
        .write(true)
        .open(&input)
        .expect("open the fifo");
    feed.write_all(&wav_header(1_000_000)).expect("header");
    feed.write_all(&[0u8; 4000]).expect("some audio");
    send(&child, nix::sys::signal::Signal::SIGINT);
    let (status, stderr) = wait_for_exit(child);
    drop(feed);
    assert_eq!(status.code(), Some(130), "{stderr}");
    assert_eq!(std::fs::read(&output).expect("kept"), b"the old peaks");
    assert!(part_files_in(dir.path()).is_empty());
}
