//! The harness for end-to-end tests: the real `formant-desk` binary, driven through
//! tauri-driver and WebKitWebDriver, against a sandbox API in this process.
//!
//! Run through `make test-e2e` (which provides the display, the keychain and the audio
//! sink via `scripts/e2e.sh`); the tests are `#[ignore]`d so a plain `cargo test` on a
//! machine without them stays green.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use thirtyfour::prelude::*;

pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The workspace root (this crate lives in `tests/`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `target/debug/formant-desk`, or the binary `FORMANT_APP_BINARY` names (e.g. a release build
/// for benchmarks).
pub fn app_binary() -> PathBuf {
    if let Some(binary) = std::env::var_os("FORMANT_APP_BINARY") {
        return PathBuf::from(binary);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    target.join("debug").join("formant-desk")
}

/// Where screenshots and other evidence go (`artifacts/`, git-ignored).
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("FORMANT_E2E_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("artifacts"));
    let _ = std::fs::create_dir_all(&dir);
    dir
}

fn free_port() -> TestResult<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running tauri-driver; killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    pub fn spawn() -> TestResult<Self> {
        Self::spawn_with_env(&[])
    }

    /// Like [`Driver::spawn`], with extra environment variables that reach the apps it launches
    /// (e.g. `FORMANT_API_KEY` + `FORMANT_BASE_URL` for an environment account).
    pub fn spawn_with_env(vars: &[(&str, &str)]) -> TestResult<Self> {
        let exe = std::env::var("TAURI_DRIVER").unwrap_or_else(|_| "tauri-driver".into());
        let port = free_port()?;
        let native_port = free_port()?;
        let child = Command::new(&exe)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .args(["--native-driver", "/usr/bin/WebKitWebDriver"])
            .envs(vars.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("could not start {exe}: {e}"))?;
        let driver = Self {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        // Ready once both listen: tauri-driver itself, and the WebKitWebDriver it starts and
        // passes each request on to (a session asked for before that fails to send).
        let deadline = Instant::now() + Duration::from_secs(20);
        for (listener, what) in [(port, "tauri-driver"), (native_port, "WebKitWebDriver")] {
            while std::net::TcpStream::connect(("127.0.0.1", listener)).is_err() {
                if Instant::now() > deadline {
                    return Err(format!("{what} did not start listening").into());
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        Ok(driver)
    }

    /// The tauri-driver process id: the apps it launches are among its descendants.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A WebDriver session on a fresh instance of the app, started with `args`.
    pub async fn launch_app(&self, args: &[&str]) -> TestResult<WebDriver> {
        let mut caps = Capabilities::new();
        caps.set("browserName", "wry")?;
        caps.set(
            "tauri:options",
            serde_json::json!({
                "application": app_binary().canonicalize()?.to_string_lossy(),
                "args": args,
            }),
        )?;
        Ok(WebDriver::new(&self.url, caps).await?)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits for an element matching `by`, up to `secs`.
pub async fn wait_for(driver: &WebDriver, by: By, secs: u64) -> TestResult<WebElement> {
    Ok(driver
        .query(by)
        .wait(Duration::from_secs(secs), Duration::from_millis(100))
        .first()
        .await?)
}

/// Waits until `check` holds for the text of the element matching `by`.
pub async fn wait_for_text(
    driver: &WebDriver,
    by: By,
    secs: u64,
    check: impl Fn(&str) -> bool,
) -> TestResult<String> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let mut last = String::new();
    loop {
        if let Ok(el) = driver.find(by.clone()).await {
            if let Ok(text) = el.text().await {
                if check(&text) {
                    return Ok(text);
                }
                last = text;
            }
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting on {by:?}; last text: {last:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A screenshot of the whole X display once the window shows more than a blank page: the DOM
/// can be complete well before the first frame reaches the (software-rendered) X display.
/// Fails if it stays blank for `secs`.
pub async fn screenshot_display_drawn(name: &str, secs: u64) -> TestResult<PathBuf> {
    // A 1280×800 screen of one colour compresses to a few hundred bytes; any text, far more.
    const BLANK_BELOW_BYTES: u64 = 8 * 1024;
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let path = screenshot_display(name)?;
        if std::fs::metadata(&path)?.len() >= BLANK_BELOW_BYTES {
            return Ok(path);
        }
        if Instant::now() > deadline {
            return Err(format!(
                "the screen was still blank after {secs} s: {}",
                path.display()
            )
            .into());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// A screenshot of the whole X display (the WebDriver one may show an older frame).
pub fn screenshot_display(name: &str) -> TestResult<PathBuf> {
    let path = artifacts_dir().join(name);
    let status = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .status()?;
    if !status.success() {
        return Err(format!("import failed for {}", path.display()).into());
    }
    Ok(path)
}

/// The GTK save dialog titled `title` is a native window the WebDriver cannot see: give it
/// the keyboard focus with xdotool and type the path into its name field.
pub fn answer_save_dialog(title: &str, path: &std::path::Path) -> TestResult {
    answer_file_dialog(title, "ctrl+a", path, &["Return"])
}

/// The GTK folder dialog titled `title`: its location field (Ctrl+L) takes the path of an
/// existing folder. GTK completes a typed folder's name with a selected "/", and with it the
/// field names the folder's contents, which Open refuses: Delete drops the completion, then
/// Return chooses the folder.
pub fn answer_folder_dialog(title: &str, folder: &std::path::Path) -> TestResult {
    answer_file_dialog(title, "ctrl+l", folder, &["Delete", "Return"])?;
    // Where GTK opens the typed folder in the dialog instead of choosing it, a second Return
    // (the field now empty) chooses the folder shown.
    for _ in 0..3 {
        std::thread::sleep(Duration::from_millis(800));
        // Only a mapped window: GTK keeps a closed dialog's window around, hidden.
        let open = Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", title])
            .output()?;
        if String::from_utf8_lossy(&open.stdout).trim().is_empty() {
            return Ok(());
        }
        if !Command::new("xdotool")
            .args(["key", "--clearmodifiers", "Return"])
            .status()?
            .success()
        {
            return Err("xdotool key Return failed".into());
        }
    }
    Err(format!("the dialog \"{title}\" stayed open").into())
}

/// Focuses the dialog titled `title`, presses `into_field` to reach the field for a path,
/// types `path` there and presses Return.
fn answer_file_dialog(
    title: &str,
    into_field: &str,
    path: &std::path::Path,
    then: &[&str],
) -> TestResult {
    // Only a mapped window: an earlier dialog of the same title is kept around hidden, and
    // focusing it fails (BadMatch).
    let found = Command::new("xdotool")
        .args(["search", "--sync", "--onlyvisible", "--name", title])
        .output()?;
    let window = String::from_utf8_lossy(&found.stdout)
        .lines()
        .last()
        .map(str::to_owned)
        .ok_or("the dialog did not appear")?;
    std::thread::sleep(Duration::from_millis(800));
    let run = |args: &[&str]| -> TestResult {
        let status = Command::new("xdotool").args(args).status()?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("xdotool {args:?} failed").into())
        }
    };
    run(&["windowfocus", "--sync", &window])?;
    run(&["key", "--clearmodifiers", into_field])?;
    run(&["type", "--delay", "20", &path.to_string_lossy()])?;
    // Let the field's completion settle before the keys that act on it.
    std::thread::sleep(Duration::from_millis(400));
    for key in then {
        run(&["key", "--clearmodifiers", key])?;
    }
    Ok(())
}
