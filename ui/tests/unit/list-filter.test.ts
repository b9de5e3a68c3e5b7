import { describe, expect, it } from "vitest";
import type { Conversation, StatusCategory } from "../../src/ipc/types";
import {
  EMPTY_FILTERS,
  filterAndSort,
  hasActiveFilters,
  makeFilter,
  parseDurationInput,
  sortConversations,
  statusOptions,
  type ListFilters,
} from "../../src/lib/listFilter";
import { moveCursor } from "../../src/views/list/cursor";

function conv(id: string, o: Partial<Conversation> & { code?: string; category?: StatusCategory } = {}): Conversation {
  const { code, category, ...rest } = o;
  return {
    conversation_id: id,
    agent_id: 1,
    contact_number: null,
    duration_seconds: null,
    start_ms: null,
    end_ms: null,
    status: code ? { code, label: code.toUpperCase(), description: "", category: category ?? "unknown" } : null,
    failure_reason: null,
    trace_id: null,
    results: null,
    transcript: null,
    raw: {},
    ...rest,
  };
}

const day = (d: number, h = 12) => Date.UTC(2025, 2, d, h);
const rows = [
  conv("a1", { contact_number: "+91 98765 43210", duration_seconds: 120, start_ms: day(10), code: "completed", category: "connected" }),
  conv("b2", { contact_number: "+1 415 555 0100", duration_seconds: 5, start_ms: day(11), code: "busy", category: "not_reached" }),
  conv("c3", { contact_number: null, duration_seconds: null, start_ms: day(12), code: "failed", category: "failed" }),
  conv("d4", { contact_number: "+1 415 555 0199", duration_seconds: 600, start_ms: null, code: "completed", category: "connected" }),
];
const ids = (xs: Conversation[]) => xs.map((c) => c.conversation_id);
const f = (patch: Partial<ListFilters>): ListFilters => ({ ...EMPTY_FILTERS, ...patch });

describe("filters", () => {
  it("keeps everything with no filters", () => {
    expect(rows.filter(makeFilter(EMPTY_FILTERS, "utc"))).toHaveLength(4);
    expect(hasActiveFilters(EMPTY_FILTERS)).toBe(false);
  });
  it("filters by several status codes", () => {
    expect(ids(rows.filter(makeFilter(f({ statusCodes: ["busy", "failed"] }), "utc")))).toEqual(["b2", "c3"]);
  });
  it("matches phone numbers ignoring formatting", () => {
    expect(ids(rows.filter(makeFilter(f({ text: "9876543" }), "utc")))).toEqual(["a1"]);
    expect(ids(rows.filter(makeFilter(f({ text: "+91 98765 4" }), "utc")))).toEqual(["a1"]);
    expect(ids(rows.filter(makeFilter(f({ text: "555-01" }), "utc")))).toEqual(["b2", "d4"]);
  });
  it("matches the conversation id, case-insensitively", () => {
    expect(ids(rows.filter(makeFilter(f({ text: "C3" }), "utc")))).toEqual(["c3"]);
  });
  it("filters by min and max duration, dropping unknown durations", () => {
    expect(ids(rows.filter(makeFilter(f({ minDurationSecs: 100 }), "utc")))).toEqual(["a1", "d4"]);
    expect(ids(rows.filter(makeFilter(f({ maxDurationSecs: 120 }), "utc")))).toEqual(["a1", "b2"]);
    expect(ids(rows.filter(makeFilter(f({ minDurationSecs: 6, maxDurationSecs: 599 }), "utc")))).toEqual(["a1"]);
  });
  it("filters by an inclusive date range in the chosen zone", () => {
    expect(ids(rows.filter(makeFilter(f({ fromDate: "2025-03-11", toDate: "2025-03-11" }), "utc")))).toEqual(["b2"]);
    expect(ids(rows.filter(makeFilter(f({ fromDate: "2025-03-11" }), "utc")))).toEqual(["b2", "c3"]);
  });
  it("reads the date range in IST when IST is chosen", () => {
    // 2025-03-10 20:00 UTC is 2025-03-11 01:30 IST.
    const late = [conv("x", { start_ms: Date.UTC(2025, 2, 10, 20) })];
    expect(late.filter(makeFilter(f({ fromDate: "2025-03-11", toDate: "2025-03-11" }), "ist"))).toHaveLength(1);
    expect(late.filter(makeFilter(f({ fromDate: "2025-03-11", toDate: "2025-03-11" }), "utc"))).toHaveLength(0);
  });
  it("combines filters", () => {
    expect(ids(filterAndSort(rows, f({ statusCodes: ["completed"], text: "555" }), { key: "time", dir: "desc" }, "utc"))).toEqual(["d4"]);
  });
});

describe("sorting", () => {
  it("sorts by time descending with missing times last", () => {
    expect(ids(sortConversations(rows, { key: "time", dir: "desc" }))).toEqual(["c3", "b2", "a1", "d4"]);
  });
  it("sorts by time ascending with missing times still last", () => {
    expect(ids(sortConversations(rows, { key: "time", dir: "asc" }))).toEqual(["a1", "b2", "c3", "d4"]);
  });
  it("sorts by duration both ways", () => {
    expect(ids(sortConversations(rows, { key: "duration", dir: "asc" }))).toEqual(["b2", "a1", "d4", "c3"]);
    expect(ids(sortConversations(rows, { key: "duration", dir: "desc" }))).toEqual(["d4", "a1", "b2", "c3"]);
  });
  it("is stable for equal values and does not mutate the input", () => {
    const same = [conv("p", { duration_seconds: 1 }), conv("q", { duration_seconds: 1 }), conv("r", { duration_seconds: 1 })];
    expect(ids(sortConversations(same, { key: "duration", dir: "desc" }))).toEqual(["p", "q", "r"]);
    const before = ids(rows);
    sortConversations(rows, { key: "duration", dir: "asc" });
    expect(ids(rows)).toEqual(before);
  });
});

describe("statusOptions", () => {
  it("lists distinct statuses by frequency", () => {
    const opts = statusOptions(rows);
    expect(opts.map((o) => [o.code, o.count])).toEqual([
      ["completed", 2],
      ["busy", 1],
      ["failed", 1],
    ]);
  });
});

describe("parseDurationInput", () => {
  it.each([
    ["", null],
    ["90", 90],
    ["1:30", 90],
    ["12:05", 725],
    ["abc", undefined],
    ["1:75", undefined],
  ])("%j → %j", (input, out) => {
    expect(parseDurationInput(input)).toBe(out);
  });
});

describe("moveCursor", () => {
  it("starts at the first row and stops at the ends", () => {
    expect(moveCursor(rows, null, 1)).toBe("a1");
    expect(moveCursor(rows, "a1", -1)).toBe("a1");
    expect(moveCursor(rows, "a1", 1)).toBe("b2");
    expect(moveCursor(rows, "d4", 1)).toBe("d4");
    expect(moveCursor(rows, "gone", 1)).toBe("a1");
    expect(moveCursor([], null, 1)).toBeNull();
  });
});
