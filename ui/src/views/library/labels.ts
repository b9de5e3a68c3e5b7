// Words for what the library returns as codes: statuses, categories, triage keys, chart buckets.
import type { StatusCategory, StatusInfo } from "../../ipc/types";
import type { TimelineBucket, TriageBy, TriageGroup } from "../../ipc/libraryQuery";
import type { TimeZoneChoice } from "../../lib/time";
import { formatCount } from "../../lib/time";

export const CATEGORY_LABELS: Record<StatusCategory, string> = {
  connected: "Connected",
  not_reached: "Not reached",
  failed: "Failed",
  unknown: "Unknown",
};

export const CATEGORIES: StatusCategory[] = ["connected", "not_reached", "failed", "unknown"];

export function isCategory(value: string): value is StatusCategory {
  return (CATEGORIES as string[]).includes(value);
}

/**
 * "no_answer" → "No answer". The library stores the API's status code (the full label lives
 * with the call itself); a code the API adds later still reads as words.
 */
export function statusLabel(code: string): string {
  const words = code.replace(/[_-]+/g, " ").trim();
  return words === "" ? code : words.charAt(0).toUpperCase() + words.slice(1);
}

/** A status badge's data from a search hit's code and category. */
export function statusOf(code: string | null, category: string): StatusInfo | null {
  if (code === null) return null;
  return { code, label: statusLabel(code), description: code, category: isCategory(category) ? category : "unknown" };
}

const IANA: Record<TimeZoneChoice, string | undefined> = { local: undefined, utc: "UTC", ist: "Asia/Kolkata" };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: TimeZoneChoice, withHour: boolean, withYear: boolean): Intl.DateTimeFormat {
  const key = `${zone}/${withHour}/${withYear}`;
  let f = formatters.get(key);
  if (!f) {
    // en-GB: "18 Mar", "18 Mar 2026, 09:00" in every locale, like the list's fixed formats.
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone: IANA[zone],
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
      return key === null ? "Unknown" : isCategory(key) ? CATEGORY_LABELS[key] : statusLabel(key);
    case "status":
      return key === null ? "No status" : statusLabel(key);
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
