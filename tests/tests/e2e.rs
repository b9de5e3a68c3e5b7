//! The real app, end to end: `target/debug/formant-desk` in its real webview (WebKitWebDriver
//! through tauri-driver), under Xvfb, with the real OS keychain (gnome-keyring in a private
//! dbus session) and the sandbox API running in this test process.
//!
//! Run with `make test-e2e` (scripts/e2e.sh provides the display, keychain and audio sink).

use std::process::Command;
use std::time::Duration;

use formant_sandbox::{known, Sandbox, SandboxOptions, TOTAL_CONVERSATIONS};
use formant_tests::{
    answer_save_dialog, screenshot_display, screenshot_display_drawn, wait_for, wait_for_text,
    Driver, TestResult,
};
use thirtyfour::prelude::*;

/// A key that looks real, so finding it anywhere it should not be means something.
const KEY: &str = "sk_e2e_7c1f9a2b4d6e8f00";

async fn sandbox() -> TestResult<Sandbox> {
    Ok(Sandbox::start(SandboxOptions {
        api_key: KEY.into(),
        ..SandboxOptions::default()
    })
    .await?)
}

fn xpath_button(label: &str) -> By {
    By::XPath(format!("//button[normalize-space()='{label}']"))
}

async fn add_account(driver: &WebDriver, name: &str, base_url: &str, key: &str) -> TestResult {
    let form = wait_for(driver, By::Css("form[aria-label='Add account']"), 10).await?;
    let name_input = form.find(By::Css("input[name='name']")).await?;
    name_input.clear().await?;
    name_input.send_keys(name).await?;
    form.find(By::Css("input[name='region'][value='custom']"))
        .await?
        .click()
        .await?;
    let url = form.find(By::Css("input[name='base_url']")).await?;
    url.clear().await?;
    url.send_keys(base_url).await?;
    let key_input = form.find(By::Css("input[name='api_key']")).await?;
    key_input.clear().await?;
    key_input.send_keys(key).await?;
    form.find(By::Css("button[type='submit']"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Types into the list's text filter and opens the single matching call.
async fn open_call(driver: &WebDriver, id: &str) -> TestResult {
    let filter = wait_for(
        driver,
        By::Css("input[aria-label='Search number or id']"),
        10,
    )
    .await?;
    filter.clear().await?;
    filter.send_keys(id).await?;
    wait_for_text(driver, By::Css("[data-testid='match-count']"), 10, |t| {
        t.starts_with("1 of")
    })
    .await?;
    wait_for(
        driver,
        By::Css("[role='grid'] [role='row'][aria-rowindex], [role='grid'] .list-row"),
        10,
    )
    .await?
    .click()
    .await?;
    Ok(())
}

fn keychain_lookup(username: &str) -> TestResult<String> {
    let out = Command::new("secret-tool")
        .args([
            "lookup",
            "service",
            "dev.formant.desk",
            "username",
            username,
        ])
        .output()?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn config_file() -> std::path::PathBuf {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".config")
        });
    base.join("dev.formant.desk").join("accounts.json")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display, WebKitWebDriver and a Secret Service: run with `make test-e2e`"]
async fn review_calls_in_the_real_app() -> TestResult {
    let sandbox = sandbox().await?;
    let driver = Driver::spawn()?;
    let app = driver.launch_app(&[]).await?;
    let outcome = review_calls(&app, &sandbox).await;
    if outcome.is_err() {
        let _ = screenshot_display("e2e-failure.png");
    }
    app.quit().await?;
    outcome
}

async fn review_calls(app: &WebDriver, sandbox: &Sandbox) -> TestResult {
    // First run: no accounts, so the welcome screen offers to add one.
    wait_for(app, xpath_button("Add account"), 30)
        .await?
        .click()
        .await?;

    // A wrong key is refused and nothing is stored.
    add_account(app, "Lab", &sandbox.base_url(), "sk_wrong_000000000").await?;
    let error = wait_for_text(app, By::Css("[data-testid='key-error']"), 15, |t| {
        !t.is_empty()
    })
    .await?;
    assert!(
        error.to_lowercase().contains("key"),
        "the error names the key: {error}"
    );
    assert!(!std::fs::read_to_string(config_file())
        .unwrap_or_default()
        .contains("Lab"));

    // The right key: the account is saved (key in the keychain only) and the list loads.
    add_account(app, "Lab", &sandbox.base_url(), KEY).await?;
    wait_for_text(app, By::Css("[data-testid='list-total']"), 20, |t| {
        t == format!("{TOTAL_CONVERSATIONS} calls")
    })
    .await?;
    let accounts_json = std::fs::read_to_string(config_file())?;
    assert!(
        accounts_json.contains("Lab"),
        "account saved: {accounts_json}"
    );
    assert!(
        !accounts_json.contains(KEY),
        "the key never reaches the accounts file"
    );
    let id = accounts_json
        .split("\"id\":")
        .nth(1)
        .and_then(|s| s.split('"').nth(1))
        .ok_or("account id in accounts.json")?;
    assert_eq!(
        keychain_lookup(id)?.trim(),
        KEY,
        "the key is in the OS keychain"
    );
    let page_source = app.source().await?;
    assert!(!page_source.contains(KEY), "the webview never sees the key");

    // The account syncs into the library by itself; once it has, the list reads from it
    // (filters and sorts run in the store).
    wait_for_text(app, By::Css("[data-testid='library-status']"), 90, |t| {
        t.contains("synced")
    })
    .await?;

    // A call with timed {speaker, text} turns.
    open_call(app, known::TIMED_CALL).await?;
    wait_for_text(app, By::Css("[data-testid='transcript']"), 15, |t| {
        t.contains("thank you for calling FormantAI support")
    })
    .await?;
    wait_for_text(app, By::Css("[data-testid='results-tree']"), 5, |t| {
        t.contains("excellent")
    })
    .await?;
    // Its recording downloads and the player knows its length (245.7 s); the waveform draws.
    wait_for_text(app, By::Css("[data-testid='player-time']"), 30, |t| {
        t.contains("/ 4:05")
    })
    .await?;
    let inked: bool = app
        .execute(
            r#"const c = document.querySelector("canvas[data-testid='waveform-detail']");
               if (!c) return false;
               const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
               let inked = 0;
               for (let i = 3; i < d.length; i += 4) if (d[i] > 0) inked++;
               return inked > 100;"#,
            vec![],
        )
        .await?
        .convert()?;
    assert!(inked, "the waveform canvas has been drawn on");
    // Clicking the customer's turn (6 s) seeks there; Play moves the playhead on from it
    // (the audio goes to the PulseAudio null sink).
    wait_for(app, By::Css("button[aria-label='Play from 0:06']"), 5)
        .await?
        .click()
        .await?;
    wait_for_text(app, By::Css("[data-testid='player-time']"), 10, |t| {
        t.starts_with("0:06")
    })
    .await?;
    wait_for(app, By::Css("button[aria-label='Play']"), 5)
        .await?
        .click()
        .await?;
    wait_for_text(app, By::Css("[data-testid='player-time']"), 15, |t| {
        t.starts_with("0:08") || t.starts_with("0:09") || t.starts_with("0:1")
    })
    .await?;
    wait_for(app, By::Css("button[aria-label='Pause']"), 5)
        .await?
        .click()
        .await?;
    // A reviewer's speed: chosen here, the engine keeps it (and saves it for the next launch).
    wait_for(
        app,
        By::Css("select[aria-label='Playback speed'] option[value='1.5']"),
        5,
    )
    .await?
    .click()
    .await?;
    wait_for_speed_shown(app, "1.5").await?;

    // A completed call whose recording is not there yet says so, without an error screen.
    open_call(app, known::NO_RECORDING_CALL).await?;
    wait_for_text(
        app,
        By::Css("[data-testid='recording-unavailable']"),
        15,
        |t| t.to_lowercase().contains("not available"),
    )
    .await?;

    // A call held in Hindi: the Devanagari text arrives intact and is drawn with the bundled
    // Indic font (this machine has none of its own), served under the app's CSP.
    open_call(app, known::HINDI_CALL).await?;
    wait_for_text(app, By::Css("[data-testid='transcript']"), 15, |t| {
        t.contains("नमस्ते, क्या मेरी बात राहुल जी से हो रही है?")
    })
    .await?;
    let indic = app
        .execute_async(
            r#"
const done = arguments[arguments.length - 1];
document.fonts.ready.then(() => done([...document.fonts]
  .filter((f) => f.family.includes('Formant Indic') && f.status === 'loaded').length));
"#,
            Vec::<serde_json::Value>::new(),
        )
        .await?
        .json()
        .as_u64();
    assert_eq!(
        indic,
        Some(1),
        "the Devanagari face of the bundled font is loaded"
    );
    // Its turns count milliseconds (7400 = 0:07), not seconds (7400 s = 2:03:20).
    wait_for_text(app, By::Css("[data-testid='transcript']"), 5, |t| {
        t.contains("0:07") && !t.contains("2:03:20")
    })
    .await?;
    // Its recording loads at the speed chosen on the first call, and the control says so.
    wait_for_text(app, By::Css("[data-testid='player-time']"), 30, |t| {
        !t.ends_with("/ 0:00")
    })
    .await?;
    wait_for_speed_shown(app, "1.5").await?;
    // Saved for the next launch (written off the engine's thread: wait for it).
    let settings_file = config_file().with_file_name("player.json");
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let saved = std::fs::read_to_string(&settings_file).unwrap_or_default();
        let saved: serde_json::Value = serde_json::from_str(&saved).unwrap_or_default();
        if saved["speed"] == 1.5 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the speed is saved for the next launch: {saved}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    screenshot_display_drawn("e2e-hindi-call.png", 10).await?;

    // A call with {role, message} turns.
    open_call(app, known::ROLE_MESSAGE_CALL).await?;
    wait_for_text(app, By::Css("[data-testid='transcript']"), 15, |t| {
        t.contains("Yes, I can talk.")
    })
    .await?;

    // Filter by status over what is loaded.
    let filter = wait_for(app, By::Css("input[aria-label='Search number or id']"), 5).await?;
    filter.clear().await?;
    filter.send_keys("+91").await?;
    let matches = wait_for_text(app, By::Css("[data-testid='match-count']"), 10, |t| {
        t.contains(" of ")
    })
    .await?;
    let shown: usize = matches
        .split_whitespace()
        .next()
        .and_then(|n| n.replace(',', "").parse().ok())
        .ok_or("match count")?;
    assert!(
        shown > 0 && shown < TOTAL_CONVERSATIONS,
        "filtering narrows the list: {matches}"
    );
    filter.clear().await?;

    // Export the open call's transcript through the native save dialog.
    wait_for(app, xpath_button("Export transcript…"), 10)
        .await?
        .click()
        .await?;
    wait_for(app, By::Css("input[name='export-format'][value='txt']"), 10)
        .await?
        .click()
        .await?;
    let out_dir = tempfile_dir()?;
    let out = out_dir.join("exported-call.txt");
    wait_for(app, xpath_button("Save…"), 5)
        .await?
        .click()
        .await?;
    answer_save_dialog("Export transcript", &out)?;
    wait_for_text(app, By::Css("[data-testid='export-done']"), 20, |t| {
        !t.is_empty()
    })
    .await?;
    let exported = std::fs::read_to_string(&out)?;
    assert!(
        exported.contains("Yes, I can talk."),
        "export holds the transcript: {exported}"
    );
    assert!(
        exported.contains(known::ROLE_MESSAGE_CALL),
        "export names the call"
    );
    wait_for(app, xpath_button("Close"), 5)
        .await?
        .click()
        .await?;

    // A second account (it becomes active), then back to the first with Ctrl+1.
    wait_for(app, By::Css("[data-testid='account-switcher']"), 5)
        .await?
        .click()
        .await?;
    wait_for(app, xpath_button("Manage accounts…"), 5)
        .await?
        .click()
        .await?;
    add_account(app, "Lab two", &sandbox.base_url(), KEY).await?;
    wait_for_text(
        app,
        By::Css("[data-testid='active-account-name']"),
        15,
        |t| t == "Lab two",
    )
    .await?;
    if let Ok(close) = app
        .find(By::Css("[role='dialog'] button[aria-label='Close']"))
        .await
    {
        close.click().await?;
    }
    app.action_chain()
        .key_down(Key::Control)
        .send_keys("1")
        .key_up(Key::Control)
        .perform()
        .await?;
    wait_for_text(
        app,
        By::Css("[data-testid='active-account-name']"),
        10,
        |t| t == "Lab",
    )
    .await?;
    wait_for_text(app, By::Css("[data-testid='list-total']"), 20, |t| {
        t == format!("{TOTAL_CONVERSATIONS} calls")
    })
    .await?;
    // The X server can lag the DOM by a frame or two.
    tokio::time::sleep(Duration::from_millis(700)).await;
    screenshot_display_drawn("e2e-accounts.png", 10).await?;

    // The log a user attaches to a support request: the requests with their status, the
    // account switches, and never the key.
    let log = app_log()?;
    assert!(
        log.lines()
            .any(|l| l.contains("api request") && l.contains("status=200")),
        "requests are logged: {}",
        log.chars().take(2000).collect::<String>()
    );
    assert!(
        log.contains("switched account"),
        "account switches are logged"
    );
    assert!(!log.contains(KEY), "the key never reaches the log");
    Ok(())
}

/// Every log file of the app (Linux: `$XDG_DATA_HOME/dev.formant.desk/logs`), concatenated.
fn app_log() -> TestResult<String> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".local/share")
        });
    let mut text = String::new();
    for entry in std::fs::read_dir(base.join("dev.formant.desk").join("logs"))? {
        text.push_str(&std::fs::read_to_string(entry?.path())?);
    }
    Ok(text)
}

/// Waits until the speed control shows `value` (what the engine reported).
async fn wait_for_speed_shown(app: &WebDriver, value: &str) -> TestResult {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let shown = app
            .execute(
                r#"return document.querySelector("select[aria-label='Playback speed']")?.value ?? null;"#,
                vec![],
            )
            .await?
            .json()
            .as_str()
            .map(str::to_owned);
        if shown.as_deref() == Some(value) {
            return Ok(());
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the speed control shows {shown:?}, not {value}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn tempfile_dir() -> TestResult<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("formant-e2e-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a display and WebKitWebDriver: run with `make test-e2e`"]
async fn demo_flag_opens_the_demo_with_its_calls() -> TestResult {
    let driver = Driver::spawn()?;
    let app = driver.launch_app(&["--demo"]).await?;
    let outcome = async {
        let name = wait_for_text(
            &app,
            By::Css("[data-testid='active-account-name']"),
            30,
            |t| !t.is_empty(),
        )
        .await?;
        assert_eq!(name, "Demo");
        wait_for_text(&app, By::Css("[data-testid='list-total']"), 20, |t| {
            t == format!("{TOTAL_CONVERSATIONS} calls")
        })
        .await?;
        screenshot_display_drawn("main-window.png", 10).await?;
        TestResult::Ok(())
    }
    .await;
    app.quit().await?;
    outcome
}
