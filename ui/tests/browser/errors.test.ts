// Every error kind reaches the user through ErrorNotice with the action its kind calls for.
import { describe, expect, it } from "vitest";
import type { ErrorKind } from "../../src/ipc/core";
import { appPerTest } from "./appPerTest";
import { callsOf, failNext, text, waitForRowCount } from "./helpers";

const apps = appPerTest();

const notice = '.list-pane [role="alert"][data-error-kind]';

describe("errors by kind", () => {
  it("auth: offers Update key, which opens the key form of the active account", async () => {
    const app = await apps.open({ accounts: "two" });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    await failNext(page, "list_conversations", { kind: "auth" });
    await page.getByRole("button", { name: "Refresh" }).click();
    await page.locator(`${notice}[data-error-kind="auth"]`).waitFor();
    expect(await text(page, notice)).toContain("Acme Support");
    expect(await page.locator(notice).getByRole("button", { name: "Retry" }).count()).toBe(0);
    await page.locator(notice).getByRole("button", { name: "Update key" }).click();
    const row = page.getByRole("dialog").locator('[data-account-id="acc-1"]');
    await row.getByLabel("New API key").waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("New API key");
  });

  it("network: Retry fetches the failed page again", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 500 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    await failNext(page, "list_conversations", { kind: "network" });
    await page.$eval('[data-testid="list-scroller"]', (el) => {
      el.scrollTop = el.scrollHeight;
    });
    await page.locator(`${notice}[data-error-kind="network"]`).waitFor();
    expect(await text(page, notice)).toContain("Cannot reach the server");
    await page.locator(notice).getByRole("button", { name: "Retry" }).click();
    await waitForRowCount(page, "===", 200);
    await page.locator(notice).waitFor({ state: "detached" });
    const offsets = (await callsOf(page, "list_conversations")).map((c) => c.args.offset);
    expect(offsets).toEqual([0, 100, 100]);
  });

  it("rate_limited: counts down from Retry-After, then retries by itself", async () => {
    const app = await apps.open({
      accounts: "one",
      defaultCount: 400,
      failures: { list_conversations: [{ kind: "rate_limited", retryAfterSecs: 2 }] },
    });
    const { page } = app;
    await page.locator(`${notice}[data-error-kind="rate_limited"]`).waitFor();
    await page.getByText("Retrying in 2 s…").waitFor();
    await page.getByText("Retrying in 1 s…").waitFor();
    await waitForRowCount(page, "===", 100);
    await page.locator(notice).waitFor({ state: "detached" });
    const calls = await callsOf(page, "list_conversations");
    expect(calls).toHaveLength(2);
    const waited = calls[1]!.at - calls[0]!.at;
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(5000);
  });

  it("rate_limited without Retry-After waits the default 5 s (and Retry now skips the wait)", async () => {
    const app = await apps.open({
      accounts: "one",
      defaultCount: 400,
      failures: { list_conversations: [{ kind: "rate_limited", retryAfterSecs: null }] },
    });
    const { page } = app;
    await page.getByText("Retrying in 5 s…").waitFor();
    await page.locator(notice).getByRole("button", { name: "Retry now" }).click();
    await waitForRowCount(page, "===", 100);
    expect(await callsOf(page, "list_conversations")).toHaveLength(2);
  });

  it("unknown (a command that failed inside, e.g. panicked): the first load shows it, and Retry loads the list", async () => {
    const app = await apps.open({
      accounts: "one",
      defaultCount: 300,
      failures: {
        list_conversations: [{ kind: "unknown", message: "Formant Desk hit an internal error (attempt to subtract with overflow)." }],
      },
    });
    const { page } = app;
    const el = page.locator(`${notice}[data-error-kind="unknown"]`);
    await el.waitFor();
    expect(await el.textContent()).toContain("attempt to subtract with overflow");
    expect(await page.getByText("Loading calls…").count()).toBe(0);
    await el.getByRole("button", { name: "Retry" }).click();
    await waitForRowCount(page, "===", 100);
    await page.locator(notice).waitFor({ state: "detached" });
    expect(await callsOf(page, "list_conversations")).toHaveLength(2);
  });

  it("not_found: the call view says so, without a Retry", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 200 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    await failNext(page, "get_conversation", { kind: "not_found" });
    await page.locator(".list-row >> nth=0").click();
    const callNotice = page.locator('.detail-pane [data-error-kind="not_found"]');
    await callNotice.waitFor();
    expect(await callNotice.textContent()).toContain("no longer exists");
    expect(await callNotice.getByRole("button", { name: "Retry" }).count()).toBe(0);
  });

  it("renders every kind with its action", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 150 });
    const { page } = app;
    await waitForRowCount(page, "===", 100);
    const expectations: [ErrorKind, string[]][] = [
      ["auth", ["Update key"]],
      ["not_found", []],
      ["recording_unavailable", ["Retry"]],
      ["rate_limited", ["Retry now"]],
      ["network", ["Retry"]],
      ["timeout", ["Retry"]],
      ["server", ["Retry"]],
      ["bad_response", ["Retry"]],
      ["keychain", []],
      ["audio", []],
      ["invalid_input", []],
      ["io", []],
      ["cancelled", []],
      ["unknown", ["Retry"]],
    ];
    for (const [kind, buttons] of expectations) {
      await failNext(page, "list_conversations", { kind, message: `Message for ${kind}.`, retryAfterSecs: 30 });
      await page.getByRole("button", { name: "Refresh" }).click();
      const el = page.locator(`${notice}[data-error-kind="${kind}"]`);
      await el.waitFor();
      expect(await el.textContent()).toContain(`Message for ${kind}.`);
      const shown = await el.locator("button").allTextContents();
      expect(shown, kind).toEqual(buttons);
    }
    // After all that, a working refresh clears the notice.
    await page.getByRole("button", { name: "Refresh" }).click();
    await waitForRowCount(page, "===", 100);
    await page.locator(notice).waitFor({ state: "detached" });
  });
});
