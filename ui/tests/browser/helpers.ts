// Small helpers over a page running the app with the fake backend.
import type { Page } from "playwright-core";
import type { CallRecord, FailureSpec, FakeCommand } from "../fake-backend";

export async function failNext(page: Page, cmd: FakeCommand, spec: FailureSpec): Promise<void> {
  await page.evaluate(([c, s]) => window.__fakeBackend?.fail(c, s), [cmd, spec] as const);
}

export async function callsOf(page: Page, cmd: FakeCommand): Promise<CallRecord[]> {
  return page.evaluate((c) => (window.__fakeBackend?.calls ?? []).filter((x) => x.cmd === c), cmd);
}

/** Number of rows the list holds (after local filters), from the grid's aria-rowcount. */
export async function rowCount(page: Page): Promise<number> {
  return Number(await page.getAttribute('[role="grid"]', "aria-rowcount"));
}

/** Waits until the grid's row count satisfies `op value` (no eval: the page runs under a strict CSP). */
export async function waitForRowCount(page: Page, op: "===" | ">=" | "<", value: number): Promise<void> {
  await page.waitForFunction(
    ([o, v]) => {
      const n = Number(document.querySelector('[role="grid"]')?.getAttribute("aria-rowcount") ?? "-1");
      return o === "===" ? n === v : o === ">=" ? n >= v : n < v;
    },
    [op, value] as const,
  );
}

/** Waits until a `library_list` call asked for `expected` (a subset of its filter and sort). */
export async function waitForListCall(page: Page, expected: { filter?: Record<string, unknown>; sort?: Record<string, unknown> }) {
  await page.waitForFunction((want) => {
    const calls = (window.__fakeBackend?.calls ?? []).filter((c) => c.cmd === "library_list" && c.answered);
    const matches = (got: unknown, part: Record<string, unknown> | undefined) =>
      part === undefined || Object.entries(part).every(([k, v]) => JSON.stringify((got as Record<string, unknown>)[k]) === JSON.stringify(v));
    return calls.some((c) => matches(c.args.filter, want.filter) && matches(c.args.sort, want.sort));
  }, expected);
}

export async function text(page: Page, selector: string): Promise<string> {
  return ((await page.textContent(selector)) ?? "").trim();
}

/** Contact numbers of the active account's first `count` connected calls (they have recordings). */
export async function connectedContacts(page: Page, count: number): Promise<string[]> {
  return page.evaluate((n) => {
    const control = window.__fakeBackend;
    const id = control?.accounts().active_id ?? "";
    return (control?.conversations(id) ?? [])
      .filter((c) => c.status?.category === "connected" && c.duration_seconds !== null)
      .slice(0, n)
      .map((c) => c.contact_number ?? "");
  }, count);
}

/**
 * Scrolls the list so that row `row` of `rows` (32 px each) is at the top. A list taller than
 * the drawn scroll area (over 16,000,000 px, see src/views/list/scaledScroll.ts) scrolls by a
 * factor: its whole range is drawn in the area's range.
 */
export async function scrollListToRow(page: Page, row: number, rows: number): Promise<void> {
  await page.$eval(
    '[data-testid="list-scroller"]',
    (el, [px, totalPx]) => {
      const room = el.scrollHeight - el.clientHeight;
      el.scrollTop = totalPx > el.scrollHeight ? (px * room) / (totalPx - el.clientHeight) : px;
    },
    [row * 32, rows * 32] as const,
  );
}
