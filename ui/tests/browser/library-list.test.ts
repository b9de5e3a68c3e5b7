// The list over the library: live until the account's first sync finishes, then windows of the
// store's rows — sorted and filtered by the store, 3,000,000 calls scrolled with only windows
// fetched — with the sync's status and Pause, the offline banner, a stopped sync, and a damaged
// library rebuilt.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appPerTest } from "./appPerTest";
import { callsOf, failNext, rowCount, scrollListToRow, text, waitForListCall, waitForRowCount } from "./helpers";

const apps = appPerTest();

/** The arguments of the last `library_list` call. */
async function lastListArgs(page: Page) {
  const calls = await callsOf(page, "library_list");
  return calls[calls.length - 1]?.args;
}

/** A column header's sort button. */
const header = (page: Page, name: string) => page.locator(".list-header").getByRole("button", { name });
const firstRowId = (page: Page) => page.getAttribute(".list-row >> nth=0", "data-id");
const shownStatusCodes = (page: Page) =>
  page.$$eval(".list-row [data-status-code]", (els) => [...new Set(els.map((e) => e.getAttribute("data-status-code")))]);

describe("the list over the library", () => {
  it("pages the API until the first sync finishes, then reads, sorts and filters in the store", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 1234 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    // The workspace asked for the account's sync; until it lists everything the list is live.
    expect((await callsOf(page, "library_sync")).map((c) => c.args)).toEqual([{ accountId: "acc-1" }]);
    expect(await callsOf(page, "library_list")).toEqual([]);

    // Progress, with Pause and Resume.
    await page.evaluate(() => window.__fakeBackend!.library.setProgress("acc-1", { phase: "listing", listed: 400, api_total: 1234 }));
    const status = page.getByTestId("library-status");
    await page.waitForFunction(() => document.querySelector('[data-testid="library-status"]')?.textContent?.startsWith("Syncing… 400 of 1,234 calls"));
    await status.getByRole("button", { name: "Pause" }).click();
    await status.getByRole("button", { name: "Resume" }).waitFor();
    expect(await text(page, ".library-status__text")).toBe("Sync paused at 400 of 1,234 calls");
    expect((await callsOf(page, "library_pause_sync")).map((c) => c.args)).toEqual([{ accountId: "acc-1", paused: true }]);
    await status.getByRole("button", { name: "Resume" }).click();
    await status.getByRole("button", { name: "Pause" }).waitFor();
    await page.evaluate(() =>
      window.__fakeBackend!.library.setProgress("acc-1", { phase: "details", details_done: 120, details_total: 1234 }),
    );
    await page.waitForFunction(() => document.querySelector(".library-status__text")?.textContent === "Syncing transcripts… 120 of 1,234 calls");

    // The listing finished: the list is the store's, all 1,234 rows of it, fetched by windows.
    await page.evaluate(() => window.__fakeBackend!.library.completeSync("acc-1"));
    await waitForRowCount(page, "===", 1234);
    await page.waitForFunction(() => /^1,234 calls · synced \d\d:\d\d$/.test(document.querySelector(".library-status__text")?.textContent ?? ""));
    expect(await text(page, '[data-testid="list-total"]')).toBe("1,234 calls");
    expect(await page.getByRole("button", { name: "Pause" }).count()).toBe(0);
    const first = await lastListArgs(page);
    expect(first).toMatchObject({ accountId: "acc-1", sort: { column: "start", descending: true }, offset: 0, limit: 200 });
    const ids = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1").map((c) => c.conversation_id));
    expect(await firstRowId(page)).toBe(ids[0]);
    const liveCalls = (await callsOf(page, "list_conversations")).length;

    // Sort by duration: asked of the store; the rows shown follow its order.
    await header(page, "Duration").click();
    await waitForListCall(page, { sort: { column: "duration", descending: true } });
    const longest = await page.evaluate(() => {
      const all = window.__fakeBackend!.conversations("acc-1");
      return all.reduce((a, b) => ((b.duration_seconds ?? -1) > (a.duration_seconds ?? -1) ? b : a)).conversation_id;
    });
    await page.waitForFunction((id) => document.querySelector(".list-row")?.getAttribute("data-id") === id, longest);
    // Any column sorts: status, A–Z.
    await header(page, "Status").click();
    await waitForListCall(page, { sort: { column: "status", descending: false } });
    await page.waitForFunction(() => document.querySelector(".list-row [data-status-code]")?.getAttribute("data-status-code") === "busy");
    await header(page, "Start").click();
    await waitForListCall(page, { sort: { column: "start", descending: true } });

    // Status filter: run in the store over all 1,234 calls, not over what was loaded.
    const failed = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1").filter((c) => c.status?.code === "failed").length);
    await page.locator(".toolbar").getByRole("button", { name: /^Status/ }).click();
    // It offers every status of the account with its count from the store.
    const menu = page.getByRole("group", { name: "Status filter" });
    await menu.locator(".menu__check", { hasText: "Failed" }).filter({ hasText: String(failed) }).waitFor();
    const codes = await page.evaluate(() => [...new Set(window.__fakeBackend!.conversations("acc-1").map((c) => c.status?.code))].length);
    expect(await menu.locator(".menu__check").count()).toBe(codes);
    await menu.getByLabel("Failed").check();
    await waitForListCall(page, { filter: { statuses: ["failed"] } });
    await page.waitForFunction((n) => document.querySelector('[data-testid="match-count"]')?.textContent === `${n} of 1,234`, failed);
    await waitForRowCount(page, "===", failed);
    expect(await shownStatusCodes(page)).toEqual(["failed"]);
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByTestId("match-count").waitFor({ state: "detached" });

    // Text: a number typed with other spacing, asked of the store as `filter.text`.
    const target = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1")[700]!);
    const digits = target.contact_number!.replace(/\D/g, "");
    await page.getByLabel("Search number or id").fill(digits);
    await waitForListCall(page, { filter: { text: digits } });
    await page.locator(`.list-row[data-id="${target.conversation_id}"]`).waitFor();
    await page.getByLabel("Search number or id").fill("");

    // Agent and duration: in the store too.
    await page.getByLabel("Agent").fill("205");
    await page.getByLabel("Agent").press("Enter");
    await page.getByLabel("Min dur.").fill("5:00");
    await waitForListCall(page, { filter: { agent_ids: [205], min_duration_s: 300 } });
    const expected = await page.evaluate(
      () => window.__fakeBackend!.conversations("acc-1").filter((c) => c.agent_id === 205 && (c.duration_seconds ?? -1) >= 300).length,
    );
    await waitForRowCount(page, "===", expected);
    expect(await page.$$eval(".list-row .col-agent", (els) => [...new Set(els.map((e) => e.textContent))])).toEqual(["205"]);
    // None of this went to the API.
    expect((await callsOf(page, "list_conversations")).length).toBe(liveCalls);

    // Opening a row opens the call; the keyboard moves over the library's rows.
    const rowsNow = await page.$$eval(".list-row", (els) => els.map((e) => e.getAttribute("data-id")));
    await page.locator(".list-row >> nth=0").click();
    await page.getByTestId("call-view").waitFor();
    await page.waitForFunction(
      (id) => (window.__fakeBackend?.calls ?? []).some((c) => c.cmd === "get_conversation" && c.args.id === id),
      rowsNow[0],
    );
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("j");
    expect(await page.getAttribute('.list-row[aria-selected="true"]', "data-id")).toBe(rowsNow[1]);
    await page.keyboard.press("Enter");
    await page.locator(`.list-row.is-open[data-id="${rowsNow[1]}"]`).waitFor();
    expect(app.errors).toEqual([]);
  });

  it("scrolls 3,000,000 calls, taller than a browser draws an element, with only windows of them fetched", async () => {
    const calls = 3_000_000;
    const app = await apps.open({
      accounts: "one",
      defaultCount: 150,
      library: { syncOnRequest: true, syntheticRows: { "acc-1": calls } },
    });
    const { page } = app;
    await waitForRowCount(page, "===", calls);
    expect(await text(page, '[data-testid="list-total"]')).toBe("3,000,000 calls");
    await page.locator('.list-row[data-id="lib_0000000"]').waitFor();
    // 96,000,000 px of rows in a scroll area drawn at most 16,000,000 px tall: a scrolled pixel
    // stands for several of the list's.
    const drawn = await page.$eval(".list-body__inner", (el) => el.getBoundingClientRect().height);
    expect(drawn).toBe(16_000_000);
    for (const row of [250_000, 1_500_000, 2_999_990, 10_000]) {
      await scrollListToRow(page, row, calls);
      await page.locator(`.list-row[data-id="lib_${String(row).padStart(7, "0")}"]`).waitFor();
    }
    // The last call is reachable, and drawn inside the viewport.
    await page.$eval('[data-testid="list-scroller"]', (el) => {
      el.scrollTop = el.scrollHeight;
    });
    const last = page.locator('.list-row[data-id="lib_2999999"]');
    await last.waitFor();
    const [rowBox, scrollerBox] = await Promise.all([last.boundingBox(), page.getByTestId("list-scroller").boundingBox()]);
    expect(rowBox!.y + rowBox!.height).toBeLessThanOrEqual(scrollerBox!.y + scrollerBox!.height + 1);
    expect(rowBox!.y).toBeGreaterThanOrEqual(scrollerBox!.y);
    // Only the visible rows are in the DOM, and only windows around them were fetched.
    expect(await page.locator(".list-row").count()).toBeLessThan(60);
    const returned = await page.evaluate(() => window.__fakeBackend!.library.rowsReturned());
    expect(returned).toBeLessThanOrEqual(20 * 200);
    const windows = await callsOf(page, "library_list");
    expect(windows.every((c) => c.args.limit === 200)).toBe(true);
    expect(await rowCount(page)).toBe(calls);
    expect(app.errors).toEqual([]);
  });

  it("says clearly when it is offline and since when its data is, and when a sync stopped", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 300, library: { syncOnRequest: true } });
    const { page } = app;
    await waitForRowCount(page, "===", 300);
    const synced = await page.evaluate(() => window.__fakeBackend!.library.status().accounts[0]!.last_synced_ms!);
    await page.evaluate((t) => window.__fakeBackend!.library.setOffline("acc-1", t + 120_000), synced);
    const banner = page.getByTestId("offline-banner");
    await banner.waitFor();
    const clock = (ms: number) =>
      page.evaluate((t) => new Date(t).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }), ms);
    expect(await text(page, ".offline-banner__text")).toBe(
      `Offline since ${await clock(synced + 120_000)} — showing the library as of ${await clock(synced)}`,
    );
    // Sync now asks the Rust side to sync at once (it finds out whether the server is back).
    const syncs = (await callsOf(page, "library_sync")).length;
    await page.locator('[data-testid="library-status"] button[aria-label="Sync now"]').click();
    await page.waitForFunction((n) => (window.__fakeBackend?.calls ?? []).filter((c) => c.cmd === "library_sync").length === n + 1, syncs);
    // Offline, the list still reads the library.
    await header(page, "Duration").click();
    await waitForListCall(page, { sort: { column: "duration", descending: true } });
    // Back online: the banner goes.
    await page.evaluate(() => window.__fakeBackend!.library.setOffline("acc-1", null));
    await banner.waitFor({ state: "detached" });

    // A sync that stopped for another reason: the error notice, whose Retry syncs now.
    await page.evaluate(() =>
      window.__fakeBackend!.library.setSyncError("acc-1", { kind: "server", message: "The server reported an internal error." }),
    );
    const notice = page.locator('[role="alert"][data-error-kind="server"]');
    await notice.waitFor();
    expect(await notice.textContent()).toContain("The library could not sync");
    const before = (await callsOf(page, "library_sync")).length;
    const readsBefore = (await callsOf(page, "library_list")).length;
    await notice.getByRole("button", { name: "Retry" }).click();
    await notice.waitFor({ state: "detached" });
    expect((await callsOf(page, "library_sync")).length).toBe(before + 1);
    // The finished sync makes the list read its window again; the failure below is armed after
    // that read, or the read would take it and the sort's read clear it again.
    await page.waitForFunction(
      (n) => (window.__fakeBackend?.calls ?? []).filter((c) => c.cmd === "library_list").length > n,
      readsBefore,
    );

    // A read of the library that fails: said so, and Retry reads the window again.
    await failNext(page, "library_list", { kind: "unknown", message: "The library could not be read." });
    await header(page, "Agent").click();
    const readError = page.locator('[role="alert"][data-error-kind="unknown"]');
    await readError.waitFor();
    expect(await readError.textContent()).toContain("Could not read the library");
    await readError.getByRole("button", { name: "Retry" }).click();
    await readError.waitFor({ state: "detached" });
    await waitForListCall(page, { sort: { column: "agent", descending: false } });
    await page.waitForFunction(() => document.querySelector(".list-row .col-agent")?.textContent === "101");
    expect(app.errors).toEqual([]);
  });

  it("offers to rebuild a damaged library, the list staying live meanwhile", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 300, library: { damaged: true, syncOnRequest: true } });
    const { page } = app;
    const problem = page.getByTestId("library-problem");
    await problem.waitFor();
    expect(await problem.textContent()).toContain("The library file is damaged (file is not a database).");
    // The app runs live without it.
    await waitForRowCount(page, "===", 100);
    expect(await callsOf(page, "library_list")).toEqual([]);
    await problem.getByRole("button", { name: "Rebuild library" }).click();
    await problem.waitFor({ state: "detached" });
    expect((await callsOf(page, "library_rebuild")).length).toBe(1);
    // The sync fills the new library, and the list reads from it.
    await waitForRowCount(page, "===", 300);
    expect((await callsOf(page, "library_list")).length).toBeGreaterThan(0);

    // Damage found later (by a query): the notice again, and the list back to the API.
    await page.evaluate(() => window.__fakeBackend!.library.damage());
    await problem.waitFor();
    await waitForRowCount(page, "===", 100);
    expect(app.errors).toEqual([]);
  });
});
