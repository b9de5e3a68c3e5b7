// The call view inside the real app build (dist/): picking a call in the list opens it, with the
// shared fake backend behind. Needs `npm run build` first, like the other app-level browser tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp, serveDist, type StaticServer } from "./harness";

let server: StaticServer;

beforeAll(async () => {
  server = await serveDist();
});

afterAll(async () => {
  await server?.close();
});

describe("call view in the app", () => {
  it("opens the call picked in the list, with its transcript and waveform", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "one", defaultCount: 40 });
    try {
      const row = page.locator('[data-testid="list-scroller"] [role="row"]').first();
      await row.waitFor();
      const firstConnected = await page.evaluate(() => {
        const control = window.__fakeBackend;
        const id = control?.accounts().active_id ?? "";
        return control?.conversations(id).find((c) => c.status?.category === "connected")?.contact_number ?? null;
      });
      expect(firstConnected).not.toBeNull();
      await page.locator('[data-testid="list-scroller"] [role="row"]', { hasText: firstConnected ?? "" }).first().click();
      await page.waitForSelector('[data-testid="call-view"][data-complete="true"]');
      expect(await page.locator('[data-testid="transcript"] > li').count()).toBeGreaterThan(0);
      await page.waitForSelector('[data-testid="waveform-detail"]');
      expect(await page.getByRole("slider", { name: "Playback position" }).getAttribute("aria-valuemax")).not.toBe("0");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
