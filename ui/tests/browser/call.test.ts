// The call view in headless Chromium over the shared fake backend: transcript shapes, search,
// results, export, the waveform player and error states.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { CallFixtures } from "./call-harness-entry";
import { launchBrowser, openCallHarness, type CallPage } from "./call-harness";
import { ARTIFACTS_DIR } from "./harness";

let browser: Browser;
const open: CallPage[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of open) await p.context.close();
  await browser?.close();
});

async function harness(deviceScaleFactor = 1): Promise<{ page: Page; ids: CallFixtures; errors: string[] }> {
  const opened = await openCallHarness(browser, { accounts: "one", defaultCount: 80, latencyMs: 5 }, deviceScaleFactor);
  open.push(opened);
  const ids = await opened.page.evaluate(() => window.__callFixtures as CallFixtures);
  return { page: opened.page, ids, errors: opened.errors };
}

async function openCall(page: Page, id: string): Promise<void> {
  await page.evaluate((callId) => window.__openCall?.(callId), id);
  await page.waitForSelector('[data-testid="call-view"][data-complete="true"]');
}

function callsOf(page: Page, cmd: string): Promise<Record<string, unknown>[]> {
  return page.evaluate((c) => (window.__fakeBackend?.calls ?? []).filter((x) => x.cmd === c).map((x) => x.args), cmd);
}

/** Counts canvas pixels by colour family: anything not the background, and blue / green strokes. */
function canvasPixels(page: Page, testId: string) {
  return page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) return null;
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    let blueTop = 0;
    let blueBottom = 0;
    let greenTop = 0;
    let greenBottom = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        const [r, g, b] = [data[i] ?? 0, data[i + 1] ?? 0, data[i + 2] ?? 0];
        if (!(r === 0xf7 && g === 0xf8 && b === 0xfa)) drawn++;
        const blue = b > 180 && r < 90;
        const green = g > 130 && r < 60 && b < 130;
        const top = y < height / 2;
        if (blue && top) blueTop++;
        else if (blue) blueBottom++;
        if (green && top) greenTop++;
        else if (green) greenBottom++;
      }
    }
    return { drawn, blueTop, blueBottom, greenTop, greenBottom, width, height, cssWidth: canvas.clientWidth };
  }, testId);
}

describe("call view", () => {
  it("shows a timed multi-script call with stereo waveform, search, results and raw JSON", async () => {
    const { page, ids, errors } = await harness();
    await openCall(page, ids.stereo);

    // Transcript in the timed shape, with speakers and turn times.
    const turns = page.locator('[data-testid="transcript"] > li');
    expect(await turns.count()).toBe(5);
    expect(await turns.nth(3).locator(".turn__speaker").textContent()).toBe("Supervisor");
    expect(await turns.nth(2).locator(".turn__time").textContent()).toBe("0:12");

    // Search: case-insensitive across turns, Enter / Shift+Enter step with wrap-around.
    const search = page.getByLabel("Search transcript");
    await search.fill("account");
    await page.waitForSelector('[data-testid="search-count"]:has-text("1 of 4")');
    expect(await page.locator("mark.search-hit").count()).toBe(4);
    await search.press("Enter");
    await page.waitForSelector('[data-testid="search-count"]:has-text("2 of 4")');
    await search.press("Shift+Enter");
    await search.press("Shift+Enter");
    await page.waitForSelector('[data-testid="search-count"]:has-text("4 of 4")');
    expect(await page.locator("mark.search-hit--current").textContent()).toBe("ACCOUNT");
    // Hindi and emoji: whole syllables / emoji sequences highlighted.
    await search.fill("खाता");
    await page.waitForSelector('[data-testid="search-count"]:has-text("1 of 2")');
    expect(await page.locator("mark.search-hit").allTextContents()).toEqual(["खाता", "खाता"]);
    await search.fill("👍");
    await page.waitForSelector('[data-testid="search-count"]:has-text("1 of 1")');
    expect(await page.locator("mark.search-hit").textContent()).toBe("👍🏽");
    await search.fill("zzz");
    await page.waitForSelector('[data-testid="search-count"]:has-text("No matches")');
    await search.fill("");

    // Results tree (nested, booleans, null, long text) and the raw JSON toggle.
    const tree = page.getByTestId("results-tree");
    expect(await tree.locator("dt").allTextContents()).toEqual([
      "Call quality",
      "Sentiment analysis",
      "Overall sentiment",
      "Confidence",
      "Scores",
      "#1",
      "#2",
      "Callback requested",
      "Notes",
      "Summary",
    ]);
    expect(await tree.locator(".results-boolean dd").textContent()).toBe("No");
    await page.getByLabel("Raw JSON").check();
    const raw = JSON.parse((await page.getByTestId("raw-json").textContent()) ?? "{}") as Record<string, unknown>;
    expect(raw.fixture).toBe(true);
    expect(raw.conversation_id).toBe(ids.stereo);
    await page.getByLabel("Raw JSON").uncheck();

    // Waveform: drawn, sharp (backing store = CSS size × devicePixelRatio), two lanes
    // (agent blue on top, customer green below).
    await page.waitForFunction(() => !document.querySelector('[data-testid="recording-progress"]'));
    const detail = await canvasPixels(page, "waveform-detail");
    expect(detail).not.toBeNull();
    const dpr = await page.evaluate(() => window.devicePixelRatio);
    expect(detail!.width).toBe(Math.round(detail!.cssWidth * dpr));
    expect(detail!.drawn).toBeGreaterThan(1000);
    expect(detail!.blueTop).toBeGreaterThan(200);
    expect(detail!.greenBottom).toBeGreaterThan(200);
    expect(detail!.blueTop).toBeGreaterThan(detail!.blueBottom * 5);
    expect(detail!.greenBottom).toBeGreaterThan(detail!.greenTop * 5);
    const overview = await canvasPixels(page, "waveform-overview");
    expect(overview!.drawn).toBeGreaterThan(500);

    // Zoom buttons narrow and widen the detail window.
    const span = page.locator(".waveform-span");
    expect(await span.textContent()).toBe("0:00–0:30");
    await page.getByRole("button", { name: "Zoom in" }).click();
    expect(await span.textContent()).toBe("0:05–0:24");
    await page.getByRole("button", { name: "Zoom out" }).click();
    await page.getByRole("button", { name: "Zoom out" }).click();
    expect(await span.textContent()).toBe("0:00–0:48");

    // Hovering shows the time under the pointer; dragging seeks where the drag ends.
    const box = await page.getByTestId("waveform-detail").boundingBox();
    expect(box).not.toBeNull();
    const at = (fraction: number) => (box?.x ?? 0) + (box?.width ?? 0) * fraction;
    const midY = (box?.y ?? 0) + (box?.height ?? 0) / 2;
    await page.mouse.move(at(0.5), midY);
    const hoverText = await page.locator(".waveform-hover span").textContent();
    const windowText = ((await span.textContent()) ?? "").split("–");
    expect(hoverText).toMatch(/^0:\d\d$/);
    expect(hoverText! >= windowText[0]! && hoverText! <= windowText[1]!).toBe(true);
    const seeksBefore = (await callsOf(page, "player_seek")).length;
    await page.mouse.down();
    await page.mouse.move(at(0.25), midY, { steps: 4 });
    await page.mouse.up();
    const seeks = await callsOf(page, "player_seek");
    expect(seeks.length).toBe(seeksBefore + 1);
    expect(Math.abs(Number(seeks.at(-1)?.secs) - 12)).toBeLessThan(0.5);
    await page.mouse.move(0, 0);

    // Channel mode only for stereo, and it reaches the player.
    await page.getByRole("radio", { name: "Agent" }).click();
    await expect.poll(() => callsOf(page, "player_set_channel_mode")).toEqual([{ mode: "left" }]);

    // The scrubber is an ARIA slider.
    const slider = page.getByRole("slider", { name: "Playback position" });
    const max = Number(await slider.getAttribute("aria-valuemax"));
    expect(max).toBeGreaterThanOrEqual(40);
    await slider.focus();
    await page.keyboard.press("Home");
    await expect.poll(() => slider.getAttribute("aria-valuenow")).toBe("0");
    expect(await slider.getAttribute("aria-valuetext")).toMatch(/^0 seconds of \d+ minutes?( \d+ seconds?)?$/);
    await page.keyboard.press("ArrowRight");
    await expect.poll(async () => (await callsOf(page, "player_seek")).at(-1)).toEqual({ secs: 5 });
    await expect.poll(() => slider.getAttribute("aria-valuenow")).toBe("5");
    expect(await slider.getAttribute("aria-valuetext")).toMatch(/^5 seconds of /);

    // Clicking a turn seeks to its start; the turn spoken at that time is highlighted.
    await turns.nth(2).locator(".turn__text").click();
    await expect.poll(async () => (await callsOf(page, "player_seek")).at(-1)).toEqual({ secs: 12.5 });
    await page.waitForSelector('[data-turn="2"].turn--active');

    // Space (focus outside text fields) plays; position events move the clock.
    await page.locator("h3").first().click();
    await page.keyboard.press("Space");
    await expect.poll(() => callsOf(page, "player_play").then((c) => c.length)).toBe(1);
    await page.waitForSelector('[data-testid="player-time"]:has-text("0:14 /")', { timeout: 5000 });
    await page.keyboard.press("Space");
    await expect.poll(() => callsOf(page, "player_pause").then((c) => c.length)).toBeGreaterThanOrEqual(1);
    // ] speeds up, M mutes.
    await page.keyboard.press("]");
    await expect.poll(async () => (await callsOf(page, "player_set_speed")).at(-1)).toEqual({ speed: 1.25 });
    await page.waitForSelector('select[aria-label="Playback speed"] >> nth=0');
    await expect.poll(() => page.getByLabel("Playback speed").inputValue()).toBe("1.25");
    await page.keyboard.press("m");
    await expect.poll(async () => (await callsOf(page, "player_set_muted")).at(-1)).toEqual({ muted: true });
    await page.getByRole("button", { name: "Unmute" }).waitFor();
    // Typing in the search box does not trigger shortcuts.
    const plays = (await callsOf(page, "player_play")).length;
    await search.fill("");
    await search.press("Space");
    expect((await callsOf(page, "player_play")).length).toBe(plays);

    // The screenshot: highlighted search hits, the spoken turn, the playhead mid-call.
    await search.fill("account");
    await page.waitForSelector('[data-testid="search-count"]:has-text("1 of 4")');
    await page.locator("h3").first().click();
    // The Hindi and Tamil turns brought in the bundled Indic font (a machine without one would
    // otherwise show boxes); this one has none of its own.
    const indic = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.family.includes("Formant Indic")).map((f) => f.status);
    });
    expect(indic).toEqual(["loaded", "loaded"]);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS_DIR, "ui-call.png"), fullPage: true });
    await search.fill("");

    // No audio device: the player says so and stays usable.
    await page.evaluate(() => window.__fakeBackend?.fail("player_play", { kind: "audio" }));
    await page.locator("h3").first().click();
    await page.keyboard.press("Space");
    const audioError = page.locator('.player [data-error-kind="audio"]');
    await audioError.waitFor();
    expect(await audioError.textContent()).toContain("No audio output device");

    // Save the recording: save_recording asks where (the dialog is the Rust side's) and says
    // where it wrote; the webview never names a path.
    await page.evaluate(() => window.__fakeBackend?.setSavePath("/home/user/Music/call.wav"));
    await page.getByRole("button", { name: "Save recording as…" }).click();
    await page.waitForSelector('.player-message:has-text("/home/user/Music/call.wav")');
    expect((await callsOf(page, "save_recording")).at(-1)).toEqual({ id: ids.stereo });
    expect(await page.evaluate(() => window.__fakeBackend?.written.at(-1))).toEqual({
      cmd: "save_recording",
      path: "/home/user/Music/call.wav",
    });

    // Copy the conversation id.
    await page.getByRole("button", { name: "Copy conversation ID" }).click();
    await page.waitForSelector('button:has-text("Copied")');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ids.stereo);

    expect(errors).toEqual([]);
  });

  it("shows the untimed transcript shape and greys out subtitles in the export dialog", async () => {
    const { page, ids } = await harness();
    await openCall(page, ids.untimed);
    const turns = page.locator('[data-testid="transcript"] > li');
    expect(await turns.count()).toBe(3);
    expect(await page.locator(".turn__time").count()).toBe(0);
    expect(await turns.nth(2).locator(".turn__speaker").textContent()).toBe("Priya");

    await page.getByRole("button", { name: "Export transcript…" }).click();
    const dialog = page.getByRole("dialog", { name: "Export transcript" });
    await dialog.locator('[data-format="srt"]').waitFor();
    expect(await dialog.locator('[data-format="srt"] input').isDisabled()).toBe(true);
    expect(await dialog.locator('[data-format="vtt"] input').isDisabled()).toBe(true);
    expect(await dialog.locator('[data-format="srt"]').textContent()).toContain("Subtitles need turn times.");
    expect(await dialog.locator('[data-format="txt"] input').isChecked()).toBe(true);

    // Markdown: export_transcript gets the format only; where to write is the user's answer to
    // the dialog the Rust side opens.
    await page.evaluate(() => window.__fakeBackend?.setSavePath("/home/user/Documents/call.md"));
    await dialog.locator('[data-format="md"] input').check();
    await dialog.getByRole("button", { name: "Save…" }).click();
    await dialog.getByTestId("export-done").waitFor();
    expect((await callsOf(page, "export_transcript")).at(-1)).toEqual({ id: ids.untimed, format: "md" });
    expect(await dialog.getByTestId("export-done").textContent()).toContain("/home/user/Documents/call.md");
    await dialog.getByRole("button", { name: "Show in folder" }).click();
    await expect.poll(() => callsOf(page, "plugin:opener|reveal_item_in_dir")).toEqual([
      { paths: ["/home/user/Documents/call.md"] },
    ]);
  });

  it("reports an export that cannot be written, and lets the user try another place", async () => {
    // On a HiDPI screen the waveform's backing store has twice the CSS pixels.
    const { page, ids } = await harness(2);
    await openCall(page, ids.plain);
    await page.waitForFunction(() => !document.querySelector('[data-testid="recording-progress"]'));
    const hidpi = await canvasPixels(page, "waveform-detail");
    expect(hidpi?.width).toBe((hidpi?.cssWidth ?? 0) * 2);
    expect(hidpi?.height).toBe(132 * 2);
    expect(hidpi?.drawn).toBeGreaterThan(2000);

    await page.getByRole("button", { name: "Export transcript…" }).click();
    const dialog = page.getByRole("dialog", { name: "Export transcript" });
    // Subtitles are offered for a timed call.
    await dialog.locator('[data-format="srt"]').waitFor();
    expect(await dialog.locator('[data-format="srt"] input').isDisabled()).toBe(false);
    await page.evaluate(() => window.__fakeBackend?.setSavePath("/readonly/call.txt"));
    await dialog.getByRole("button", { name: "Save…" }).click();
    const notice = dialog.locator('[data-error-kind="io"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain("Couldn't write the file");
    expect(await dialog.getByTestId("export-done").count()).toBe(0);
    // Cancelling the save dialog writes nothing and leaves the chooser as it was, without an error.
    const before = (await callsOf(page, "export_transcript")).length;
    await page.evaluate(() => window.__fakeBackend?.setSavePath(null));
    await dialog.getByRole("button", { name: "Save…" }).click();
    await expect
      .poll(() => page.evaluate(() => window.__fakeBackend!.calls.filter((c) => c.cmd === "export_transcript" && c.answered).length), { timeout: 5000 })
      .toBe(before + 1);
    await page.evaluate(() => new Promise(requestAnimationFrame));
    expect(await page.evaluate(() => window.__fakeBackend?.written.length)).toBe(0);
    expect(await dialog.getByTestId("export-done").count()).toBe(0);
    expect(await dialog.locator("[data-error-kind]").count()).toBe(0);
    expect(await dialog.getByRole("button", { name: "Save…" }).isEnabled()).toBe(true);
    await page.evaluate(() => window.__fakeBackend?.setSavePath("/home/user/call.txt"));
    await dialog.getByRole("button", { name: "Save…" }).click();
    await dialog.getByTestId("export-done").waitFor();
    expect(await dialog.getByTestId("export-done").textContent()).toContain("/home/user/call.txt");
  });

  it("shows an empty transcript, and a failed call with its reason and no recording yet", async () => {
    const { page, ids } = await harness();
    await openCall(page, ids.empty);
    await page.getByTestId("no-transcript").waitFor();
    expect(await page.getByTestId("no-transcript").textContent()).toContain("No transcript for this call");

    await openCall(page, ids.failed);
    const reason = page.getByTestId("failure-reason");
    expect(await reason.textContent()).toContain("SIP 503: carrier unavailable");
    expect(await reason.getAttribute("class")).toContain("call-failure--prominent");
    expect(await page.getByTestId("call-status").textContent()).toBe("Failed");
    const unavailable = page.getByTestId("recording-unavailable");
    await unavailable.waitFor();
    expect(await unavailable.textContent()).toContain("Recording not available yet");
    // Not an error screen: no alert, and Retry asks again.
    expect(await page.locator('[data-error-kind="recording_unavailable"]').count()).toBe(0);
    const opens = (await callsOf(page, "open_recording")).length;
    await unavailable.getByRole("button", { name: "Retry" }).click();
    await expect.poll(() => callsOf(page, "open_recording").then((c) => c.length)).toBe(opens + 1);
  });

  it("waits out a rate limit with a visible countdown, then loads the call", async () => {
    const { page, ids } = await harness();
    await page.evaluate(() => window.__fakeBackend?.fail("get_conversation", { kind: "rate_limited", retryAfterSecs: 2 }));
    await page.evaluate((id) => window.__openCall?.(id), ids.plain);
    const countdown = page.getByTestId("rate-limit-countdown");
    await countdown.waitFor();
    expect(await countdown.textContent()).toMatch(/Retrying in [12] s/);
    await page.waitForSelector('[data-testid="call-view"][data-complete="true"]', { timeout: 8000 });
    expect((await callsOf(page, "get_conversation")).length).toBe(2);
    expect(await page.locator('[data-testid="transcript"] > li').count()).toBeGreaterThan(0);
  });

  it("renders an opened call quickly", async () => {
    const { page, ids } = await harness();
    const measureOpen = async (id: string): Promise<[number, number]> => {
      await page.evaluate(() => performance.clearMeasures());
      await openCall(page, id);
      const handle = await page.waitForFunction(() => {
        const painted = performance.getEntriesByName("call-view-render", "measure")[0]?.duration;
        const committed = performance.getEntriesByName("call-view-commit", "measure")[0]?.duration;
        return painted !== undefined && committed !== undefined ? [painted, committed] : null;
      });
      const result = (await handle.jsonValue()) as [number, number];
      await page.evaluate(() => window.__openCall?.(null));
      return result;
    };
    const samples: number[] = [];
    const commits: number[] = [];
    for (const id of [ids.plain, ids.stereo, ids.untimed, ids.empty, ids.plain, ids.stereo, ids.untimed]) {
      const [painted, committed] = await measureOpen(id);
      samples.push(painted);
      commits.push(committed);
    }
    const long: [number, number][] = [];
    for (let i = 0; i < 3; i++) long.push(await measureOpen(ids.long));
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    const list = (xs: number[]) => xs.map((s) => s.toFixed(1)).join(", ");
    // The first open of a page is cold (code not yet optimised, first layout of every style).
    const warm = (xs: number[]) => xs.slice(1);
    console.log(
      `call view open, data arrived → DOM committed (ms): ${list(commits)}; warm median ${median(warm(commits)).toFixed(1)}\n` +
        `call view open, data arrived → next frame painted (ms): ${list(samples)}; warm median ${median(warm(samples)).toFixed(1)}\n` +
        `3,000-turn call, committed / painted (ms): ${long.map(([p, c]) => `${c.toFixed(1)} / ${p.toFixed(1)}`).join(", ")}`,
    );
    expect(commits.every((c, i) => c > 0 && c <= (samples[i] ?? 0))).toBe(true);

    // The long call renders only the visible turns, and search still reaches the last one.
    await openCall(page, ids.long);
    const rendered = await page.locator('[data-testid="transcript"] > li').count();
    expect(rendered).toBeGreaterThan(3);
    expect(rendered).toBeLessThan(100);
    await page.getByLabel("Search transcript").fill("Turn 3000:");
    await page.waitForSelector('[data-testid="search-count"]:has-text("1 of 1")');
    await page.waitForSelector('[data-turn="2999"] mark.search-hit--current');
    expect(samples.every((s) => Number.isFinite(s) && s > 0)).toBe(true);
  });
});
