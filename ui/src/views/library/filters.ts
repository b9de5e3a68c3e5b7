// The library's `Filter` as the search and triage views build it: narrowed to a triage
// group or a chart bar, or to a date range picked in the user's time zone.
import type { Filter, TimelineBucket, TriageBy, TriageGroup } from "../../ipc/libraryQuery";
import type { TimeZoneChoice } from "../../lib/time";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** `base` narrowed to `from..=to`: a range inside the one it already has, never wider. */
function withinTime(base: Filter, from: number, to: number): Filter {
  return {
    ...base,
    from_ms: base.from_ms === null ? from : Math.max(base.from_ms, from),
    to_ms: base.to_ms === null ? to : Math.min(base.to_ms, to),
  };
}

/** The calls of one day or hour starting at `startMs` (the bucket's last millisecond included). */
export function bucketFilter(startMs: number, bucket: TimelineBucket, base: Filter): Filter {
  const len = bucket === "day" ? DAY_MS : HOUR_MS;
  return withinTime(base, startMs, startMs + len - 1);
}

/**
 * The filter that shows a triage group's calls in the list: `base` narrowed to the group. The
 * same rule as the Rust side's `TriageGroup::filter_for`, so the list shows exactly the calls
 * the group counted.
 */
export function groupFilter(by: TriageBy, group: Pick<TriageGroup, "key" | "start_ms">, base: Filter): Filter {
  const key = group.key;
  switch (by) {
    case "category":
      return { ...base, categories: key === null ? [] : [key] };
    case "status":
      return { ...base, statuses: key === null ? [] : [key] };
    case "reason":
      // `null` in the list is "calls without a reason": that group is clickable too.
      return { ...base, failure_reasons: [key] };
    case "agent": {
      const agent = key === null ? NaN : Number(key);
      return { ...base, agent_ids: Number.isInteger(agent) ? [agent] : [] };
    }
    case "day":
    case "hour":
      return group.start_ms === null ? { ...base } : bucketFilter(group.start_ms, by, base);
  }
}

/** Minutes east of UTC of `zone` at the instant `nowMs` (the triage's days and hours). */
export function utcOffsetMinutes(zone: TimeZoneChoice, nowMs: number): number {
  if (zone === "utc") return 0;
  if (zone === "ist") return 330;
  // getTimezoneOffset is west of UTC; 0 - x keeps UTC itself at 0 rather than -0.
  return 0 - new Date(nowMs).getTimezoneOffset();
}

export type DateRange = "today" | "week" | "all";

export const DATE_RANGES: { range: DateRange; label: string }[] = [
  { range: "today", label: "Today" },
  { range: "week", label: "This week" },
  { range: "all", label: "All time" },
];

/** The first instant of the day (or of the week, from Monday) holding `nowMs`, in `zone`. */
function startOf(unit: "day" | "week", zone: TimeZoneChoice, nowMs: number): number {
  if (zone === "local") {
    const d = new Date(nowMs);
    d.setHours(0, 0, 0, 0);
    // getDay: Sunday is 0; a week starts on Monday.
    if (unit === "week") d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
    return d.getTime();
  }
  const offsetMs = utcOffsetMinutes(zone, nowMs) * 60_000;
  const wallDay = Math.floor((nowMs + offsetMs) / DAY_MS);
  // Day 0 (1970-01-01) was a Thursday: 3 days after a Monday.
  const day = unit === "week" ? wallDay - ((wallDay + 3) % 7) : wallDay;
  return day * DAY_MS - offsetMs;
}

/** `base` limited to the calls that started in `range` (up to now and on: the library may hold later ones). */
export function rangeFilter(range: DateRange, zone: TimeZoneChoice, nowMs: number, base: Filter): Filter {
  if (range === "all") return { ...base, from_ms: null, to_ms: null };
  return { ...base, from_ms: startOf(range === "today" ? "day" : "week", zone, nowMs), to_ms: null };
}
