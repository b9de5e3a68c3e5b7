// Words for what the library returns as codes: triage keys and chart buckets (statuses and
// categories in words: lib/statusLabels).
import type { TimelineBucket, TriageBy, TriageGroup } from "../../ipc/libraryQuery";
import type { TimeZoneChoice } from "../../lib/time";
import { formatCount, IANA_ZONE } from "../../lib/time";
import { CATEGORY_LABELS, isCategory, statusWords } from "../../lib/statusLabels";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: TimeZoneChoice, withHour: boolean, withYear: boolean): Intl.DateTimeFormat {
  const key = `${zone}/${withHour}/${withYear}`;
  let f = formatters.get(key);
  if (!f) {
    // en-GB: "18 Mar", "18 Mar 2026, 09:00" in every locale, like the list's fixed formats.
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: IANA_ZONE[zone],
      day: "numeric",
      month: "short",
      ...(withYear ? { year: "numeric" } : {}),
      ...(withHour ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** "18 Mar" for a day, "18 Mar, 09:00" for an hour. */
export function bucketLabel(startMs: number, bucket: TimelineBucket, zone: TimeZoneChoice, withYear = false): string {
  return formatter(zone, bucket === "hour", withYear).format(new Date(startMs));
}

/** "18 Mar: 40 calls, 12 failed" — what a chart bar says to a screen reader and in its tooltip. */
export function barText(label: string, total: number, failed: number): string {
  const calls = `${formatCount(total)} ${total === 1 ? "call" : "calls"}`;
  return failed > 0 ? `${label}: ${calls}, ${formatCount(failed)} failed` : `${label}: ${calls}`;
}

/** What a triage group is called in its row. */
export function groupLabel(by: TriageBy, group: Pick<TriageGroup, "key" | "start_ms">, zone: TimeZoneChoice): string {
  const { key } = group;
  switch (by) {
    case "category":
      return key === null ? "Unknown" : isCategory(key) ? CATEGORY_LABELS[key] : statusWords(key);
    case "status":
      return key === null ? "No status" : statusWords(key);
    case "reason":
      return key === null ? "No failure reason" : key;
    case "agent":
      return key === null ? "No agent" : `Agent ${key}`;
    case "day":
    case "hour":
      return group.start_ms === null ? "No start time" : bucketLabel(group.start_ms, by, zone, true);
  }
}

/** "23 calls", "1 call". */
export function callsText(n: number): string {
  return `${formatCount(n)} ${n === 1 ? "call" : "calls"}`;
}
