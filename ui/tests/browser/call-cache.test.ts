// The recordings cache menu: opening a call's recording puts it in the cache; "Clear cache"
// empties it (the real commands are recording_cache_info / clear_recording_cache).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openApp, serveDist, type StaticServer } from "./harness";

let server: StaticServer;

beforeAll(async () => {
  server = await serveDist();
});

afterAll(async () => {
  await server?.close();
});

describe("recordings cache menu", () => {
  it("shows what the cache holds and clears it", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "one", defaultCount: 40 });
    try {
      await page.locator('[data-testid="list-scroller"] [role="row"]').first().waitFor();
      const connected = await page.evaluate(() => {
        const control = window.__fakeBackend;
        const id = control?.accounts().active_id ?? "";
        return control?.conversations(id).find((c) => c.status?.category === "connected")?.contact_number ?? null;
      });
      await page.locator('[data-testid="list-scroller"] [role="row"]', { hasText: connected ?? "" }).first().click();
      await page.waitForSelector('[data-testid="waveform-detail"]');
      // The download has finished once its progress bar is gone.
      await page.getByRole("slider", { name: "Playback position" }).waitFor();
      await page.waitForFunction(() => document.querySelector('[data-testid="recording-progress"]') === null);

      await page.getByRole("button", { name: "Recordings cache" }).click();
      const usage = page.getByTestId("cache-usage");
      await page.locator('[data-testid="cache-usage"]', { hasText: "1 recording," }).waitFor();
      expect(await usage.textContent()).toMatch(/^1 recording, [\d.]+ (kB|MB) of 2\.0 GB$/);
      await page.getByRole("button", { name: "Clear cache" }).click();
      await page.locator('[data-testid="cache-usage"]', { hasText: "0 recordings, 0 B of 2.0 GB" }).waitFor();
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe("logs folder", () => {
  it("asks the Rust side to open the log folder, and names the folder when it cannot", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "one", defaultCount: 5 });
    try {
      await page.locator('[data-testid="list-scroller"] [role="row"]').first().waitFor();
      await page.getByRole("button", { name: "Open logs folder" }).click();
      await page.waitForFunction(() => window.__fakeBackend?.callCount("open_logs_folder") === 1);
      expect(await page.getByTestId("logs-error").count()).toBe(0);

      await page.evaluate(() =>
        window.__fakeBackend?.fail("open_logs_folder", {
          kind: "io",
          message: "The log folder could not be opened (no file manager); it is /tmp/logs.",
        }),
      );
      await page.getByRole("button", { name: "Open logs folder" }).click();
      const notice = page.getByTestId("logs-error");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("/tmp/logs");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
