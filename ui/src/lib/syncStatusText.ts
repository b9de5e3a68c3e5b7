// The library's sync status in words: "Syncing… 1,240 of 9,880 calls", "9,880 calls · synced
// 10:42", "Offline since 10:40 — showing the library as of 10:38". Pure, so it is unit-tested.
import type { LibraryAccountStatus } from "../bindings/LibraryAccountStatus";
import { formatCount, formatInstant, type TimeZoneChoice } from "./time";

/** "10:42" today, "2025-03-14 10:42" on another day (both in the chosen zone). */
export function clockText(ms: number, zone: TimeZoneChoice, nowMs: number): string {
  const at = formatInstant(ms, zone);
  const today = formatInstant(nowMs, zone).slice(0, 10);
  return at.slice(0, 10) === today ? at.slice(11, 16) : at.slice(0, 16);
}

const calls = (n: number) => `${formatCount(n)} ${n === 1 ? "call" : "calls"}`;

/** Whether a sync is running now (a finished one keeps its last counts in `progress`). */
export function syncRunning(s: LibraryAccountStatus): boolean {
  return s.syncing && s.progress !== null && s.progress.phase !== "done";
}

/** The toolbar's sync status, or null when there is nothing to say yet. */
export function syncStatusText(s: LibraryAccountStatus, zone: TimeZoneChoice, nowMs: number): string | null {
  const p = s.progress;
  if (syncRunning(s) && p) {
    const [done, total] = p.phase === "details" ? [p.details_done, p.details_total] : [p.listed, p.api_total];
    const counts = total === null ? calls(done) : `${formatCount(done)} of ${calls(total)}`;
    if (s.paused || p.paused) return `Sync paused at ${counts}`;
    return p.phase === "details" ? `Syncing transcripts… ${counts}` : `Syncing… ${counts}`;
  }
  if (s.syncing) return "Syncing…";
  if (s.last_synced_ms !== null) return `${calls(s.calls)} · synced ${clockText(s.last_synced_ms, zone, nowMs)}`;
  return null;
}

/** The offline banner's sentence, or null while the API can be reached. */
export function offlineText(s: LibraryAccountStatus, zone: TimeZoneChoice, nowMs: number): string | null {
  if (s.offline_since_ms === null) return null;
  const since = `Offline since ${clockText(s.offline_since_ms, zone, nowMs)}`;
  if (s.listed && s.last_synced_ms !== null) {
    return `${since} — showing the library as of ${clockText(s.last_synced_ms, zone, nowMs)}`;
  }
  if (s.listed) return `${since} — showing the library`;
  return `${since} — the calls will appear once the connection is back`;
}
