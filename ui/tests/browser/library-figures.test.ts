// The library list by the figures of each call's analysis: the reply-p90 column, the filters
// "reply p90 over N s" and "has interruptions" and the sorts by them, all asked of the store;
// and the setting that has every downloaded recording analysed in the background.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appPerTest } from "./appPerTest";
import { callsOf, waitForListCall, waitForRowCount } from "./helpers";

const apps = appPerTest();

/** Figures stored for three calls (by index in the account's calls): a slow reply with one
 * interruption, a quick reply with none, and no hand-off at all but two interruptions. */
const FIGURES = [
  { index: 3, latency_p90_s: 3.2, interruptions: 1 },
  { index: 10, latency_p90_s: 0.8, interruptions: 0 },
  { index: 20, latency_p90_s: null, interruptions: 2 },
];

async function synced(page: Page): Promise<string[]> {
  const ids = await page.evaluate((figures) => {
    const fake = window.__fakeBackend!;
    const calls = fake.conversations("acc-1");
    for (const f of figures) {
      fake.library.storeFigures("acc-1", calls[f.index]!.conversation_id, f);
    }
    fake.library.completeSync("acc-1");
    return calls.map((c) => c.conversation_id);
  }, FIGURES);
  await waitForRowCount(page, "===", 60);
  return ids;
}

const shownIds = (page: Page) => page.$$eval(".list-row", (rows) => rows.map((r) => r.getAttribute("data-id")));
const figuresOf = (page: Page, id: string) => page.locator(`.list-row[data-id="${id}"] .col-figures > span`).getAttribute("aria-label");

describe("the library list by call figures", () => {
  it("shows each call's reply p90 and interruptions, and filters and sorts by them in the store", async () => {
    const { page } = await apps.open({ accounts: "one", defaultCount: 60 });
    const ids = await synced(page);
    const [slow, quick, interrupted] = FIGURES.map((f) => ids[f.index]!);

    // The column: the figures where stored, "not analysed" elsewhere.
    expect(await figuresOf(page, slow!)).toBe("reply p90 3.2 s, 1 interruption");
    expect(await figuresOf(page, quick!)).toBe("reply p90 0.8 s, 0 interruptions");
    expect(await figuresOf(page, ids[0]!)).toBe("Not analysed yet");
    expect(await page.locator(".list-header").getByRole("columnheader", { name: "Reply p90" }).count()).toBe(1);

    // "Reply p90 over 2 s": the store is asked, and only the slow call is left.
    const bar = page.getByRole("group", { name: "Call analysis filters" });
    await bar.getByLabel("Reply p90 over").fill("2");
    await waitForListCall(page, { filter: { latency_p90_above_s: 2 } });
    await waitForRowCount(page, "===", 1);
    expect(await shownIds(page)).toEqual([slow]);
    // Lowered to 0.5 s, the quick one is back; emptied, no latency filter at all.
    await bar.getByLabel("Reply p90 over").fill("0.5");
    await waitForListCall(page, { filter: { latency_p90_above_s: 0.5 } });
    await waitForRowCount(page, "===", 2);
    await bar.getByLabel("Reply p90 over").fill("");
    await waitForRowCount(page, "===", 60);

    // "Has interruptions": the two calls with any, never the calls not analysed.
    await bar.getByLabel("Has interruptions").check();
    await waitForListCall(page, { filter: { has_interruptions: true, latency_p90_above_s: null } });
    await waitForRowCount(page, "===", 2);
    expect((await shownIds(page)).sort()).toEqual([slow, interrupted].sort());
    await bar.getByLabel("Has interruptions").uncheck();
    await waitForRowCount(page, "===", 60);

    // Sorts: the slowest reply first, the calls without a p90 after; then the most interruptions.
    await bar.getByRole("button", { name: "Slowest replies" }).click();
    await waitForListCall(page, { sort: { column: "latency_p90", descending: true } });
    await page.waitForFunction((id) => document.querySelector(".list-row")?.getAttribute("data-id") === id, slow!);
    expect((await shownIds(page)).slice(0, 2)).toEqual([slow, quick]);
    expect(await bar.getByRole("button", { name: /Slowest replies/ }).getAttribute("aria-pressed")).toBe("true");
    await bar.getByRole("button", { name: "Most interruptions" }).click();
    await waitForListCall(page, { sort: { column: "interruptions", descending: true } });
    await page.waitForFunction((id) => document.querySelector(".list-row")?.getAttribute("data-id") === id, interrupted!);
    expect((await shownIds(page)).slice(0, 3)).toEqual([interrupted, slow, quick]);
  });

  it("keeps the background analysis setting the user picks", async () => {
    const { page } = await apps.open({ accounts: "one", defaultCount: 60 });
    await synced(page);
    const choice = page.getByLabel("Analyse", { exact: true });
    await page.waitForFunction(() => !(document.querySelector(".figure-filters select") as HTMLSelectElement | null)?.disabled);
    expect(await choice.inputValue()).toBe("opened_calls");
    await choice.selectOption("all_downloaded");
    await page.waitForFunction(() => (window.__fakeBackend?.calls ?? []).some((c) => c.cmd === "set_background_analysis" && c.answered));
    expect((await callsOf(page, "set_background_analysis")).map((c) => c.args)).toEqual([{ mode: "all_downloaded" }]);
    expect(await choice.inputValue()).toBe("all_downloaded");
  });

  it("shows response latency per agent and per day in Triage; a row lists its calls", async () => {
    const { page } = await apps.open({ accounts: "one", defaultCount: 60 });
    // Two agents' calls analysed: the first agent quick (p90 1 s and 1.4 s), the second slow
    // (3 s and 5 s); p50 half the p90.
    const agents = await page.evaluate(() => {
      const fake = window.__fakeBackend!;
      const calls = fake.conversations("acc-1");
      const ids = [...new Set(calls.map((c) => c.agent_id))].filter((a): a is number => a !== null).slice(0, 2);
      ids.forEach((agent, n) => {
        const mine = calls.filter((c) => c.agent_id === agent).slice(0, 2);
        mine.forEach((c, i) => {
          const p90 = n === 0 ? [1, 1.4][i]! : [3, 5][i]!;
          fake.library.storeFigures("acc-1", c.conversation_id, { latency_p50_s: p90 / 2, latency_p90_s: p90, interruptions: 0 });
        });
      });
      fake.library.completeSync("acc-1");
      return ids;
    });
    await waitForRowCount(page, "===", 60);
    await page.getByRole("tab", { name: "Triage" }).click();
    const section = page.getByRole("region", { name: "Response latency" });
    await section.getByTestId("latency-row").nth(1).waitFor();
    const rows = await section.getByTestId("latency-row").evaluateAll((els) =>
      els.map((e) => [...e.querySelectorAll("th, td")].map((c) => c.textContent?.trim())),
    );
    // Slowest agent's figures: p50 median of 1.5, 2.5 = 2; p90 at the 90th of 3, 5 = 4.8.
    expect(rows).toEqual(
      expect.arrayContaining([
        [String(agents[0]), "2", "0.60 s", "1.36 s"],
        [String(agents[1]), "2", "2.00 s", "4.80 s"],
      ]),
    );
    const asked = (await callsOf(page, "library_latency")).at(-1);
    expect(asked?.args).toMatchObject({ accountIds: ["acc-1"], by: "agent" });

    // By day: the groups are days, asked of the store.
    await section.getByRole("group", { name: "Latency by" }).getByRole("button", { name: "Day" }).click();
    await page.waitForFunction(() => (window.__fakeBackend?.calls ?? []).some((c) => c.cmd === "library_latency" && c.answered && c.args.by === "day"));
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="latency-row"] th')].every((th) => /^\d{4}-\d\d-\d\d$/.test(th.textContent?.trim() ?? "")),
    );

    // A row lists its calls: back to agents, the slow agent's row filters the list to them.
    await section.getByRole("group", { name: "Latency by" }).getByRole("button", { name: "Agent" }).click();
    await section.getByRole("button", { name: `List the calls of ${agents[1]}` }).click();
    await waitForListCall(page, { filter: { agent_ids: [agents[1]] } });
  });
});
