// Builds the call-view harness page (tests/browser/call-harness-entry.tsx) and opens it in
// Chromium on a routed localhost origin (a secure context, so the clipboard API works), with the
// shared fake backend installed first.
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { build, type Rollup } from "vite";
import type { FakeBackendOptions } from "../fake-backend";
import { fakeBackendScript } from "./harness";

const UI_DIR = join(import.meta.dirname, "..", "..");
export const HARNESS_URL = "http://localhost:4399/call.html";

let bundle: { js: string; css: string } | null = null;

async function harnessBundle(): Promise<{ js: string; css: string }> {
  if (bundle) return bundle;
  const out = await build({
    configFile: false,
    logLevel: "warn",
    root: UI_DIR,
    // Vitest runs with NODE_ENV=test: force React's production build and the matching JSX runtime
    // (library mode leaves process.env in place, and a dev JSX transform needs React's dev build).
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    oxc: { jsx: { runtime: "automatic", development: false } },
    build: {
      write: false,
      minify: false,
      cssCodeSplit: false,
      lib: {
        entry: join(UI_DIR, "tests/browser/call-harness-entry.tsx"),
        formats: ["iife"],
        name: "FormantCallHarness",
        fileName: () => "call-harness.js",
      },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rollup.RollupOutput[];
  let js = "";
  let css = "";
  for (const o of outputs) {
    for (const item of o.output) {
      if (item.type === "chunk") js += item.code;
      else if (item.fileName.endsWith(".css")) css += String(item.source);
    }
  }
  if (js === "") throw new Error("Bundling the call harness produced no script");
  bundle = { js, css };
  return bundle;
}

export interface CallPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

export async function openCallHarness(
  browser: Browser,
  options: FakeBackendOptions,
  deviceScaleFactor = 1,
): Promise<CallPage> {
  const { js, css } = await harnessBundle();
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: "light",
    deviceScaleFactor,
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: "http://localhost:4399" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    // CALL_DEBUG=1 shows the page's console while a test runs.
    if (process.env.CALL_DEBUG) console.log("console:", m.type(), m.text());
    if (m.type() === "error") errors.push(m.text());
  });
  const html = `<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>Call</title><style>${css}</style></head>
<body><div id="root"></div><script>${js.replace(/<\/script/gi, "<\\/script")}</script></body></html>`;
  await page.route(HARNESS_URL, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }));
  await page.addInitScript((opts) => {
    (window as unknown as { __FAKE_BACKEND_OPTIONS__: unknown }).__FAKE_BACKEND_OPTIONS__ = opts;
  }, options);
  await page.addInitScript({ content: await fakeBackendScript() });
  await page.goto(HARNESS_URL);
  await page.waitForFunction(() => window.__callFixtures !== undefined && window.__openCall !== undefined);
  return { context, page, errors };
}

/**
 * Debian's Chromium, headless. Playwright gives every launch a fresh temporary profile (it refuses
 * an explicit --user-data-dir in `launch`), so runs never share state.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
