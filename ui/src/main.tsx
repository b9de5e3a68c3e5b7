import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { LibraryStatusProvider } from "./state/libraryStatus";
import { TimeZoneProvider } from "./state/timeZone";
import "./styles/app.css";
import { markStartup, STARTUP_MARKS } from "./lib/startupMarks";
import { preloadFirstPage } from "./state/firstPagePreload";
import { PLATFORM } from "./lib/platform";

// Runs once every module of the bundle has been evaluated.
markStartup(STARTUP_MARKS.script);
preloadFirstPage();
// Before the first layout: the stylesheet picks the font stack by platform.
document.documentElement.dataset.platform = PLATFORM;

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <TimeZoneProvider>
        {/* Outside App: its effect (the library's subscription) runs after the accounts' request. */}
        <LibraryStatusProvider>
          <App />
        </LibraryStatusProvider>
      </TimeZoneProvider>
    </StrictMode>,
  );
}
