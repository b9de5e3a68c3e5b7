// The library tabs in the app build (dist/) over the fake backend: search across accounts in
// Hindi and opening a result on its turn, triage and its chart filtering the list, bulk export
// with progress, result and cancel. Needs `npm run build` first, like the other app-level tests.
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import type { FakeBackendOptions } from "../fake-backend";
import { appPerTest } from "./appPerTest";
import { type AppPage } from "./harness";
import { callsOf, text, waitForListCall, waitForRowCount } from "./helpers";

const apps = appPerTest();

const DAY_MS = 86_400_000;
/** The fake's newest call starts at 2025-03-14 18:30 UTC (a Friday); "now" is an hour later. */
const NOW = Date.UTC(2025, 2, 14, 19, 30);
/** Monday 10 March 2025, 00:00 in Berlin (CET, UTC+1), where the test browser lives. */
const WEEK_START = Date.UTC(2025, 2, 9, 23, 0);
const BERLIN_OFFSET_MS = 3_600_000;

/** Opens the app with the browser's clock fixed at NOW (so "this week" is the fake's week). */
async function openAt(options: FakeBackendOptions): Promise<AppPage> {
  const opened = await apps.open(options);
  await opened.page.clock.setFixedTime(NOW);
  await opened.page.reload();
  await opened.page.getByRole("tab", { name: "Calls" }).waitFor();
  return opened;
}

async function tab(page: Page, name: "Calls" | "Search" | "Triage"): Promise<void> {
  await page.getByRole("tab", { name }).click();
  await page.locator(`[role="tab"][aria-selected="true"]`, { hasText: name }).waitFor();
}

function conversations(page: Page, accountId: string) {
  return page.evaluate((id) => window.__fakeBackend!.conversations(id), accountId);
}

describe("search across all transcripts", () => {
  it("finds a Hindi word in the other account, marks it, and opens the call on its turn with the player there", async () => {
    const app = await apps.open({ accounts: "two", defaultCount: 60 });
    const { page } = app;
    await waitForRowCount(page, "===", 60);
    await tab(page, "Search");
    const input = page.getByLabel("Search all transcripts");
    // शुक्रवार ("Friday"): its vowel sign ु would split it under a naive tokenizer.
    const word = "शुक्रवार";
    await input.pressSequentially(word);
    // In this (Global) account nobody speaks Hindi.
    await page.getByText(`No calls match “${word}”.`).waitFor();

    await page.getByLabel("All accounts").check();
    const india = await conversations(page, "acc-2");
    const spoken = india.filter((c) => c.status?.category === "connected");
    expect(spoken.length).toBeGreaterThan(0);
    await page.waitForFunction(
      (n) => document.querySelector('[data-testid="search-total"]')?.textContent === `${n} calls`,
      spoken.length,
    );
    const results = page.getByTestId("search-result");
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="search-result"]').length === n, spoken.length);
    const accounts = await results.evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute("data-account-id")))]);
    expect(accounts).toEqual(["acc-2"]);
    const first = results.first();
    expect(await first.locator("mark").first().textContent()).toBe(word);
    expect(await first.locator(".region-badge").textContent()).toBe("India");
    expect(await first.locator(".search-result__account").textContent()).toBe("Acme India");
    expect(await first.locator("[data-status-code]").getAttribute("data-status-code")).toBe("completed");

    // Opening it switches to the India account and opens the call on the matching turn.
    const id = await first.getAttribute("data-id");
    await first.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="active-account-name"]')?.textContent === "Acme India");
    const view = page.locator('[data-testid="call-view"][data-complete="true"]');
    await view.waitFor();
    const hitTurn = page.locator('[data-testid="transcript"] [data-search-hit="true"]');
    await hitTurn.waitFor();
    expect(await hitTurn.getAttribute("data-turn")).toBe("3");
    expect(await hitTurn.textContent()).toContain(word);
    expect(await page.locator('[data-search-hit="true"]').count()).toBe(1);
    expect(await hitTurn.isVisible()).toBe(true);
    // The fake's turns are 4.5 s apart: turn 3 starts at 13.5 s. Positioned there, not playing.
    await page.waitForFunction(() => document.querySelector('[data-testid="player-time"]')?.textContent?.startsWith("0:13 /"));
    const seeks = await callsOf(page, "player_seek");
    expect(seeks.map((c) => c.args.secs)).toEqual([13.5]);
    expect(await callsOf(page, "player_play")).toEqual([]);
    expect(await page.getByRole("button", { name: "Play", exact: true }).isVisible()).toBe(true);
    const opened = await callsOf(page, "get_conversation");
    expect(opened.at(-1)?.args.id).toBe(id);
    // The search the user came from is still there.
    expect(await page.getByLabel("Search all transcripts").inputValue()).toBe(word);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="search-result"]').length === n, spoken.length);
    expect(app.errors).toEqual([]);
  });

  it("searches as the user types, narrowed by status, and asks with the last text", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 80 });
    const { page } = app;
    await waitForRowCount(page, "===", 80);
    await tab(page, "Search");
    // A slow backend: searches must not pile up behind the typing, one per keystroke.
    await page.evaluate(() => window.__fakeBackend!.setLatency("library_search", 300));
    await page.getByLabel("Search all transcripts").pressSequentially("SIP 503");
    // Typing never waited for a search: the field holds every character at once.
    expect(await page.getByLabel("Search all transcripts").inputValue()).toBe("SIP 503");
    const calls = await conversations(page, "acc-1");
    const failed = calls.filter((c) => c.failure_reason?.includes("SIP 503"));
    await page.waitForFunction((n) => document.querySelector('[data-testid="search-total"]')?.textContent === `${n} calls`, failed.length);
    const searches = await callsOf(page, "library_search");
    expect(searches.at(-1)?.args).toMatchObject({ accountIds: ["acc-1"], text: "SIP 503", limit: 100 });
    // Never one search per keystroke: one runs at a time, and only the newest text waits its turn.
    expect(searches.length).toBeLessThan("SIP 503".length);
    await page.evaluate(() => window.__fakeBackend!.setLatency("library_search", 0));
    // A metadata match: no turn, marked in the failure reason.
    expect(await page.getByTestId("search-result").first().locator("mark").textContent()).toBe("SIP 503");

    await page.getByLabel("Search all transcripts").fill("friday");
    const connected = calls.filter((c) => c.status?.category === "connected").length;
    await page.waitForFunction((n) => document.querySelector('[data-testid="search-total"]')?.textContent === `${n} calls`, connected);
    expect(await page.getByTestId("search-result").first().locator("mark").first().textContent()).toBe("Friday");
    await page.getByLabel("Status").selectOption("failed");
    await page.getByText("No calls match “friday”.").waitFor();
    expect((await callsOf(page, "library_search")).at(-1)?.args.filter).toMatchObject({ statuses: ["failed"] });

    // The hidden list's keys stay quiet behind the tab; "/" comes back to this search.
    await page.locator(".library-view__summary").click();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("j");
    await page.keyboard.press("Enter");
    expect(await callsOf(page, "get_conversation")).toEqual([]);
    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Search all transcripts");
    await tab(page, "Calls");
    expect(await page.locator('.list-row[aria-selected="true"]').count()).toBe(0);
    expect(app.errors).toEqual([]);
  });
});

describe("triage", () => {
  it("groups this week's calls by status; clicking “failed” filters the list to them", async () => {
    // The account's library is synced, so the list reads from it and applies the triage's filter.
    const app = await openAt({ accounts: "one", defaultCount: 300, library: { syncOnRequest: true } });
    const { page } = app;
    await waitForRowCount(page, "===", 300);
    await tab(page, "Triage");
    await page.getByRole("group", { name: "Date range" }).getByRole("button", { name: "This week" }).click();
    await page.getByLabel("Group by").selectOption("status");
    const calls = await conversations(page, "acc-1");
    const week = calls.filter((c) => (c.start_ms ?? 0) >= WEEK_START);
    const expected = new Map<string, number>();
    for (const c of week) expected.set(c.status?.code ?? "", (expected.get(c.status?.code ?? "") ?? 0) + 1);
    const groups = page.getByTestId("triage-group");
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="triage-group"]').length === n, expected.size);
    const shown = await groups.evaluateAll((els) => els.map((e) => [e.getAttribute("data-key"), Number(e.getAttribute("data-count"))]));
    expect(new Map(shown as [string, number][])).toEqual(expected);
    expect(await text(page, '[data-testid="triage-total"]')).toBe(`${week.length} calls`);
    const triage = (await callsOf(page, "library_triage")).at(-1);
    expect(triage?.args).toMatchObject({ accountIds: ["acc-1"], by: "status", filter: { from_ms: WEEK_START }, utcOffsetMinutes: 60 });

    await page.locator('[data-testid="triage-group"][data-key="failed"]').click();
    expect(await page.getByRole("tab", { name: "Calls" }).getAttribute("aria-selected")).toBe("true");
    // The store is asked for the group's calls, all of them (not only what a page loaded).
    await waitForListCall(page, { filter: { statuses: ["failed"], from_ms: WEEK_START } });
    const failedThisWeek = week.filter((c) => c.status?.code === "failed");
    expect(failedThisWeek.length).toBeGreaterThan(0);
    await waitForRowCount(page, "===", failedThisWeek.length);
    expect(await text(page, '[data-testid="match-count"]')).toBe(`${failedThisWeek.length} of 300`);
    expect(await text(page, '[data-testid="library-filter-chip"] .filter-chip__text')).toBe("Status: failed · From 2025-03-10");
    const codes = await page.$$eval(".list-row [data-status-code]", (els) => [...new Set(els.map((e) => e.getAttribute("data-status-code")))]);
    expect(codes).toEqual(["failed"]);

    // The Calls tab's export takes the filter the triage set.
    await page.getByRole("button", { name: "Export calls…" }).click();
    const dialog = page.locator('[role="dialog"][aria-label="Export calls"]');
    await dialog.getByRole("button", { name: "Export", exact: true }).click();
    await dialog.getByTestId("bulk-export-result").waitFor();
    const exported = (await callsOf(page, "library_export")).at(-1);
    expect(exported?.args.filter).toMatchObject({ statuses: ["failed"], from_ms: WEEK_START });
    expect(app.errors).toEqual([]);
  });

  it("shows failed calls by reason this week in two clicks", async () => {
    const app = await openAt({ accounts: "one", defaultCount: 300 });
    const { page } = app;
    await tab(page, "Triage");
    await page.getByTestId("triage-group").first().waitFor();
    // Click 1: this week. Click 2: failed calls, which it groups by reason.
    await page.getByRole("group", { name: "Date range" }).getByRole("button", { name: "This week" }).click();
    await page.getByRole("group", { name: "Calls", exact: true }).getByRole("button", { name: "Failed" }).click();
    const calls = await conversations(page, "acc-1");
    const failedThisWeek = calls.filter((c) => c.status?.category === "failed" && (c.start_ms ?? 0) >= WEEK_START);
    const row = page.locator('[data-testid="triage-group"][data-key="SIP 503: carrier unavailable"]');
    await row.waitFor();
    expect(Number(await row.getAttribute("data-count"))).toBe(failedThisWeek.length);
    expect(await page.getByTestId("triage-group").count()).toBe(1);
    expect(await row.locator(".triage-group__share").textContent()).toBe("100%");
    expect((await callsOf(page, "library_triage")).at(-1)?.args).toMatchObject({
      by: "reason",
      filter: { categories: ["failed"], from_ms: WEEK_START },
    });
    expect(await page.getByLabel("Group by").inputValue()).toBe("reason");
    // Any other grouping stays as chosen: by agent, failed calls this week per agent.
    await page.getByLabel("Group by").selectOption("agent");
    const agents = new Set(failedThisWeek.map((c) => String(c.agent_id)));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="triage-group"]').length === n, agents.size);
    await page.getByRole("group", { name: "Calls", exact: true }).getByRole("button", { name: "All" }).click();
    expect(await page.getByLabel("Group by").inputValue()).toBe("agent");
    expect(app.errors).toEqual([]);
  });

  it("charts calls per day stacked by status, and a bar filters the list to its day", async () => {
    const app = await openAt({ accounts: "one", defaultCount: 300, library: { syncOnRequest: true } });
    const { page } = app;
    await waitForRowCount(page, "===", 300);
    await tab(page, "Triage");
    // Triage starts at all time.
    expect(await page.getByRole("group", { name: "Date range" }).getByRole("button", { name: "All time" }).getAttribute("aria-pressed")).toBe("true");
    const calls = await conversations(page, "acc-1");
    // Counted here, independently: calls per Berlin day, and the failed ones.
    const perDay = new Map<number, { total: number; failed: number }>();
    for (const c of calls) {
      if (c.start_ms === null) continue;
      const start = Math.floor((c.start_ms + BERLIN_OFFSET_MS) / DAY_MS) * DAY_MS - BERLIN_OFFSET_MS;
      const d = perDay.get(start) ?? { total: 0, failed: 0 };
      d.total += 1;
      if (c.status?.category === "failed") d.failed += 1;
      perDay.set(start, d);
    }
    expect(perDay.size).toBeGreaterThan(1);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="timeline-bar"]').length === n, perDay.size);
    const bars = await page.getByTestId("timeline-bar").evaluateAll((els) =>
      els.map((e) => ({
        start: Number(e.getAttribute("data-start-ms")),
        total: Number(e.getAttribute("data-total")),
        failed: Number(e.getAttribute("data-failed")),
        label: e.getAttribute("aria-label"),
        segments: e.querySelectorAll(".timeline__seg").length,
      })),
    );
    expect(new Map(bars.map((b) => [b.start, { total: b.total, failed: b.failed }]))).toEqual(perDay);
    const newest = bars.at(-1);
    const newestDay = perDay.get(newest?.start ?? 0);
    expect(newest?.label).toBe(`14 Mar: ${newestDay?.total} calls, ${newestDay?.failed} failed`);
    expect(newest?.segments).toBeGreaterThanOrEqual(2);
    // The bars stand in proportion: the tallest is the day with the most calls.
    const heights = await page.getByTestId("timeline-bar").evaluateAll((els) =>
      els.map((e) => [...e.querySelectorAll(".timeline__seg")].reduce((h, r) => h + Number(r.getAttribute("height")), 0)),
    );
    const busiest = bars.reduce((a, b, i) => (b.total > (bars[a]?.total ?? 0) ? i : a), 0);
    expect(heights.indexOf(Math.max(...heights))).toBe(busiest);

    await page.locator(`[data-testid="timeline-bar"][data-start-ms="${newest?.start}"]`).click();
    expect(await page.getByRole("tab", { name: "Calls" }).getAttribute("aria-selected")).toBe("true");
    // The list asks the store for that Berlin day, its last millisecond included, and shows its calls.
    const dayStart = newest?.start ?? 0;
    await waitForListCall(page, { filter: { from_ms: dayStart, to_ms: dayStart + DAY_MS - 1 } });
    await waitForRowCount(page, "===", newestDay?.total ?? -1);
    await page.getByTestId("library-filter-chip").waitFor();
    expect(app.errors).toEqual([]);
  });
});

describe("bulk export", () => {
  it("exports with progress and says where and how many, transcripts skipped and why; cancel stops it", async () => {
    const app = await apps.open({
      accounts: "one",
      defaultCount: 300,
      savePath: "/home/user/Downloads/calls-export.zip",
      librarySearch: { exportStepDelayMs: 250 },
    });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    const calls = await conversations(page, "acc-1");
    const withTranscript = calls.filter((c) => c.status?.category === "connected").length;

    await page.getByRole("button", { name: "Export calls…" }).click();
    const dialog = page.locator('[role="dialog"][aria-label="Export calls"]');
    await dialog.waitFor();
    const formats = await dialog.locator('select[name="format"] option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value));
    expect(formats).toEqual(["txt", "md", "json", "csv", "srt", "vtt"]);
    await dialog.locator('select[name="format"]').selectOption("md");
    await dialog.getByRole("button", { name: "Export", exact: true }).click();
    await page.waitForFunction(() =>
      /^[1-9][\d,]* of 300 calls$/.test(document.querySelector('[data-testid="bulk-export-progress"]')?.textContent ?? ""),
    );
    expect(await dialog.locator("progress").getAttribute("max")).toBe("300");
    const result = dialog.getByTestId("bulk-export-result");
    await result.waitFor();
    const said = (await result.textContent()) ?? "";
    expect(said).toContain("Exported 300 calls to /home/user/Downloads/calls-export.zip");
    expect(said).toContain(`${withTranscript} transcript files; ${300 - withTranscript} calls have none: these calls have no transcript.`);
    const first = (await callsOf(page, "library_export"))[0];
    expect(first?.args).toMatchObject({ accountIds: ["acc-1"], format: "md", filter: { text: null, statuses: [] } });
    expect(await page.evaluate(() => window.__fakeBackend!.written)).toEqual([
      { cmd: "library_export", path: "/home/user/Downloads/calls-export.zip" },
    ]);

    // Again, and cancel half-way: the task is cancelled and nothing more is written.
    await dialog.getByRole("button", { name: "Export again…" }).click();
    await page.waitForFunction(() => /^[1-9][\d,]* of 300 calls$/.test(document.querySelector('[data-testid="bulk-export-progress"]')?.textContent ?? ""));
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.getByTestId("bulk-export-cancelled").waitFor();
    const exports = await callsOf(page, "library_export");
    const cancels = await callsOf(page, "cancel_task");
    expect(cancels.map((c) => c.args.taskId)).toEqual([exports[1]?.args.taskId]);
    expect(await page.evaluate(() => window.__fakeBackend!.written.length)).toBe(1);
    await dialog.getByRole("button", { name: "Close" }).click();
    await dialog.waitFor({ state: "detached" });
    expect(app.errors).toEqual([]);
  });

  it("exports the current search, and a closed save dialog leaves nothing behind", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 120, savePath: null });
    const { page } = app;
    await tab(page, "Search");
    await page.getByLabel("Search all transcripts").fill("Friday");
    await page.getByTestId("search-result").first().waitFor();
    await page.getByRole("button", { name: "Export calls…" }).click();
    const dialog = page.locator('[role="dialog"][aria-label="Export calls"]');
    expect(await dialog.textContent()).toContain("Calls matching “Friday”");
    await dialog.getByRole("button", { name: "Export", exact: true }).click();
    await dialog.getByTestId("bulk-export-cancelled").waitFor();
    expect((await callsOf(page, "library_export"))[0]?.args.filter).toMatchObject({ text: "Friday" });
    expect(await page.evaluate(() => window.__fakeBackend!.written)).toEqual([]);
    expect(app.errors).toEqual([]);
  });
});
