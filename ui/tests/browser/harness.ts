// Shared plumbing for the browser tests and the UI benchmark: a static server over `dist/`,
// Debian's Chromium via playwright-core, and the fake backend injected before the app starts.
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";
import type { FakeBackendOptions } from "../fake-backend";

const UI_DIR = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const DIST_DIR = join(UI_DIR, "dist");
export const ARTIFACTS_DIR = resolve(UI_DIR, "..", "artifacts");

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
};

// The desktop app's CSP (src-tauri/tauri.conf.json), minus the IPC origins the fake does not use:
// the build must run under it without inline scripts or styles.
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

/** Serves `dist/` on 127.0.0.1 on a free port. */
export async function serveDist(): Promise<StaticServer> {
  if (!existsSync(join(DIST_DIR, "index.html"))) {
    throw new Error(`No build at ${DIST_DIR}; run \`npm run build\` first.`);
  }
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(DIST_DIR, pathname === "/" ? "index.html" : pathname));
    if (!file.startsWith(DIST_DIR + sep) || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, {
      "content-type": MIME[extname(file)] ?? "application/octet-stream",
      "content-security-policy": APP_CSP,
    });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}

let fakeBundle: string | null = null;

/** The fake backend as one classic script, bundled by Vite so it can run as an init script. */
export async function fakeBackendScript(): Promise<string> {
  if (fakeBundle !== null) return fakeBundle;
  const out = await build({
    configFile: false,
    logLevel: "warn",
    root: UI_DIR,
    build: {
      write: false,
      minify: false,
      lib: {
        entry: join(UI_DIR, "tests/fake-backend-entry.ts"),
        formats: ["iife"],
        name: "FormantFakeBackend",
        fileName: () => "fake-backend.js",
      },
    },
  });
  const outputs = Array.isArray(out) ? out : [out];
  for (const o of outputs) {
    if ("output" in o) {
      const chunk = o.output.find((x) => x.type === "chunk");
      if (chunk && chunk.type === "chunk") {
        fakeBundle = chunk.code;
        return fakeBundle;
      }
    }
  }
  throw new Error("Bundling the fake backend produced no script");
}

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (a test may assert there are none). */
  errors: string[];
  /** Closes Chromium and deletes its profile. */
  close: () => Promise<void>;
}

/**
 * Starts Chromium with a fresh profile (its own --user-data-dir, so no state leaks between
 * tests) and opens the app with a new fake backend configured by `options`.
 */
export async function openApp(
  server: StaticServer,
  options: FakeBackendOptions,
  viewport = { width: 1400, height: 860 },
): Promise<AppPage> {
  const userDataDir = mkdtempSync(join(tmpdir(), "formant-ui-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    colorScheme: "light",
    timezoneId: "Europe/Berlin",
    locale: "en-GB",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.addInitScript((opts) => {
    (window as unknown as { __FAKE_BACKEND_OPTIONS__: unknown }).__FAKE_BACKEND_OPTIONS__ = opts;
  }, options);
  await page.addInitScript({ content: await fakeBackendScript() });
  await page.goto(server.url);
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
