// The zone the user reads call times in (Local / UTC / IST), shared by the list and the call view.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import type { TimeZoneChoice } from "../lib/time";

const STORAGE_KEY = "formant.timeZone";

interface TimeZoneContextValue {
  zone: TimeZoneChoice;
  setZone: (zone: TimeZoneChoice) => void;
}

const TimeZoneContext = createContext<TimeZoneContextValue>({
  zone: "local",
  setZone: () => undefined,
});

function readStoredZone(): TimeZoneChoice {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (v === "local" || v === "utc" || v === "ist") return v;
  } catch {
    // Storage may be unavailable (private mode); the default is fine.
  }
  return "local";
}

export function TimeZoneProvider({ children }: { children: ReactNode }) {
  const [zone, setZoneState] = useState<TimeZoneChoice>(readStoredZone);
  const value = useMemo(
    () => ({
      zone,
      setZone: (z: TimeZoneChoice) => {
        setZoneState(z);
        try {
          window.localStorage.setItem(STORAGE_KEY, z);
        } catch {
          // Not persisting the choice is harmless.
        }
      },
    }),
    [zone],
  );
  return <TimeZoneContext.Provider value={value}>{children}</TimeZoneContext.Provider>;
}

export function useTimeZone(): TimeZoneContextValue {
  return useContext(TimeZoneContext);
}
