//! `formant sandbox` as a real process, answering real HTTP requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// The server process; killed when the test ends, pass or fail.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A GET with the sandbox's key over a plain socket; returns the body.
fn get(address: &str, path: &str, key: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    let (head, body) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_owned()
}

#[test]
fn the_sandbox_serves_the_size_it_is_asked_for() {
    let child = Command::new(env!("CARGO_BIN_EXE_formant"))
        .args(["sandbox", "--conversations", "500", "--key", "bench-key"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starts");
    let mut server = Running(child);
    let stdout = server.0.stdout.take().expect("stdout");
    let lines: Vec<String> = BufReader::new(stdout)
        .lines()
        .take(3)
        .map(|line| line.expect("utf-8 line"))
        .collect();
    let address = lines[0]
        .rsplit("http://")
        .next()
        .expect("a URL on the first line")
        .to_owned();
    assert_eq!(lines[2], "Conversations: 500", "{lines:?}");

    let page: serde_json::Value = serde_json::from_str(&get(
        &address,
        "/v1/conversations?limit=100&offset=450",
        "bench-key",
    ))
    .expect("JSON");
    assert_eq!(page["total"], 500);
    assert_eq!(page["data"].as_array().map(Vec::len), Some(50));
    let hour: serde_json::Value = serde_json::from_str(&get(
        &address,
        &format!("/v1/conversations/{}", formant_sandbox::known::HOUR_CALL),
        "bench-key",
    ))
    .expect("JSON");
    assert_eq!(hour["data"]["duration_seconds"], 3662.5);
}
