// First run, demo, adding accounts (good and wrong key), switching, managing, keychain banner.
import { describe, expect, it } from "vitest";
import { appPerTest } from "./appPerTest";
import { callsOf, text } from "./helpers";

const apps = appPerTest();

describe("accounts", () => {
  it("welcome screen → explore the demo", async () => {
    const app = await apps.open({ accounts: "none", counts: { demo: 240 } });
    const { page } = app;
    await page.getByRole("heading", { name: "Welcome to Formant Desk" }).waitFor();
    await page.getByRole("button", { name: "Explore the demo" }).click();
    await page.getByTestId("active-account-name").waitFor();
    expect(await text(page, '[data-testid="active-account-name"]')).toBe("Demo");
    await page.getByText("240 calls").waitFor();
    expect((await callsOf(page, "start_demo")).length).toBe(1);
    expect(app.errors).toEqual([]);
  });

  it("adds an account: a wrong key is shown inline and the form is kept; a good key makes it active", async () => {
    const app = await apps.open({ accounts: "none", counts: { "acc-1": 321 } });
    const { page } = app;
    await page.getByRole("button", { name: "Add account" }).click();
    const form = page.getByRole("form", { name: "Add account" });
    await form.locator('input[name="name"]').fill("Team India");
    await form.getByLabel("India").check();
    await form.locator('input[name="api_key"]').fill("sk_wrong_0001");
    await form.getByRole("button", { name: "Add account" }).click();
    await page.getByTestId("key-error").waitFor();
    expect(await text(page, '[data-testid="key-error"]')).toContain("not accepted");
    // Nothing was lost: the form still holds what was typed.
    expect(await form.locator('input[name="name"]').inputValue()).toBe("Team India");
    expect(await form.getByLabel("India").isChecked()).toBe(true);
    expect(await form.locator('input[name="api_key"]').getAttribute("type")).toBe("password");

    await form.locator('input[name="api_key"]').fill("sk_live_good1234");
    await form.getByRole("button", { name: "Add account" }).click();
    await page.getByTestId("active-account-name").waitFor();
    expect(await text(page, '[data-testid="active-account-name"]')).toBe("Team India");
    expect(await page.getAttribute(".app-header .region-badge", "data-region")).toBe("india");
    await page.getByText("321 calls").waitFor();
    const adds = await callsOf(page, "add_account");
    expect(adds).toHaveLength(2);
    expect(adds[1]?.args).toMatchObject({ name: "Team India", region: { kind: "india" }, apiKey: "sk_live_good1234" });
  });

  it("rejects an unusable custom URL before calling the backend", async () => {
    const app = await apps.open({ accounts: "none" });
    const { page } = app;
    await page.getByRole("button", { name: "Add account" }).click();
    const form = page.getByRole("form", { name: "Add account" });
    await form.locator('input[name="name"]').fill("Lab");
    await form.getByLabel("Custom URL").check();
    await form.getByLabel("Base URL").fill("not a url");
    await form.locator('input[name="api_key"]').fill("sk_live_good1234");
    await form.getByRole("button", { name: "Add account" }).click();
    await page.getByText("Enter a full base URL").waitFor();
    expect(await callsOf(page, "add_account")).toHaveLength(0);
  });

  it("switches accounts with Ctrl+2 and from the menu; the accent shows the region", async () => {
    const app = await apps.open({ accounts: "two", counts: { "acc-2": 250 } });
    const { page } = app;
    await page.getByText("10,000 calls").waitFor();
    const globalAccent = await page.$eval('[data-testid="account-accent"]', (e) => getComputedStyle(e).backgroundColor);
    expect(await page.getAttribute(".app-header", "data-region")).toBe("global");

    await page.keyboard.press("Control+2");
    await page.getByText("250 calls").waitFor();
    expect(await text(page, '[data-testid="active-account-name"]')).toBe("Acme India");
    expect(await page.getAttribute(".app-header", "data-region")).toBe("india");
    const indiaAccent = await page.$eval('[data-testid="account-accent"]', (e) => getComputedStyle(e).backgroundColor);
    expect(indiaAccent).not.toBe(globalAccent);
    expect(await text(page, ".app-header .region-badge")).toBe("India");
    const sets = await callsOf(page, "set_active_account");
    expect(sets.at(-1)?.args).toEqual({ id: "acc-2" });

    await page.getByTestId("account-switcher").click();
    await page.getByRole("menuitemradio", { name: /Acme Support/ }).click();
    await page.getByText("10,000 calls").waitFor();
    expect(await text(page, '[data-testid="active-account-name"]')).toBe("Acme Support");
  });

  it("renames, changes the key (a wrong one is refused inline) and removes with confirmation", async () => {
    const app = await apps.open({ accounts: "two" });
    const { page } = app;
    await page.getByTestId("account-switcher").click();
    await page.getByRole("menuitem", { name: "Manage accounts…" }).click();
    const dialog = page.getByRole("dialog");
    const first = dialog.locator('[data-account-id="acc-1"]');
    await first.getByRole("button", { name: "Rename" }).click();
    await first.getByLabel("New name").fill("Acme Global");
    await first.getByRole("button", { name: "Save" }).click();
    await first.getByText("Acme Global").waitFor();

    await first.getByRole("button", { name: "Change key" }).click();
    await first.getByLabel("New API key").fill("wrong-key-123");
    await first.getByRole("button", { name: "Save key" }).click();
    await first.getByRole("alert").waitFor();
    expect(await first.getByLabel("New API key").inputValue()).toBe("wrong-key-123");
    await first.getByLabel("New API key").fill("sk_live_fresh9876");
    await first.getByRole("button", { name: "Save key" }).click();
    await first.getByText("key …9876").waitFor();

    const second = dialog.locator('[data-account-id="acc-2"]');
    await second.getByRole("button", { name: "Remove" }).click();
    await second.getByRole("group", { name: "Confirm removal" }).getByRole("button", { name: "Remove" }).click();
    await second.waitFor({ state: "detached" });
    expect((await callsOf(page, "remove_account")).map((c) => c.args)).toEqual([{ id: "acc-2" }]);
    await page.keyboard.press("Escape");
    expect(await text(page, '[data-testid="active-account-name"]')).toBe("Acme Global");
  });

  it("shows the keychain banner when the keychain is unavailable", async () => {
    const app = await apps.open({ accounts: "one", keychainAvailable: false });
    const { page } = app;
    const banner = page.locator('.keychain-banner[data-error-kind="keychain"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain("keychain");
  });

  it("does not show the keychain banner in the demo (it needs no key), only once a saved account exists", async () => {
    const app = await apps.open({ accounts: "none", keychainAvailable: false, counts: { demo: 120 } });
    const { page } = app;
    await page.getByRole("button", { name: "Explore the demo" }).click();
    await page.getByText("120 calls").waitFor();
    const banner = page.locator('.keychain-banner[data-error-kind="keychain"]');
    expect(await banner.count()).toBe(0);

    await page.getByTestId("account-switcher").click();
    await page.getByRole("menuitem", { name: "Manage accounts…" }).click();
    const form = page.getByRole("form", { name: "Add account" });
    await form.locator('input[name="name"]').fill("Support");
    await form.locator('input[name="api_key"]').fill("sk_live_good1234");
    await form.getByRole("button", { name: "Add account" }).click();
    await page.getByTestId("active-account-name").filter({ hasText: "Support" }).waitFor();
    await banner.waitFor();
  });
});
