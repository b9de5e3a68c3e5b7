// The set-up every browser test file shares: dist/ served once per file, and each test's app
// closed after it (also when the test fails), so no Chromium outlives its test.
import { afterAll, afterEach, beforeAll } from "vitest";
import type { FakeBackendOptions } from "../fake-backend";
import { openApp, serveDist, type AppPage, type StaticServer } from "./harness";

export interface AppPerTest {
  /** Opens the app over a new fake backend; it is closed when the test ends. */
  open: (options: FakeBackendOptions, viewport?: { width: number; height: number }) => Promise<AppPage>;
}

export function appPerTest(): AppPerTest {
  let server: StaticServer | null = null;
  let app: AppPage | null = null;
  beforeAll(async () => {
    server = await serveDist();
  });
  afterAll(async () => {
    await server?.close();
  });
  afterEach(async () => {
    await app?.close();
    app = null;
  });
  return {
    open: async (options, viewport) => {
      if (server === null) throw new Error("dist/ is served from beforeAll: open the app inside a test");
      app = await openApp(server, options, viewport);
      return app;
    },
  };
}
