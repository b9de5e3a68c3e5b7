// One look in light and dark: every text of the list, the call view (header, transcript with
// search hits, results, raw JSON, player), the library's search, triage and bulk export, and
// the dialogs keeps a WCAG AA contrast (4.5:1)
// against the background it is painted on, in both colour schemes; and the waveform canvas
// follows the scheme (re-drawn when it changes, its peaks standing out from its background).
// Needs `npm run build` first, like the other app-level browser tests.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composite, contrastRatio, parseColour, relativeLuminance, type Rgba } from "../../src/lib/colour";
import { openApp, serveDist, type StaticServer } from "./harness";
import { connectedContacts } from "./helpers";

const AA = 4.5;

/** One run of text as the page paints it: its colour and the backgrounds under it, nearest first. */
interface PaintedText {
  where: string;
  text: string;
  colour: string;
  backgrounds: string[];
}

/**
 * Every visible, enabled text under `root`: text nodes' parents, plus form fields (their value is
 * text too). Backgrounds are collected up the ancestors until an opaque one.
 */
async function paintedTexts(page: Page, root: string): Promise<PaintedText[]> {
  return page.evaluate((rootSelector) => {
    const out: { where: string; text: string; colour: string; backgrounds: string[] }[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""}`;
    const backgroundsOf = (start: Element) => {
      const found: string[] = [];
      for (let el: Element | null = start; el; el = el.parentElement) {
        const bg = getComputedStyle(el).backgroundColor;
        if (bg === "transparent" || bg === "rgba(0, 0, 0, 0)") continue;
        found.push(bg);
        if (!bg.startsWith("rgba(")) break;
      }
      return found;
    };
    const usable = (el: Element) =>
      el.checkVisibility({ opacityProperty: true, visibilityProperty: true }) &&
      !el.closest(":disabled, [aria-disabled='true']");
    for (const scope of document.querySelectorAll(rootSelector)) {
      const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        const text = node.textContent?.trim() ?? "";
        if (!el || text === "" || !usable(el)) continue;
        out.push({ where: name(el), text: text.slice(0, 40), colour: getComputedStyle(el).color, backgrounds: backgroundsOf(el) });
      }
      for (const field of scope.querySelectorAll("input[type='search'], input[type='text'], input:not([type]), select")) {
        if (!usable(field)) continue;
        out.push({ where: name(field), text: `<${field.tagName.toLowerCase()}>`, colour: getComputedStyle(field).color, backgrounds: backgroundsOf(field) });
      }
    }
    return out;
  }, root);
}

function parsed(css: string, where: string): Rgba {
  const colour = parseColour(css);
  if (!colour) throw new Error(`${where}: cannot read the colour ${css}`);
  return colour;
}

/** The text's contrast against the composite of its backgrounds (the page's white when none is opaque). */
function contrastOf(t: PaintedText): number {
  let bg: Rgba = { r: 255, g: 255, b: 255, a: 1 };
  for (const layer of [...t.backgrounds].reverse()) bg = composite(parsed(layer, t.where), bg);
  return contrastRatio(composite(parsed(t.colour, t.where), bg), bg);
}

/** Every text under `root` below AA, as readable lines (empty when all pass). */
async function lowContrast(page: Page, root: string): Promise<string[]> {
  const texts = await paintedTexts(page, root);
  expect(texts.length, `no text found under ${root}`).toBeGreaterThan(0);
  return texts
    .map((t) => ({ t, ratio: contrastOf(t) }))
    .filter(({ ratio }) => ratio < AA)
    .map(({ t, ratio }) => `${root} ${t.where} "${t.text}": ${ratio.toFixed(2)}:1 (${t.colour} on ${t.backgrounds.join(" over ")})`);
}

interface CanvasPaint {
  /** The colour most pixels of the top row have (peaks never reach it): the background,
   * tinted where a speaker's region lies. */
  dominant: Rgba;
  /** The pixel that differs most from it: a peak. */
  strongest: Rgba;
}

async function canvasPaint(page: Page, testId: string): Promise<CanvasPaint> {
  const [dominant, strongest] = await page.evaluate((id) => {
    const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
    const ctx = canvas?.getContext("2d");
    if (!canvas || !ctx) throw new Error(`no canvas ${id}`);
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map<number, number>();
    const topRow = new Map<number, number>();
    for (let i = 0; i < data.length; i += 4) {
      const key = ((data[i] ?? 0) << 16) | ((data[i + 1] ?? 0) << 8) | (data[i + 2] ?? 0);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (i < canvas.width * 4) topRow.set(key, (topRow.get(key) ?? 0) + 1);
    }
    const top = [...topRow.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
    const rgb = (key: number) => [(key >> 16) & 255, (key >> 8) & 255, key & 255];
    const [r0 = 0, g0 = 0, b0 = 0] = rgb(top);
    let best = top;
    let bestDistance = -1;
    for (const key of counts.keys()) {
      const [r = 0, g = 0, b = 0] = rgb(key);
      const distance = (r - r0) ** 2 + (g - g0) ** 2 + (b - b0) ** 2;
      if (distance > bestDistance) [best, bestDistance] = [key, distance];
    }
    return [rgb(top), rgb(best)];
  }, testId);
  const toRgba = ([r = 0, g = 0, b = 0]: number[]): Rgba => ({ r, g, b, a: 1 });
  return { dominant: toRgba(dominant), strongest: toRgba(strongest) };
}

let server: StaticServer;

beforeAll(async () => {
  server = await serveDist();
});

afterAll(async () => {
  await server?.close();
});

/** Opens each surface in turn and collects every text below AA on it. */
async function everySurface(page: Page): Promise<string[]> {
  const failures: string[] = [];
  await page.locator('[data-testid="list-scroller"] [role="row"]').first().waitFor();
  failures.push(...(await lowContrast(page, ".app-header")), ...(await lowContrast(page, ".list-pane")));

  // The switcher's menu, then the accounts dialog.
  await page.getByTestId("account-switcher").click();
  await page.getByRole("menu").waitFor();
  failures.push(...(await lowContrast(page, ".menu")));
  await page.getByRole("menuitem", { name: "Manage accounts…" }).click();
  const accounts = page.getByRole("dialog");
  await accounts.waitFor();
  failures.push(...(await lowContrast(page, ".dialog")));
  await accounts.getByRole("button", { name: "Close" }).click();
  await accounts.waitFor({ state: "detached" });

  // The open call: header, transcript with search hits, results tree and raw JSON, player.
  await page.waitForSelector('[data-testid="call-view"][data-complete="true"]');
  await page.getByLabel("Search transcript").fill("a");
  await page.locator(".search-hit--current").first().waitFor();
  await page.waitForSelector('[data-testid="waveform-detail"]');
  for (const part of [".call-header", ".call-transcript", ".call-results", ".player"]) {
    failures.push(...(await lowContrast(page, part)));
  }
  await page.getByLabel("Raw JSON").check();
  await page.getByTestId("raw-json").waitFor();
  failures.push(...(await lowContrast(page, ".call-results")));
  await page.getByLabel("Raw JSON").uncheck();

  // The export dialog.
  await page.getByRole("button", { name: "Export transcript…" }).click();
  const exportDialog = page.getByRole("dialog", { name: "Export transcript" });
  await exportDialog.waitFor();
  failures.push(...(await lowContrast(page, ".modal")));
  await page.keyboard.press("Escape");
  await exportDialog.waitFor({ state: "detached" });

  // The library tabs: search results with their marks, triage groups and chart, bulk export.
  await page.getByRole("tab", { name: "Search" }).click();
  await page.getByLabel("Search all transcripts").fill("Friday");
  await page.getByTestId("search-result").first().locator("mark").first().waitFor();
  failures.push(...(await lowContrast(page, ".library-view")));
  await page.getByRole("tab", { name: "Triage" }).click();
  await page.getByTestId("timeline-bar").first().waitFor();
  await page.getByTestId("triage-group").first().waitFor();
  failures.push(...(await lowContrast(page, ".library-view")), ...(await lowContrast(page, ".library-tabs")));
  await page.getByRole("button", { name: "Export calls…" }).click();
  const bulk = page.locator('[role="dialog"][aria-label="Export calls"]');
  await bulk.getByRole("button", { name: "Export", exact: true }).click();
  await bulk.getByTestId("bulk-export-result").waitFor();
  failures.push(...(await lowContrast(page, ".modal")));
  await bulk.getByRole("button", { name: "Close" }).click();
  await bulk.waitFor({ state: "detached" });
  await page.getByRole("tab", { name: "Calls" }).click();
  return failures;
}

describe("one look in light and dark", () => {
  it("keeps every text at WCAG AA contrast in both schemes, and the waveform follows the scheme", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "two", defaultCount: 40 });
    try {
      await page.emulateMedia({ colorScheme: "light" });
      // A connected call, so the view has a transcript, results and a waveform.
      const [connected] = await connectedContacts(page, 1);
      expect(connected).toBeTruthy();
      await page.locator('[data-testid="list-scroller"] [role="row"]', { hasText: connected ?? "" }).first().click();

      expect(await everySurface(page)).toEqual([]);
      const light = await canvasPaint(page, "waveform-detail");
      expect(relativeLuminance(light.dominant)).toBeGreaterThan(0.7);

      // The scheme changes while the app runs: styles and the canvas follow without a reload.
      await page.emulateMedia({ colorScheme: "dark" });
      await page.waitForFunction(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="waveform-detail"]');
        const pixel = canvas?.getContext("2d")?.getImageData(0, 0, 1, 1).data;
        return pixel !== undefined && (pixel[0] ?? 255) < 80;
      });
      expect(await everySurface(page)).toEqual([]);
      for (const id of ["waveform-detail", "waveform-overview"]) {
        const dark = await canvasPaint(page, id);
        expect(relativeLuminance(dark.dominant), `${id} background`).toBeLessThan(0.05);
        expect(contrastRatio(dark.strongest, dark.dominant), `${id} peaks against the background`).toBeGreaterThanOrEqual(3);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("keeps the library's sync status, offline banner and damaged-library notice at AA in both schemes", async () => {
    const { page, errors, close } = await openApp(server, { accounts: "one", defaultCount: 40, library: { syncOnRequest: true } });
    try {
      await page.getByTestId("library-status").waitFor();
      await page.evaluate(() => {
        const library = window.__fakeBackend!.library;
        library.setProgress("acc-1", { phase: "listing", listed: 10, api_total: 40 });
        library.setOffline("acc-1", Date.now());
        library.damage();
      });
      for (const id of ["library-status", "offline-banner", "library-problem"]) await page.getByTestId(id).waitFor();
      for (const scheme of ["light", "dark"] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        expect(await lowContrast(page, ".list-pane"), scheme).toEqual([]);
      }
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("starts in the dark scheme with a dark waveform pane", async () => {
    const { page, close } = await openApp(server, { accounts: "one", defaultCount: 40 });
    try {
      await page.emulateMedia({ colorScheme: "dark" });
      await page.reload();
      const [connected] = await connectedContacts(page, 1);
      await page.locator('[data-testid="list-scroller"] [role="row"]', { hasText: connected ?? "" }).first().click();
      await page.waitForSelector('[data-testid="waveform-detail"]');
      await page.waitForSelector('[data-testid="call-view"][data-complete="true"]');
      const dark = await canvasPaint(page, "waveform-detail");
      expect(relativeLuminance(dark.dominant)).toBeLessThan(0.05);
      expect(contrastRatio(dark.strongest, dark.dominant)).toBeGreaterThanOrEqual(3);
    } finally {
      await close();
    }
  });
});
