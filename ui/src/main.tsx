import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { TimeZoneProvider } from "./state/timeZone";
import "./styles/app.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <TimeZoneProvider>
        <App />
      </TimeZoneProvider>
    </StrictMode>,
  );
}
