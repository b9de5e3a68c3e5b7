// Call analysis in the call view: once the recording is downloaded, the marks are drawn over the
// waveform (response gaps coloured by length, the interruption, the dead air) with accessible
// names, the figures strip shows the call's numbers, and clicking a mark or a figure — or N /
// Shift+N — moves the playhead there. Runs the app build (dist/) over the fake backend, whose
// analysis is fixed (tests/fake-analysis.ts).
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_INTERRUPTION, FAKE_RESPONSES, FAKE_SILENCE } from "../fake-analysis";
import { callsOf, connectedContacts } from "./helpers";
import { openApp, serveDist, type StaticServer } from "./harness";

let server: StaticServer;

beforeAll(async () => {
  server = await serveDist();
});

afterAll(async () => {
  await server?.close();
});

/** The position of the last seek the app asked the engine for. */
async function lastSeek(page: Page): Promise<number | undefined> {
  const seeks = await callsOf(page, "player_seek");
  const secs = seeks.at(-1)?.args.secs;
  return typeof secs === "number" ? secs : undefined;
}

describe("call analysis", () => {
  it("draws the marks on the waveform, shows the figures, and seeks to a mark", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "one", defaultCount: 40 });
    try {
      await page.locator('[data-testid="list-scroller"] [role="row"]').first().waitFor();
      const contacts = await connectedContacts(page, 10);
      // A call long enough to hold every fake mark (40 s or more).
      let opened = false;
      for (const contact of contacts) {
        await page.locator('[data-testid="list-scroller"] [role="row"]', { hasText: contact }).first().click();
        await page.waitForSelector(".player-play:not([disabled])");
        await page.waitForSelector('[data-testid="analysis-figures"], .analysis-note');
        if ((await page.locator('[data-testid="analysis-mark"]').count()) > 0) {
          opened = true;
          break;
        }
      }
      expect(opened).toBe(true);

      const marks = page.locator('[data-testid="analysis-mark"]');
      expect(await marks.count()).toBe(FAKE_RESPONSES.length + 2);
      // Coloured by how long the caller waited: < 1 s, 1–2 s, > 2 s.
      const tones = await page.locator('[data-kind="response"]').evaluateAll((els) => els.map((e) => e.className));
      expect(tones.map((c) => c.match(/analysis-mark--(\S+)/)?.[1])).toEqual([
        "response-fast",
        "response-slow",
        "response-very-slow",
      ]);
      // Drawn where they happen: the dead air starts 30 s into the call.
      const overview = await page.locator('[data-testid="waveform-overview"]').boundingBox();
      const deadAir = await page.locator('[data-kind="dead_air"]').boundingBox();
      const duration = await page.locator('[data-kind="dead_air"]').evaluate((el) => {
        const parent = el.closest(".waveform-overview");
        return parent ? Number(parent.getAttribute("data-duration") ?? "0") : 0;
      });
      expect(duration).toBeGreaterThan(FAKE_SILENCE.end_s);
      if (!overview || !deadAir) throw new Error("the overview and the dead-air mark have boxes");
      const expectedX = overview.x + (FAKE_SILENCE.start_s / duration) * overview.width;
      expect(Math.abs(deadAir.x - expectedX)).toBeLessThan(2);
      // Accessible names say what each mark is.
      const lane = page.getByRole("group", { name: "Call analysis marks" });
      await lane.getByRole("button", { name: "Agent answered after 2.6 s, at 0:22" }).waitFor();
      await lane.getByRole("button", { name: /Customer interrupted at 0:09, both spoke for 0\.6 s/ }).waitFor();
      await lane.getByRole("button", { name: /Dead air from 0:30 to 0:33, 3\.5 s/ }).waitFor();

      // The figures strip.
      const figures = page.locator('[data-testid="analysis-figures"]');
      await expect.poll(() => figures.textContent()).toContain("Interruptions1");
      expect(await figures.textContent()).toContain("Dead air3.5 s");
      expect(await figures.textContent()).toContain("Agent talk60%");

      // Clicking a mark seeks a second before it.
      await lane.getByRole("button", { name: /Dead air from 0:30/ }).click();
      await expect.poll(() => lastSeek(page)).toBe(FAKE_SILENCE.start_s - 1);
      // A figure seeks to its mark: the slowest reply.
      await figures.getByRole("button", { name: /^max 2\.6 s/ }).click();
      await expect.poll(() => lastSeek(page)).toBe(FAKE_RESPONSES[2]!.after_s - 1);

      // N walks the marks forward from the playhead, Shift+N back.
      await lane.getByRole("button", { name: /Customer interrupted/ }).click();
      await expect.poll(() => lastSeek(page)).toBe(FAKE_INTERRUPTION.at_s - 1);
      await page.locator("h3").first().click();
      await page.keyboard.press("n");
      await expect.poll(() => lastSeek(page)).toBe(FAKE_RESPONSES[1]!.after_s - 1);
      await page.keyboard.press("Shift+N");
      await expect.poll(() => lastSeek(page)).toBe(FAKE_INTERRUPTION.at_s - 1);

      // Two channels: the agent side is as decided for the call, and can be set for the account.
      const side = page.getByLabel("Agent channel");
      expect(await side.inputValue()).toBe("auto");
      expect(await side.locator("option:checked").textContent()).toBe("Left (from the transcript)");
      const analysed = (await callsOf(page, "analyze_call")).length;
      await side.selectOption("right");
      await expect.poll(async () => (await callsOf(page, "set_agent_channel")).at(-1)?.args).toEqual({ channel: "right" });
      await expect.poll(async () => (await callsOf(page, "analyze_call")).length).toBe(analysed + 1);
      await expect.poll(() => side.inputValue()).toBe("right");
      await side.selectOption("auto");
      await expect.poll(async () => (await callsOf(page, "set_agent_channel")).at(-1)?.args).toEqual({ channel: null });
      await expect.poll(() => side.locator("option:checked").textContent()).toBe("Left (from the transcript)");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
  it("keeps the player's controls in place while the analysis runs and when it lands", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "one", defaultCount: 40 });
    try {
      await page.locator('[data-testid="list-scroller"] [role="row"]').first().waitFor();
      // The analysis takes a while, as a long recording's does.
      await page.evaluate(() => window.__fakeBackend?.setLatency("analyze_call", 1500));
      const [contact] = await connectedContacts(page, 1);
      await page.locator('[data-testid="list-scroller"] [role="row"]', { hasText: contact }).first().click();
      await page.locator(".analysis-note", { hasText: "Analysing the call" }).waitFor();
      const before = await page.locator(".player-play").boundingBox();
      await page.locator('[data-testid="analysis-figures"]').waitFor();
      const after = await page.locator(".player-play").boundingBox();
      expect(after?.y).toBe(before?.y);
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
