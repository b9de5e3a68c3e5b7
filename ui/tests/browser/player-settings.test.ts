// Player settings that mean what they show: the engine keeps speed, mute, volume and channels
// across calls (and launches), and every call view shows what the engine reports — never 1×,
// unmuted, by default of its own. Runs the app build (dist/) over the fake backend, whose
// player keeps its settings the way the real engine does.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callsOf, connectedContacts } from "./helpers";
import { openApp, serveDist, type StaticServer } from "./harness";

let server: StaticServer;

beforeAll(async () => {
  server = await serveDist();
});

afterAll(async () => {
  await server?.close();
});

async function openCall(page: Page, contact: string): Promise<void> {
  await page.locator('[data-testid="list-scroller"] [role="row"]', { hasText: contact }).first().click();
  await page.waitForSelector(`[data-testid="call-view"][data-complete="true"]`);
  await page.locator(".call-header", { hasText: contact }).waitFor();
  await page.waitForSelector('[data-testid="waveform-detail"]');
  // The shortcuts listen once the recording is ready to play, which can come after the waveform.
  await page.waitForSelector(".player-play:not([disabled])");
}

describe("player settings", () => {
  it("carry over from one call to the next, as the engine reports them", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "one", defaultCount: 40 });
    try {
      await page.locator('[data-testid="list-scroller"] [role="row"]').first().waitFor();
      const [first, second] = await connectedContacts(page, 2);
      expect(first && second && first !== second).toBeTruthy();

      await openCall(page, first ?? "");
      const speed = page.getByLabel("Playback speed");
      await expect.poll(() => speed.inputValue()).toBe("1");
      await speed.selectOption("1.5");
      await page.getByRole("button", { name: "Mute", exact: true }).click();
      await page.getByRole("button", { name: "Unmute" }).waitFor();
      expect((await callsOf(page, "player_set_speed")).at(-1)?.args).toEqual({ speed: 1.5 });

      // The next call: the controls say what the engine will play with.
      await openCall(page, second ?? "");
      await expect.poll(() => speed.inputValue()).toBe("1.5");
      const mute = page.getByRole("button", { name: "Unmute" });
      expect(await mute.getAttribute("aria-pressed")).toBe("true");
      expect(await page.getByLabel("Volume").inputValue()).toBe("0");

      // Unmuting there gives back the volume it had, and that carries over too.
      await mute.click();
      await page.getByRole("button", { name: "Mute", exact: true }).waitFor();
      expect(await page.getByLabel("Volume").inputValue()).toBe("1");
      await openCall(page, first ?? "");
      await expect.poll(() => speed.inputValue()).toBe("1.5");
      expect(await page.getByRole("button", { name: "Mute", exact: true }).getAttribute("aria-pressed")).toBe("false");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("shows the settings the engine started with (saved at the last launch) on the first call", async () => {
    const { page, errors, close } = await openApp(server, {
      accounts: "one",
      defaultCount: 40,
      playerSettings: { speed: 0.75, muted: true, volume: 0.5 },
    });
    try {
      await page.locator('[data-testid="list-scroller"] [role="row"]').first().waitFor();
      const [first] = await connectedContacts(page, 1);
      await openCall(page, first ?? "");
      await expect.poll(() => page.getByLabel("Playback speed").inputValue()).toBe("0.75");
      expect(await page.getByRole("button", { name: "Unmute" }).getAttribute("aria-pressed")).toBe("true");
      // Speeding up with "]" steps from the engine's speed, not from 1×.
      await page.locator("h3").first().click();
      await page.keyboard.press("]");
      await expect.poll(() => page.getByLabel("Playback speed").inputValue()).toBe("1");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
