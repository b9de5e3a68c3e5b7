// The conversation list: total, paging on scroll, load all + cancel, filters, keyboard, zones.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appPerTest } from "./appPerTest";
import { ARTIFACTS_DIR, type AppPage } from "./harness";
import { callsOf, rowCount, text, waitForRowCount } from "./helpers";

const apps = appPerTest();

const scrollToBottom = (page: AppPage["page"]) =>
  page.$eval('[data-testid="list-scroller"]', (el) => {
    el.scrollTop = el.scrollHeight;
  });

describe("conversation list", () => {
  it("shows the total and loads page 2 when scrolled to the end", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 1234 });
    const { page } = app;
    await page.getByTestId("list-total").waitFor();
    expect(await text(page, '[data-testid="list-total"]')).toBe("1,234 calls");
    await waitForRowCount(page, "===", 100);
    expect((await callsOf(page, "list_conversations")).map((c) => c.args)).toEqual([
      { agentId: null, limit: 100, offset: 0 },
    ]);
    // That page was asked for as the app started, alongside the accounts rather than after them.
    const firstTwo = await page.evaluate(() => window.__fakeBackend!.calls.slice(0, 2).map((c) => c.cmd));
    expect(firstTwo.sort()).toEqual(["get_accounts", "list_conversations"]);
    // Only the visible rows are in the DOM.
    expect(await page.locator(".list-row").count()).toBeLessThan(60);

    await scrollToBottom(page);
    await waitForRowCount(page, "===", 200);
    const offsets = (await callsOf(page, "list_conversations")).map((c) => c.args.offset);
    expect(offsets).toEqual([0, 100]);
    await scrollToBottom(page);
    await waitForRowCount(page, "===", 300);
    // The first row of page 2 is the server's 101st call.
    const pageTwoFirst = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1")[100]!.conversation_id);
    await page.$eval('[data-testid="list-scroller"]', (el) => {
      el.scrollTop = 100 * 32 - 64;
    });
    await page.locator(`.list-row[data-id="${pageTwoFirst}"]`).waitFor();
    expect(app.errors).toEqual([]);
  });

  it("says why loading all stopped early when the server kept saying there was more", async () => {
    const warning = "The server kept saying there were more calls, but its last page brought none new: stopped.";
    const app = await apps.open({ accounts: "one", defaultCount: 250, loadAllWarning: warning });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    await page.getByRole("button", { name: "Load all" }).click();
    const note = page.getByTestId("load-all-warning");
    await note.waitFor();
    expect(await note.textContent()).toBe(warning);
    expect(await rowCount(page)).toBe(250);
    expect(app.errors).toEqual([]);
  });

  it("loads all with progress, can cancel, and then finishes", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 10_000, loadAllPageDelayMs: 40 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    await scrollToBottom(page);
    await waitForRowCount(page, "===", 200);
    await page.getByRole("button", { name: "Load all" }).click();
    const progress = page.getByTestId("load-all-progress");
    await page.waitForFunction(() =>
      /^Loading [1-9][\d,]* of 10,000…$/.test(document.querySelector('[data-testid="load-all-progress"]')?.textContent ?? ""),
    );
    // The first streamed page does not throw away the 200 rows already shown.
    expect(await rowCount(page)).toBeGreaterThanOrEqual(200);
    await waitForRowCount(page, ">=", 800);
    await page.getByRole("button", { name: "Cancel" }).click();
    await progress.waitFor({ state: "detached" });
    const afterCancel = await rowCount(page);
    expect(afterCancel).toBeGreaterThanOrEqual(800);
    expect(afterCancel).toBeLessThan(10_000);
    const loads = await callsOf(page, "load_all_conversations");
    const cancels = await callsOf(page, "cancel_task");
    expect(cancels.map((c) => c.args.taskId)).toEqual([loads[0]?.args.taskId]);
    // Nothing more arrives after the cancel.
    await page.waitForTimeout(300);
    expect(await rowCount(page)).toBe(afterCancel);

    await page.evaluate(() => window.__fakeBackend!.setLoadAllPageDelay(0));
    await page.getByRole("button", { name: "Load all" }).click();
    await waitForRowCount(page, "===", 10000);
    await progress.waitFor({ state: "detached" });
    expect(await page.getByRole("button", { name: "Load all" }).isDisabled()).toBe(true);
    await scrollToBottom(page);
    await page.getByText("End of list").waitFor();
    // No row twice, none missing: the last row is the account's last call.
    const last = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1")[9999]!.conversation_id);
    await page.locator(`.list-row[data-id="${last}"]`).waitFor();
    expect(app.errors).toEqual([]);
  });

  it("filters by status, text, duration and agent, with the match count", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 1234 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    const all = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1"));
    const firstPage = all.slice(0, 100);
    const busy = firstPage.filter((c) => c.status?.code === "busy").length;
    const failed = firstPage.filter((c) => c.status?.code === "failed").length;
    expect(busy).toBeGreaterThan(0);

    await page.getByRole("button", { name: /^Status/ }).click();
    await page.getByRole("group", { name: "Status filter" }).getByLabel("Busy").check();
    await page.getByTestId("match-count").waitFor();
    expect(await text(page, '[data-testid="match-count"]')).toBe(`${busy} of 100 loaded`);
    await page.getByRole("group", { name: "Status filter" }).getByLabel("Failed").check();
    await page.waitForFunction((n) => document.querySelector('[data-testid="match-count"]')?.textContent === `${n} of 100 loaded`, busy + failed);
    const codes = await page.$$eval(".list-row [data-status-code]", (els) => [...new Set(els.map((e) => e.getAttribute("data-status-code")))]);
    expect(codes.sort()).toEqual(["busy", "failed"].filter((c) => codes.includes(c)).sort());
    // Filters count what is loaded; they do not page on their own.
    await page.waitForTimeout(300);
    expect((await callsOf(page, "list_conversations")).length).toBe(1);
    await page.getByRole("button", { name: "Load more" }).click();
    await page.waitForFunction(() => / of 200 loaded$/.test(document.querySelector('[data-testid="match-count"]')?.textContent ?? ""));
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByTestId("match-count").waitFor({ state: "detached" });

    // Text: a phone number typed with other spacing matches its one call.
    const target = firstPage[42]!;
    const digits = target.contact_number!.replace(/\D/g, "");
    await page.getByLabel("Search number or id").fill(digits);
    await page.waitForFunction(() => /^1 of 200 loaded$/.test(document.querySelector('[data-testid="match-count"]')?.textContent ?? ""));
    await page.locator(`.list-row[data-id="${target.conversation_id}"]`).waitFor();
    await page.getByLabel("Search number or id").fill("");

    // Duration: at least 5 minutes.
    const long = all.slice(0, 200).filter((c) => (c.duration_seconds ?? -1) >= 300).length;
    await page.getByLabel("Min dur.").fill("5:00");
    await page.waitForFunction((n) => document.querySelector('[data-testid="match-count"]')?.textContent === `${n} of 200 loaded`, long);
    await page.getByLabel("Min dur.").fill("");

    // Agent: filtered on the server.
    await page.getByLabel("Agent").fill("205");
    await page.getByLabel("Agent").press("Enter");
    await page.waitForFunction(() =>
      (window.__fakeBackend?.calls ?? []).some((c) => c.cmd === "list_conversations" && c.args.agentId === 205),
    );
    const agentTotal = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1").filter((c) => c.agent_id === 205).length);
    await page.waitForFunction((n) => document.querySelector('[data-testid="list-total"]')?.textContent === `${n.toLocaleString("en-US")} calls`, agentTotal);
    const agents = await page.$$eval(".list-row .col-agent", (els) => [...new Set(els.map((e) => e.textContent))]);
    expect(agents).toEqual(["205"]);
  });

  it("sorts by duration and moves with the keyboard; Enter opens, / searches", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 300 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    await page.getByRole("button", { name: /^Duration/ }).click();
    const durations = await page.$$eval(".list-row", (rows) => rows.map((r) => r.getAttribute("data-id")));
    const expectedFirst = await page.evaluate(() => {
      const rows = window.__fakeBackend!.conversations("acc-1").slice(0, 100);
      return rows.reduce((a, b) => ((b.duration_seconds ?? -1) > (a.duration_seconds ?? -1) ? b : a)).conversation_id;
    });
    expect(durations[0]).toBe(expectedFirst);
    await page.getByRole("button", { name: /^Start/ }).click();

    // Newest first: the generated calls are already in that order.
    const ids = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1").map((c) => c.conversation_id));
    expect(await page.getAttribute(".list-row >> nth=0", "data-id")).toBe(ids[0]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("ArrowDown");
    expect(await page.getAttribute('.list-row[aria-selected="true"]', "data-id")).toBe(ids[2]);
    await page.keyboard.press("k");
    expect(await page.getAttribute('.list-row[aria-selected="true"]', "data-id")).toBe(ids[1]);
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      (id) => (window.__fakeBackend?.calls ?? []).some((c) => c.cmd === "get_conversation" && c.args.id === id),
      ids[1],
    );
    await page.locator(`.list-row.is-open[data-id="${ids[1]}"]`).waitFor();

    // Moving far down scrolls the cursor into view.
    for (let i = 0; i < 40; i++) await page.keyboard.press("ArrowDown");
    await page.locator(`.list-row[aria-selected="true"][data-id="${ids[41]}"]`).waitFor();
    expect(await page.locator(`.list-row[data-id="${ids[41]}"]`).isVisible()).toBe(true);

    await page.keyboard.press("/");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("Search number or id");
    // J and K typed into the search are text, not moves: the cursor is where it was.
    await page.keyboard.type("jk");
    expect(await page.getByLabel("Search number or id").inputValue()).toBe("jk");
    await page.getByTestId("match-count").waitFor();
    await page.getByLabel("Search number or id").fill("");
    await page.getByTestId("match-count").waitFor({ state: "detached" });
    expect(await page.getAttribute('.list-row[aria-selected="true"]', "data-id")).toBe(ids[41]);
  });

  it("shows start times in Local, UTC or IST", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 150 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    const firstMs = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1")[0]!.start_ms!);
    const fmt = (zone: string) =>
      new Intl.DateTimeFormat("sv-SE", {
        timeZone: zone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      }).format(new Date(firstMs));
    const firstTime = () => text(page, ".list-row >> nth=0 >> .col-time");
    // The browser runs in Europe/Berlin.
    expect(await firstTime()).toBe(fmt("Europe/Berlin"));
    await page.getByRole("radio", { name: "UTC" }).click();
    expect(await firstTime()).toBe(fmt("UTC"));
    await page.getByRole("radio", { name: "IST" }).click();
    expect(await firstTime()).toBe(fmt("Asia/Kolkata"));
  });

  it("saves a screenshot of the list", async () => {
    const app = await apps.open({ accounts: "two" });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    await page.locator(".list-row >> nth=3").click();
    await page.getByTestId("call-view").waitFor();
    await page.waitForTimeout(600);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, "ui-list.png");
    const png = await page.screenshot({ path });
    expect(png.byteLength).toBeGreaterThan(10_000);
    // Served under the app's CSP: any inline script or style would have been refused and logged.
    expect(app.errors).toEqual([]);
    // ...and the CSP is really enforced here (so the check above means something).
    await page.evaluate(() => {
      const probe = document.createElement("div");
      probe.setAttribute("style", "color: red");
      document.body.append(probe);
    });
    await expect.poll(() => app!.errors.some((e) => e.includes("Content Security Policy"))).toBe(true);
  });
});
