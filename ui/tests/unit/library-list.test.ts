// The library list's pure parts: the window cache, the toolbar's filters as the store's Filter,
// a filter from outside combined with them and described for its chip, the sort a header click
// gives, and the sync status in words.
import { describe, expect, it } from "vitest";
import type { LibraryAccountStatus } from "../../src/bindings/LibraryAccountStatus";
import {
  EMPTY_FILTER,
  combineFilters,
  describeFilter,
  isEmptyFilter,
  liveSortOrder,
  nextSort,
  toolbarFilter,
} from "../../src/lib/libraryFilter";
import { EMPTY_FILTERS } from "../../src/lib/listFilter";
import { rememberStatuses, statusInfoOf } from "../../src/lib/statusLabels";
import { clockText, offlineText, syncStatusText } from "../../src/lib/syncStatusText";
import { WindowCache } from "../../src/lib/windowCache";
import { moveCursorIn } from "../../src/views/list/cursor";
import { idleProgress, newAccountStatus } from "../fake-library";

const rows = (offset: number, n: number) => Array.from({ length: n }, (_, i) => `row-${offset + i}`);

describe("WindowCache", () => {
  it("asks only for the first window until the total is known", () => {
    const cache = new WindowCache<string>(200, 25, 50);
    expect(cache.missing(0, 30)).toEqual([0]);
    cache.begin(0);
    expect(cache.missing(0, 30)).toEqual([]);
    cache.store(0, rows(0, 200), 1_000_000, 0);
    expect(cache.rowAt(199)).toBe("row-199");
    expect(cache.rowAt(200)).toBeUndefined();
    // Near the window's end the next one is wanted before it scrolls in.
    expect(cache.missing(150, 175)).toEqual([200]);
    expect(cache.missing(0, 100)).toEqual([]);
  });

  it("wants the visible windows first, then the margin, clamped to the total", () => {
    const cache = new WindowCache<string>(200, 25, 50);
    cache.store(0, rows(0, 200), 1_000, 0);
    expect(cache.missing(460, 480)).toEqual([400]);
    expect(cache.missing(420, 445)).toEqual([400, 200]);
    expect(cache.missing(390, 415)).toEqual([200, 400]);
    expect(cache.missing(980, 1_200)).toEqual([800]);
    cache.begin(800);
    expect(cache.missing(980, 999)).toEqual([]);
    cache.fail(800);
    expect(cache.missing(980, 999)).toEqual([800]);
    const empty = new WindowCache<string>();
    empty.store(0, [], 0, 0);
    expect(empty.missing(0, 10)).toEqual([]);
  });

  it("never holds more than its windows, dropping the farthest from the view", () => {
    const cache = new WindowCache<string>(200, 5, 50);
    for (let w = 0; w < 50; w++) cache.store(w * 200, rows(w * 200, 200), 1_000_000, w * 200);
    expect(cache.heldRows).toBe(5 * 200);
    expect(cache.rowAt(49 * 200 + 7)).toBe(`row-${49 * 200 + 7}`);
    expect(cache.rowAt(0)).toBeUndefined();
    expect(cache.findIndex((r) => r === "row-9601")).toBe(9601);
    expect(cache.findIndex((r) => r === "row-5")).toBe(-1);
  });

  it("moves the cursor over the rows it holds", () => {
    const cache = new WindowCache<string>(200, 25, 50);
    cache.store(0, rows(0, 200), 250, 0);
    const ids = { count: 250, idAt: (i: number) => cache.rowAt(i), indexOf: (id: string) => cache.findIndex((r) => r === id) };
    expect(moveCursorIn(ids, null, 1)).toBe("row-0");
    expect(moveCursorIn(ids, "row-10", 1)).toBe("row-11");
    // The next row is not fetched yet: the cursor stays until it is.
    expect(moveCursorIn(ids, "row-199", 1)).toBe("row-199");
    cache.store(200, rows(200, 50), 250, 200);
    expect(moveCursorIn(ids, "row-199", 1)).toBe("row-200");
    expect(moveCursorIn(ids, "row-249", 1)).toBe("row-249");
  });
});

describe("the toolbar's filters for the store", () => {
  it("maps every field; days in the chosen zone, the 'to' day inclusive", () => {
    const f = toolbarFilter(
      { statusCodes: ["failed", "busy"], fromDate: "2025-03-01", toDate: "2025-03-02", minDurationSecs: 30, maxDurationSecs: 90, text: "  refund " },
      205,
      "utc",
    );
    expect(f).toEqual({
      ...EMPTY_FILTER,
      statuses: ["failed", "busy"],
      agent_ids: [205],
      from_ms: Date.UTC(2025, 2, 1),
      to_ms: Date.UTC(2025, 2, 3) - 1,
      min_duration_s: 30,
      max_duration_s: 90,
      text: "refund",
    });
    const ist = toolbarFilter({ ...EMPTY_FILTERS, fromDate: "2025-03-01" }, null, "ist");
    expect(ist.from_ms).toBe(Date.UTC(2025, 2, 1) - 5.5 * 3600_000);
  });

  it("is empty when nothing is set (blank text included)", () => {
    const f = toolbarFilter({ ...EMPTY_FILTERS, text: "   " }, null, "local");
    expect(f).toEqual(EMPTY_FILTER);
    expect(isEmptyFilter(f)).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, has_transcript: false })).toBe(false);
  });
});

describe("a filter from outside the list", () => {
  it("wins field by field, and bounds take the tighter of both", () => {
    const own = { ...EMPTY_FILTER, statuses: ["busy"], agent_ids: [101], from_ms: 100, to_ms: 900, text: "refund" };
    const outside = { ...EMPTY_FILTER, statuses: ["failed"], from_ms: 200, to_ms: 2_000, failure_reasons: [null] };
    expect(combineFilters(outside, own)).toEqual({
      ...EMPTY_FILTER,
      statuses: ["failed"],
      agent_ids: [101],
      failure_reasons: [null],
      from_ms: 200,
      to_ms: 900,
      text: "refund",
    });
    expect(combineFilters(EMPTY_FILTER, own)).toEqual(own);
    expect(combineFilters({ ...EMPTY_FILTER, text: "otp" }, own).text).toBe("otp");
  });

  it("is described in words for its chip", () => {
    expect(describeFilter({ ...EMPTY_FILTER, statuses: ["failed"] }, "utc")).toBe("Status: failed");
    expect(
      describeFilter({ ...EMPTY_FILTER, categories: ["not_reached"], agent_ids: [205], failure_reasons: [null], text: "refund" }, "utc"),
    ).toBe("Category: not reached · Reason: none · Agent: 205 · “refund”");
    expect(describeFilter({ ...EMPTY_FILTER, from_ms: Date.UTC(2025, 2, 1) }, "utc")).toBe("From 2025-03-01");
    expect(describeFilter({ ...EMPTY_FILTER, from_ms: Date.UTC(2025, 2, 1, 9), to_ms: Date.UTC(2025, 2, 1, 10) - 1 }, "utc")).toBe(
      "2025-03-01 09:00:00 – 2025-03-01 09:59:59",
    );
  });
});

describe("sorting by a header", () => {
  it("flips the same column; a new one starts newest / longest first or A–Z", () => {
    const start = { column: "start", descending: true } as const;
    expect(nextSort(start, "start")).toEqual({ column: "start", descending: false });
    expect(nextSort(start, "duration")).toEqual({ column: "duration", descending: true });
    expect(nextSort(start, "contact_number")).toEqual({ column: "contact_number", descending: false });
    expect(nextSort({ column: "agent", descending: false }, "agent")).toEqual({ column: "agent", descending: true });
  });

  it("gives the live list its local sort", () => {
    expect(liveSortOrder({ column: "duration", descending: false })).toEqual({ key: "duration", dir: "asc" });
    expect(liveSortOrder({ column: "start", descending: true })).toEqual({ key: "time", dir: "desc" });
    expect(liveSortOrder({ column: "status", descending: false })).toEqual({ key: "time", dir: "desc" });
  });
});

describe("status labels of library rows", () => {
  it("uses a label seen from the Rust side, else the code's words", () => {
    expect(statusInfoOf("voicemail_detected", "unknown")).toMatchObject({ label: "Voicemail detected", category: "unknown" });
    expect(statusInfoOf("socket_failure", "failed")?.label).toBe("Socket failure");
    rememberStatuses([{ code: "socket_failure", label: "Voice stream failed", description: "", category: "failed" }]);
    expect(statusInfoOf("socket_failure", "failed")?.label).toBe("Voice stream failed");
    expect(statusInfoOf(null, "unknown")).toBeNull();
    expect(statusInfoOf("x", "not-a-category")?.category).toBe("unknown");
  });
});

const account = (s: Partial<LibraryAccountStatus>): LibraryAccountStatus => ({ ...newAccountStatus("acc-1"), ...s });
const progress = { ...idleProgress(), listed: 1240, api_total: 9880 };
const NOW = Date.UTC(2025, 2, 14, 10, 45);

describe("the sync status in words", () => {
  it("counts the listing, then the details, and says when it is paused", () => {
    expect(syncStatusText(account({ syncing: true, progress }), "utc", NOW)).toBe("Syncing… 1,240 of 9,880 calls");
    expect(syncStatusText(account({ syncing: true, progress: { ...progress, api_total: null } }), "utc", NOW)).toBe("Syncing… 1,240 calls");
    expect(
      syncStatusText(account({ syncing: true, progress: { ...progress, phase: "details", details_done: 300, details_total: 9880 } }), "utc", NOW),
    ).toBe("Syncing transcripts… 300 of 9,880 calls");
    expect(syncStatusText(account({ syncing: true, paused: true, progress }), "utc", NOW)).toBe("Sync paused at 1,240 of 9,880 calls");
    expect(syncStatusText(account({}), "utc", NOW)).toBeNull();
  });

  it("says how many calls and when they were synced once done", () => {
    const done = account({ calls: 9880, listed: true, last_synced_ms: Date.UTC(2025, 2, 14, 10, 42), progress: { ...progress, phase: "done" } });
    expect(syncStatusText(done, "utc", NOW)).toBe("9,880 calls · synced 10:42");
    expect(syncStatusText(done, "ist", NOW)).toBe("9,880 calls · synced 16:12");
    expect(clockText(Date.UTC(2025, 2, 13, 23, 5), "utc", NOW)).toBe("2025-03-13 23:05");
  });

  it("says since when it is offline and how old the library is", () => {
    const offline = account({ listed: true, offline_since_ms: Date.UTC(2025, 2, 14, 10, 40), last_synced_ms: Date.UTC(2025, 2, 14, 10, 38) });
    expect(offlineText(offline, "utc", NOW)).toBe("Offline since 10:40 — showing the library as of 10:38");
    expect(offlineText(account({ offline_since_ms: Date.UTC(2025, 2, 14, 10, 40) }), "utc", NOW)).toBe(
      "Offline since 10:40 — the calls will appear once the connection is back",
    );
    expect(offlineText(account({ listed: true }), "utc", NOW)).toBeNull();
  });
});
