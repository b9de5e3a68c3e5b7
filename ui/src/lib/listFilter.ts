// Local filtering and sorting of the loaded conversations. Pure, so it is unit-tested and cheap
// to re-run on every keystroke over 10,000 rows.
import type { Conversation } from "../ipc/types";
import { dayBoundsMs, type TimeZoneChoice } from "./time";

export interface ListFilters {
  /** Status codes to keep; empty keeps all. */
  statusCodes: string[];
  /** yyyy-mm-dd (inclusive), read in the chosen time zone; "" = open. */
  fromDate: string;
  toDate: string;
  /** Seconds; null = open. */
  minDurationSecs: number | null;
  maxDurationSecs: number | null;
  /** Matches the contact number (digits compared without formatting) or the conversation id. */
  text: string;
}

export const EMPTY_FILTERS: ListFilters = {
  statusCodes: [],
  fromDate: "",
  toDate: "",
  minDurationSecs: null,
  maxDurationSecs: null,
  text: "",
};

export type SortKey = "time" | "duration";
export type SortDir = "asc" | "desc";
export interface SortOrder {
  key: SortKey;
  dir: SortDir;
}

export const DEFAULT_SORT: SortOrder = { key: "time", dir: "desc" };

export function hasActiveFilters(f: ListFilters): boolean {
  return (
    f.statusCodes.length > 0 ||
    f.fromDate !== "" ||
    f.toDate !== "" ||
    f.minDurationSecs !== null ||
    f.maxDurationSecs !== null ||
    f.text.trim() !== ""
  );
}

/** Builds one predicate so the per-row work is only the checks that are switched on. */
export function makeFilter(f: ListFilters, zone: TimeZoneChoice): (c: Conversation) => boolean {
  const checks: ((c: Conversation) => boolean)[] = [];

  if (f.statusCodes.length > 0) {
    const codes = new Set(f.statusCodes);
    checks.push((c) => c.status !== null && codes.has(c.status.code));
  }

  const from = f.fromDate ? dayBoundsMs(f.fromDate, zone) : null;
  const to = f.toDate ? dayBoundsMs(f.toDate, zone) : null;
  if (from) checks.push((c) => c.start_ms !== null && c.start_ms >= from.startMs);
  if (to) checks.push((c) => c.start_ms !== null && c.start_ms < to.endMs);

  const { minDurationSecs: min, maxDurationSecs: max } = f;
  if (min !== null) checks.push((c) => c.duration_seconds !== null && c.duration_seconds >= min);
  if (max !== null) checks.push((c) => c.duration_seconds !== null && c.duration_seconds <= max);

  const text = f.text.trim().toLowerCase();
  if (text !== "") {
    const digits = text.replace(/\D/g, "");
    // "+91 98765" should match "+919876543210": compare digits when the query is a number.
    const numberLike = digits.length > 0 && /^[\d\s()+\-.]+$/.test(text);
    checks.push((c) => {
      if (c.conversation_id.toLowerCase().includes(text)) return true;
      const phone = c.contact_number;
      if (phone === null) return false;
      if (phone.toLowerCase().includes(text)) return true;
      return numberLike && phone.replace(/\D/g, "").includes(digits);
    });
  }

  return (c) => checks.every((check) => check(c));
}

function sortValue(c: Conversation, key: SortKey): number | null {
  return key === "time" ? c.start_ms : c.duration_seconds;
}

/** A stable sort; rows without the sort value go last in either direction. */
export function sortConversations(rows: readonly Conversation[], order: SortOrder): Conversation[] {
  const sign = order.dir === "asc" ? 1 : -1;
  return rows
    .map((c, i) => ({ c, i, v: sortValue(c, order.key) }))
    .sort((a, b) => {
      if (a.v === null && b.v === null) return a.i - b.i;
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      return (a.v - b.v) * sign || a.i - b.i;
    })
    .map((x) => x.c);
}

export function filterAndSort(
  rows: readonly Conversation[],
  filters: ListFilters,
  order: SortOrder,
  zone: TimeZoneChoice,
): Conversation[] {
  const keep = makeFilter(filters, zone);
  return sortConversations(rows.filter(keep), order);
}

export interface StatusOption {
  code: string;
  label: string;
  category: string;
  /** Calls with it among the loaded ones; null when the list does not hold them all (the library). */
  count: number | null;
}

/** The distinct statuses among the loaded rows, most frequent first, for the status filter. */
export function statusOptions(rows: readonly Conversation[]): StatusOption[] {
  const byCode = new Map<string, StatusOption>();
  for (const c of rows) {
    if (!c.status) continue;
    const existing = byCode.get(c.status.code);
    if (existing) existing.count = (existing.count ?? 0) + 1;
    else
      byCode.set(c.status.code, {
        code: c.status.code,
        label: c.status.label,
        category: c.status.category,
        count: 1,
      });
  }
  return [...byCode.values()].sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.label.localeCompare(b.label));
}

/** Parses a duration field ("90", "1:30", "") into seconds; `undefined` when unreadable. */
export function parseDurationInput(value: string): number | null | undefined {
  const v = value.trim();
  if (v === "") return null;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v);
  const m = /^(\d+):([0-5]?\d)$/.exec(v);
  if (m) return Number(m[1]) * 60 + Number(m[2]);
  return undefined;
}
