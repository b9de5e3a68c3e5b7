// The list's filters as the library's store runs them (`Filter`), a filter set from outside the
// list (a triage group, a search) combined with the toolbar's, and a filter described in words
// for the chip that shows it. Pure, so it is unit-tested.
import type { Filter } from "../bindings/Filter";
import type { Sort } from "../bindings/Sort";
import type { SortColumn } from "../bindings/SortColumn";
import type { ListFilters, SortOrder } from "./listFilter";
import { CATEGORY_LABELS, isCategory } from "./statusLabels";
import { dayBoundsMs, formatInstant, type TimeZoneChoice } from "./time";

export const EMPTY_FILTER: Filter = {
  statuses: [],
  categories: [],
  agent_ids: [],
  failure_reasons: [],
  from_ms: null,
  to_ms: null,
  min_duration_s: null,
  max_duration_s: null,
  has_transcript: null,
  has_recording: null,
  latency_p90_above_s: null,
  has_interruptions: null,
  text: null,
};

export const DEFAULT_LIBRARY_SORT: Sort = { column: "start", descending: true };

export function isEmptyFilter(f: Filter): boolean {
  return (
    f.statuses.length === 0 &&
    f.categories.length === 0 &&
    f.agent_ids.length === 0 &&
    f.failure_reasons.length === 0 &&
    f.from_ms === null &&
    f.to_ms === null &&
    f.min_duration_s === null &&
    f.max_duration_s === null &&
    f.has_transcript === null &&
    f.has_recording === null &&
    f.latency_p90_above_s === null &&
    f.has_interruptions === null &&
    (f.text ?? "").trim() === ""
  );
}

/** The toolbar's filters and agent for the store. Days are read in the chosen zone; `to_ms` is
 * inclusive, so it is the last millisecond of the "to" day. */
export function toolbarFilter(f: ListFilters, agentId: number | null, zone: TimeZoneChoice): Filter {
  const from = f.fromDate ? dayBoundsMs(f.fromDate, zone) : null;
  const to = f.toDate ? dayBoundsMs(f.toDate, zone) : null;
  const text = f.text.trim();
  return {
    ...EMPTY_FILTER,
    statuses: [...f.statusCodes],
    agent_ids: agentId === null ? [] : [agentId],
    from_ms: from?.startMs ?? null,
    to_ms: to ? to.endMs - 1 : null,
    min_duration_s: f.minDurationSecs,
    max_duration_s: f.maxDurationSecs,
    text: text === "" ? null : text,
  };
}

const pick = <T>(outside: T[], own: T[]): T[] => (outside.length > 0 ? outside : own);
const tighter = (a: number | null, b: number | null, keep: (x: number, y: number) => number) =>
  a === null ? b : b === null ? a : keep(a, b);

/**
 * The filter the list asks the store for: the one set from outside and the toolbar's together.
 * A field set from outside wins over the toolbar's (it is what the user clicked last, and the
 * chip shows it); bounds take the tighter of the two.
 */
export function combineFilters(outside: Filter, own: Filter): Filter {
  const outsideText = (outside.text ?? "").trim();
  return {
    statuses: pick(outside.statuses, own.statuses),
    categories: pick(outside.categories, own.categories),
    agent_ids: pick(outside.agent_ids, own.agent_ids),
    failure_reasons: pick(outside.failure_reasons, own.failure_reasons),
    from_ms: tighter(outside.from_ms, own.from_ms, Math.max),
    to_ms: tighter(outside.to_ms, own.to_ms, Math.min),
    min_duration_s: tighter(outside.min_duration_s, own.min_duration_s, Math.max),
    max_duration_s: tighter(outside.max_duration_s, own.max_duration_s, Math.min),
    has_transcript: outside.has_transcript ?? own.has_transcript,
    has_recording: outside.has_recording ?? own.has_recording,
    latency_p90_above_s: tighter(outside.latency_p90_above_s, own.latency_p90_above_s, Math.max),
    has_interruptions: outside.has_interruptions ?? own.has_interruptions,
    text: outsideText !== "" ? outsideText : own.text,
  };
}


function formatDay(ms: number, zone: TimeZoneChoice): string {
  return formatInstant(ms, zone).slice(0, 10);
}

/** "Status: failed · Agent: 205", for the chip of a filter set from outside the list. */
export function describeFilter(f: Filter, zone: TimeZoneChoice): string {
  const parts: string[] = [];
  if (f.statuses.length > 0) parts.push(`Status: ${f.statuses.join(", ")}`);
  if (f.categories.length > 0) parts.push(`Category: ${f.categories.map((c) => isCategory(c) ? CATEGORY_LABELS[c].toLowerCase() : c).join(", ")}`);
  if (f.failure_reasons.length > 0) parts.push(`Reason: ${f.failure_reasons.map((r) => r ?? "none").join(", ")}`);
  if (f.agent_ids.length > 0) parts.push(`Agent: ${f.agent_ids.join(", ")}`);
  if (f.from_ms !== null && f.to_ms !== null) parts.push(`${formatInstant(f.from_ms, zone)} – ${formatInstant(f.to_ms, zone)}`);
  else if (f.from_ms !== null) parts.push(`From ${formatDay(f.from_ms, zone)}`);
  else if (f.to_ms !== null) parts.push(`To ${formatDay(f.to_ms, zone)}`);
  if (f.min_duration_s !== null) parts.push(`At least ${f.min_duration_s} s`);
  if (f.max_duration_s !== null) parts.push(`At most ${f.max_duration_s} s`);
  if (f.has_transcript !== null) parts.push(f.has_transcript ? "With transcript" : "Without transcript");
  if (f.has_recording !== null) parts.push(f.has_recording ? "With recording" : "Without recording");
  if (f.latency_p90_above_s !== null) parts.push(`Reply p90 over ${f.latency_p90_above_s} s`);
  if (f.has_interruptions !== null) parts.push(f.has_interruptions ? "With interruptions" : "Without interruptions");
  const text = (f.text ?? "").trim();
  if (text !== "") parts.push(`“${text}”`);
  return parts.join(" · ");
}

/** The list columns, left to right, and the store's column each one sorts by. */
export const LIST_COLUMNS = [
  { label: "Start", column: "start", className: "col-time" },
  { label: "Contact", column: "contact_number", className: "col-contact" },
  { label: "Agent", column: "agent", className: "col-agent" },
  { label: "Status", column: "status", className: "col-status" },
  { label: "Duration", column: "duration", className: "col-duration" },
] as const satisfies readonly { label: string; column: SortColumn; className: string }[];

/** A click on a column's header: the same column flips, another starts at its natural order
 * (times and durations newest / longest first, text and ids A–Z). */
export function nextSort(current: Sort, column: SortColumn): Sort {
  if (current.column === column) return { column, descending: !current.descending };
  // Figures: the slowest replies and the most interruptions first.
  const biggestFirst = ["start", "end", "duration", "latency_p90", "interruptions"].includes(column);
  return { column, descending: biggestFirst };
}

/** The columns the live list sorts (it sorts what is loaded, by time or duration). */
export const LIVE_SORT_COLUMNS: readonly SortColumn[] = ["start", "duration"];

/** The live list's local sort for a list sort (a column it cannot sort falls back to time). */
export function liveSortOrder(sort: Sort): SortOrder {
  const dir = sort.descending ? "desc" : "asc";
  return sort.column === "duration" ? { key: "duration", dir } : { key: "time", dir: sort.column === "start" ? dir : "desc" };
}
