// Time display. Instants arrive as epoch milliseconds; the user picks the zone they read them in.
// IST is a named zone because India-region users compare call times with their own clock.

export type TimeZoneChoice = "local" | "utc" | "ist";

export const TIME_ZONE_LABELS: Record<TimeZoneChoice, string> = {
  local: "Local",
  utc: "UTC",
  ist: "IST",
};

/** The IANA name of each zone choice (undefined: the system's). */
export const IANA_ZONE: Record<TimeZoneChoice, string | undefined> = {
  local: undefined, // the system's zone
  utc: "UTC",
  ist: "Asia/Kolkata",
};

const formatters = new Map<TimeZoneChoice, Intl.DateTimeFormat>();

function formatterFor(zone: TimeZoneChoice): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // en-CA with explicit parts gives a stable, sortable "YYYY-MM-DD HH:mm:ss" in every locale.
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone: IANA_ZONE[zone],
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(zone, f);
  }
  return f;
}

export const MISSING = "—";

/** "2024-05-01 14:03:22" in the chosen zone; "—" for a missing or invalid instant. */
export function formatInstant(ms: number | null | undefined, zone: TimeZoneChoice): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return MISSING;
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return MISSING;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(zone).formatToParts(date)) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** "0:07", "12:05", "1:02:03"; "—" for a missing or negative duration. Fractions are rounded. */
export function formatDuration(secs: number | null | undefined): string {
  if (secs === null || secs === undefined || !Number.isFinite(secs) || secs < 0) return MISSING;
  const total = Math.round(secs);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "1,234" — grouping is fixed to en-US so counts read the same in tests and screenshots. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** Start/end of a calendar day (yyyy-mm-dd from a date input) in the chosen zone, as epoch ms. */
export function dayBoundsMs(
  isoDate: string,
  zone: TimeZoneChoice,
): { startMs: number; endMs: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  let startMs: number;
  if (zone === "local") startMs = new Date(y, mo, d).getTime();
  else {
    const offsetMs = zone === "ist" ? 5.5 * 3600_000 : 0;
    startMs = Date.UTC(y, mo, d) - offsetMs;
  }
  if (!Number.isFinite(startMs)) return null;
  // The end is exclusive: the next day's start (local days may be 23 or 25 hours long).
  const endMs =
    zone === "local" ? new Date(y, mo, d + 1).getTime() : startMs + 24 * 3600_000;
  return { startMs, endMs };
}
