// UI benchmark (not a test): in headless Chromium with the fake backend, measures the time to
// render the first page of calls, the time to stream 10,000 calls in with "Load all", and the
// frame rate while the 10,000-row list is scrolled continuously for 2 s; then the same scroll, and
// a faster one, over a 1,000,000-call library read by windows.
// Run: npm run bench:ui   (builds nothing; run `npm run build` first)
import { openApp, serveDist } from "../browser/harness";

const SCROLL_MS = 2000;
const SCROLL_PX_PER_SEC = 4000; // brisk trackpad fling

// The in-page code is plain JavaScript text: tsx's transform would add helpers to functions
// passed to page.evaluate that do not exist in the page.
// Installed before the app's script runs, so the first row is seen the moment it lands.
const FIRST_ROW_INIT_JS = `document.addEventListener("DOMContentLoaded", () => {
  const obs = new MutationObserver(() => {
    if (document.querySelector(".list-row")) {
      obs.disconnect();
      requestAnimationFrame(() => { window.__firstRowAt = performance.now(); }); // the frame the user sees
    }
  });
  obs.observe(document.body, { childList: true, subtree: true });
});`;

const SCROLL_JS = `(durationMs, pxPerSec) => new Promise((resolve) => {
  const el = document.querySelector('[data-testid="list-scroller"]');
  const gaps = [];
  const t0 = performance.now();
  let last = t0;
  let frames = 0;
  const step = (now) => {
    frames += 1;
    gaps.push(now - last);
    last = now;
    el.scrollTop = ((now - t0) * pxPerSec) / 1000;
    if (now - t0 < durationMs) { requestAnimationFrame(step); return; }
    gaps.sort((a, b) => a - b);
    resolve({ frames, maxGapMs: gaps[gaps.length - 1] || 0, p95GapMs: gaps[Math.floor(gaps.length * 0.95)] || 0, scrolledPx: el.scrollTop });
  };
  requestAnimationFrame(step);
})`;

async function main() {
  const server = await serveDist();
  const app = await openApp(server, { accounts: "one", defaultCount: 10_000, latencyMs: 5, loadAllPageDelayMs: 0 });
  const { page } = app;
  try {
    // The first row's arrival, seen by an observer set up before the app ran.
    await page.addInitScript({ content: FIRST_ROW_INIT_JS });
    await page.reload();
    await page.waitForFunction("window.__firstRowAt !== undefined");
    const firstRowMs = (await page.evaluate("window.__firstRowAt")) as number;

    const loadStart = Date.now();
    await page.getByRole("button", { name: "Load all" }).click();
    await page.waitForFunction(() => document.querySelector('[role="grid"]')?.getAttribute("aria-rowcount") === "10000", undefined, {
      timeout: 120_000,
    });
    await page.getByTestId("load-all-progress").waitFor({ state: "detached" });
    const loadAllMs = Date.now() - loadStart;

    const result = (await page.evaluate(`(${SCROLL_JS})(${SCROLL_MS}, ${SCROLL_PX_PER_SEC})`)) as {
      frames: number;
      maxGapMs: number;
      p95GapMs: number;
      scrolledPx: number;
    };

    const fps = result.frames / (SCROLL_MS / 1000);
    console.log("UI benchmark (headless Chromium, fake backend, 10,000 calls)");
    console.log(`  first page rendered:      ${firstRowMs.toFixed(0)} ms after navigation start`);
    console.log(`  load all 10,000 calls:    ${loadAllMs} ms (100 pages streamed over a Channel)`);
    console.log(`  scroll 2 s @ ${SCROLL_PX_PER_SEC} px/s:   ${fps.toFixed(1)} fps (${result.frames} frames), p95 frame ${result.p95GapMs.toFixed(1)} ms, max ${result.maxGapMs.toFixed(1)} ms, ${Math.round(result.scrolledPx)} px`);
    if (app.errors.length > 0) console.log(`  page errors: ${app.errors.join("; ")}`);
  } finally {
    await app.close();
  }
  try {
    await libraryScroll(server);
  } finally {
    await server.close();
  }
}

type ScrollResult = { frames: number; maxGapMs: number; p95GapMs: number; scrolledPx: number };

/** The list over a 1,000,000-call library: scrolled at the same speed, then 10× faster (the
 * rows cross a window every 1.6 s, then every 0.16 s). */
async function libraryScroll(server: Awaited<ReturnType<typeof serveDist>>) {
  const app = await openApp(server, {
    accounts: "one",
    defaultCount: 150,
    latencyMs: 5,
    library: { syncOnRequest: true, syntheticRows: { "acc-1": 1_000_000 } },
  });
  const { page } = app;
  try {
    await page.waitForFunction(() => document.querySelector('[role="grid"]')?.getAttribute("aria-rowcount") === "1000000");
    await page.locator(".list-row").first().waitFor();
    console.log("Library list (headless Chromium, fake backend, 1,000,000 calls, windows of 200 rows)");
    for (const speed of [SCROLL_PX_PER_SEC, SCROLL_PX_PER_SEC * 10]) {
      const r = (await page.evaluate(`(${SCROLL_JS})(${SCROLL_MS}, ${speed})`)) as ScrollResult;
      console.log(`  scroll 2 s @ ${speed} px/s: ${(r.frames / (SCROLL_MS / 1000)).toFixed(1)} fps, p95 frame ${r.p95GapMs.toFixed(1)} ms, max ${r.maxGapMs.toFixed(1)} ms, ${Math.round(r.scrolledPx)} px`);
    }
    const fetched = await page.evaluate(() => window.__fakeBackend!.library.rowsReturned());
    const windows = await page.evaluate(() => window.__fakeBackend!.callCount("library_list"));
    console.log(`  rows fetched: ${fetched} in ${windows} windows`);
    if (app.errors.length > 0) console.log(`  page errors: ${app.errors.join("; ")}`);
  } finally {
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
