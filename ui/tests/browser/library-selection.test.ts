// The library list's multi-selection in the app build (dist/) over the fake backend: checkbox,
// Ctrl+click, Shift+click, Ctrl+A, Escape, Space and Shift+Space; the selection exported (the
// fake records the request) to a folder or a zip; "all that match" over 1,000,000 calls sent
// as the filter, not as ids; a Shift range over rows the list no longer holds; ids the library
// lost named in the result.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { appPerTest } from "./appPerTest";
import { callsOf, scrollListToRow, text, waitForListCall, waitForRowCount } from "./helpers";

const apps = appPerTest();


const row = (page: Page, id: string) => page.locator(`.list-row[data-id="${id}"]`);
const box = (page: Page, id: string) => row(page, id).getByRole("checkbox");
const shownIds = (page: Page) => page.$$eval(".list-row", (els) => els.map((e) => e.getAttribute("data-id") ?? ""));
const checkedIds = (page: Page) =>
  page.$$eval(".list-row", (els) =>
    els.filter((e) => (e.querySelector('input[type="checkbox"]') as HTMLInputElement | null)?.checked).map((e) => e.getAttribute("data-id") ?? ""),
  );

async function selectedText(page: Page, expected: string): Promise<void> {
  await page.waitForFunction((want) => document.querySelector('[data-testid="selection-count"]')?.textContent === want, expected);
}

async function noSelection(page: Page): Promise<void> {
  await page.getByTestId("selection-count").waitFor({ state: "detached" });
}

/** Keys go to the page, not to a control that had the focus. */
async function blur(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function lastExportArgs(page: Page) {
  return (await callsOf(page, "library_export")).at(-1)?.args;
}

async function exportSelection(page: Page, destination: "Zip file" | "Folder") {
  await page.getByTestId("selection-bar").getByRole("button", { name: "Export…" }).click();
  const dialog = page.locator('[role="dialog"][aria-label="Export calls"]');
  await dialog.waitFor();
  const described = (await dialog.textContent()) ?? "";
  await dialog.getByRole("radio", { name: destination }).check();
  const before = (await callsOf(page, "library_export")).length;
  await dialog.getByRole("button", { name: "Export", exact: true }).click();
  await page.waitForFunction((n) => (window.__fakeBackend?.calls ?? []).filter((c) => c.cmd === "library_export" && c.answered).length > n, before);
  const result = (await dialog.getByTestId("bulk-export-result").textContent()) ?? "";
  await dialog.getByRole("button", { name: "Close" }).click();
  await dialog.waitFor({ state: "detached" });
  return { described, result, args: await lastExportArgs(page) };
}

describe("selecting calls in the library list", () => {
  it("selects by checkbox, Ctrl+click, Shift+click, Space, Ctrl+A and clears with Escape; exports exactly the selection", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 300, library: { syncOnRequest: true }, savePath: "/home/user/Exports" });
    const { page } = app;
    await waitForRowCount(page, "===", 300);
    await waitForListCall(page, {});
    const ids = await shownIds(page);
    expect(ids.length).toBeGreaterThan(10);

    // The checkbox has a name a screen reader reads: the call's number and time.
    const first = await page.evaluate((id) => window.__fakeBackend!.conversations("acc-1").find((c) => c.conversation_id === id)!, ids[0]!);
    const firstBox = page.getByRole("checkbox", { name: new RegExp(`^Select the call ${first.contact_number!.replace("+", "\\+")} of `) });
    await firstBox.click();
    await selectedText(page, "1 selected");
    expect(await firstBox.isChecked()).toBe(true);
    // Ticking does not open the call.
    expect(await callsOf(page, "get_conversation")).toEqual([]);

    // Ctrl+click toggles a row; Shift+click ticks the range from the last one clicked.
    await row(page, ids[2]!).click({ modifiers: ["Control"] });
    await selectedText(page, "2 selected");
    await row(page, ids[5]!).click({ modifiers: ["Shift"] });
    await selectedText(page, "5 selected");
    expect(await checkedIds(page)).toEqual([ids[0], ids[2], ids[3], ids[4], ids[5]]);
    await row(page, ids[3]!).click({ modifiers: ["Control"] });
    await selectedText(page, "4 selected");
    expect(await callsOf(page, "get_conversation")).toEqual([]);

    // A plain click opens the call and keeps the selection.
    await row(page, ids[8]!).click();
    await page.getByTestId("call-view").waitFor();
    await selectedText(page, "4 selected");

    // Escape clears it.
    await blur(page);
    await page.keyboard.press("Escape");
    await noSelection(page);
    expect(await checkedIds(page)).toEqual([]);

    // The keyboard: Tab enters the list on the cursor's row (the one clicked last, 8); J moves
    // the cursor and the focus with it; Space ticks the focused row, Shift+Space the range from
    // the last row ticked to it.
    expect(await box(page, ids[8]!).getAttribute("tabindex")).toBe("0");
    expect(await box(page, ids[7]!).getAttribute("tabindex")).toBe("-1");
    await box(page, ids[8]!).focus();
    await page.keyboard.press("j");
    await page.waitForFunction((id) => document.activeElement?.closest(".list-row")?.getAttribute("data-id") === id, ids[9]);
    await page.keyboard.press("Space");
    await selectedText(page, "1 selected");
    expect(await checkedIds(page)).toEqual([ids[9]]);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.waitForFunction((id) => document.activeElement?.closest(".list-row")?.getAttribute("data-id") === id, ids[11]);
    await page.keyboard.press("Shift+Space");
    await selectedText(page, "3 selected");
    expect(await checkedIds(page)).toEqual([ids[9], ids[10], ids[11]]);
    // Space again unticks the focused row (once: the checkbox does not toggle it back).
    await page.keyboard.press("Space");
    await selectedText(page, "2 selected");
    await page.keyboard.press("Space");
    await selectedText(page, "3 selected");
    expect(await box(page, ids[11]!).isChecked()).toBe(true);
    // A checkbox focused by hand is that row's.
    await box(page, ids[1]!).focus();
    await page.keyboard.press("Space");
    await selectedText(page, "4 selected");
    expect(await box(page, ids[1]!).isChecked()).toBe(true);

    // Export… sends exactly these ids, whatever the filter, to a folder.
    const picked = await exportSelection(page, "Folder");
    expect(picked.described).toContain("The 4 selected calls");
    expect(picked.result).toContain("Exported 4 calls to /home/user/Exports");
    expect(picked.args).toMatchObject({ accountIds: ["acc-1"], destination: "folder", filter: { statuses: [], text: null } });
    expect((picked.args?.picked as { kind: string; ids: string[] }).kind).toBe("only");
    expect([...(picked.args?.picked as { ids: string[] }).ids].sort()).toEqual([ids[1], ids[9], ids[10], ids[11]].sort());
    await selectedText(page, "4 selected");

    // Ctrl+A: every call that matches, even the ones not loaded; untick one; the export is
    // "the filter but this one".
    await blur(page);
    await page.keyboard.press("Control+a");
    await selectedText(page, "300 selected (all that match)");
    await page.getByTestId("list-scroller").evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
    const last = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1").at(-1)!.conversation_id);
    await box(page, last).waitFor();
    expect(await box(page, last).isChecked()).toBe(true);
    await box(page, last).click();
    await selectedText(page, "299 selected (all that match)");
    const all = await exportSelection(page, "Zip file");
    expect(all.described).toContain("All 299 calls of the library, but the 1 unticked");
    expect(all.args).toMatchObject({ destination: "zip", picked: { kind: "all_except", ids: [last] } });
    expect(all.result).toContain("Exported 299 calls");
    expect(app.errors).toEqual([]);
  });

  it("starts afresh on a new filter, exports all that match a filter, and names calls the library no longer has", async () => {
    const app = await apps.open({ accounts: "one", defaultCount: 200, library: { syncOnRequest: true } });
    const { page } = app;
    await waitForRowCount(page, "===", 200);
    const ids = await shownIds(page);
    await box(page, ids[0]!).click();
    await box(page, ids[1]!).click();
    await selectedText(page, "2 selected");

    // A status filter: what was selected was of the other filter.
    const failed = await page.evaluate(() => window.__fakeBackend!.conversations("acc-1").filter((c) => c.status?.code === "failed").length);
    await page.locator(".toolbar").getByRole("button", { name: /^Status/ }).click();
    await page.getByRole("group", { name: "Status filter" }).getByLabel("Failed").check();
    await waitForRowCount(page, "===", failed);
    await noSelection(page);
    await blur(page);
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+a");
    await selectedText(page, `${failed} selected (all that match)`);
    const all = await exportSelection(page, "Zip file");
    expect(all.args).toMatchObject({ filter: { statuses: ["failed"] }, picked: { kind: "all_except", ids: [] } });
    expect(all.result).toContain(`Exported ${failed} calls`);
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await noSelection(page);

    // Two calls ticked, then one of them leaves the library (a rebuild): the export says so.
    const shown = await shownIds(page);
    await box(page, shown[0]!).click();
    await box(page, shown[1]!).click();
    await page.evaluate((gone) => {
      const calls = window.__fakeBackend!.conversations("acc-1");
      calls.splice(
        calls.findIndex((c) => c.conversation_id === gone),
        1,
      );
    }, shown[1]!);
    const lost = await exportSelection(page, "Zip file");
    expect(lost.result).toContain("Exported 1 call to");
    expect(lost.result).toContain(`1 selected call is not in the library and was not exported: ${shown[1]}.`);
    expect(app.errors).toEqual([]);
  });

  it("over 1,000,000 calls: Ctrl+A sends the filter, not ids; a Shift range reads the ids of rows no longer held", async () => {
    const app = await apps.open({
      accounts: "one",
      defaultCount: 150,
      library: { syncOnRequest: true, syntheticRows: { "acc-1": 1_000_000 } },
    });
    const { page } = app;
    await waitForRowCount(page, "===", 1_000_000);
    await page.locator('.list-row[data-id="lib_0000000"]').waitFor();
    await blur(page);
    await page.keyboard.press("Control+a");
    await selectedText(page, "1,000,000 selected (all that match)");
    await page.getByTestId("selection-bar").getByRole("button", { name: "Export…" }).click();
    const dialog = page.locator('[role="dialog"][aria-label="Export calls"]');
    await dialog.getByRole("button", { name: "Export", exact: true }).click();
    await dialog.getByTestId("bulk-export-result").waitFor();
    expect(await lastExportArgs(page)).toMatchObject({ picked: { kind: "all_except", ids: [] } });
    await dialog.getByRole("button", { name: "Close" }).click();
    await page.getByRole("button", { name: "Clear", exact: true }).click();
    await noSelection(page);

    // Tick row 3, scroll 8,000 rows on (the list holds at most 5,000), Shift+click row 8,003.
    await box(page, "lib_0000003").click();
    await scrollListToRow(page, 8_000, 1_000_000);
    await row(page, "lib_0008003").waitFor();
    const listedBefore = (await callsOf(page, "library_list")).length;
    await row(page, "lib_0008003").click({ modifiers: ["Shift"] });
    await selectedText(page, "8,001 selected");
    // The rows between that were not held were asked for again, by windows of at most 200.
    const refetched = (await callsOf(page, "library_list")).slice(listedBefore);
    expect(refetched.length).toBeGreaterThan(0);
    expect(refetched.every((c) => Number(c.args.limit) <= 200)).toBe(true);
    // A range past 10,000 rows is refused in words.
    await scrollListToRow(page, 30_000, 1_000_000);
    await row(page, "lib_0030005").waitFor();
    await row(page, "lib_0030005").click({ modifiers: ["Shift"] });
    await page.getByText("A range can span at most 10,000 calls.", { exact: false }).waitFor();
    expect(await text(page, '[data-testid="selection-count"]')).toBe("8,001 selected");
    expect(app.errors).toEqual([]);
  });
});
