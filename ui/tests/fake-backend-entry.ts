// Browser-test entry: installs the fake backend before the app's own script runs, with the
// options a test put on `window.__FAKE_BACKEND_OPTIONS__`.
import { installFakeBackend } from "./fake-backend";

installFakeBackend(window.__FAKE_BACKEND_OPTIONS__ ?? {});
