// The library filter a triage group, a chart bar or a date range stands for.
import { describe, expect, it } from "vitest";
import { EMPTY_FILTER } from "../../src/lib/libraryFilter";
import { bucketFilter, DAY_MS, groupFilter, HOUR_MS, rangeFilter, utcOffsetMinutes } from "../../src/views/library/filters";

const base = { ...EMPTY_FILTER, categories: ["failed"] };

describe("triage group → filter (as TriageGroup::filter_for)", () => {
  it("narrows the one field the grouping is about and keeps the rest of the base", () => {
    expect(groupFilter("status", { key: "no_answer", start_ms: null }, base)).toEqual({ ...base, statuses: ["no_answer"] });
    expect(groupFilter("category", { key: "connected", start_ms: null }, EMPTY_FILTER)).toEqual({ ...EMPTY_FILTER, categories: ["connected"] });
    expect(groupFilter("reason", { key: "SIP 503", start_ms: null }, base)).toEqual({ ...base, failure_reasons: ["SIP 503"] });
    expect(groupFilter("agent", { key: "205", start_ms: null }, base)).toEqual({ ...base, agent_ids: [205] });
  });

  it("keeps the calls without a value reachable: no reason is the null reason", () => {
    expect(groupFilter("reason", { key: null, start_ms: null }, base).failure_reasons).toEqual([null]);
    // No agent / no status cannot be asked for in the filter: the group does not narrow.
    expect(groupFilter("agent", { key: null, start_ms: null }, base).agent_ids).toEqual([]);
    expect(groupFilter("status", { key: null, start_ms: null }, base).statuses).toEqual([]);
  });

  it("makes a day or an hour a closed range within the base's range", () => {
    const start = Date.UTC(2026, 2, 18);
    expect(groupFilter("day", { key: "2026-03-18", start_ms: start }, EMPTY_FILTER)).toMatchObject({
      from_ms: start,
      to_ms: start + DAY_MS - 1,
    });
    expect(groupFilter("hour", { key: "2026-03-18T09", start_ms: start }, EMPTY_FILTER)).toMatchObject({
      from_ms: start,
      to_ms: start + HOUR_MS - 1,
    });
    // A base that starts mid-day keeps its start: the bar never widens what was asked for.
    const later = { ...EMPTY_FILTER, from_ms: start + 5 * HOUR_MS, to_ms: start + 10 * HOUR_MS };
    expect(bucketFilter(start, "day", later)).toMatchObject({ from_ms: start + 5 * HOUR_MS, to_ms: start + 10 * HOUR_MS });
  });
});

describe("date ranges", () => {
  // Wednesday 18 March 2026, 02:00 UTC = 07:30 IST.
  const now = Date.UTC(2026, 2, 18, 2, 0);

  it("starts today and this week (from Monday) at midnight in the chosen zone", () => {
    expect(rangeFilter("today", "utc", now, EMPTY_FILTER)).toMatchObject({ from_ms: Date.UTC(2026, 2, 18), to_ms: null });
    expect(rangeFilter("week", "utc", now, EMPTY_FILTER).from_ms).toBe(Date.UTC(2026, 2, 16));
    // Midnight in India is 18:30 UTC the day before.
    expect(rangeFilter("today", "ist", now, EMPTY_FILTER).from_ms).toBe(Date.UTC(2026, 2, 17, 18, 30));
    expect(rangeFilter("week", "ist", now, EMPTY_FILTER).from_ms).toBe(Date.UTC(2026, 2, 15, 18, 30));
    expect(rangeFilter("all", "utc", now, { ...base, from_ms: 1, to_ms: 2 })).toEqual(base);
  });

  it("a Sunday belongs to the week that started six days before", () => {
    const sunday = Date.UTC(2026, 2, 22, 23, 59);
    expect(rangeFilter("week", "utc", sunday, EMPTY_FILTER).from_ms).toBe(Date.UTC(2026, 2, 16));
  });

  it("gives the zone's offset east of UTC", () => {
    expect(utcOffsetMinutes("utc", now)).toBe(0);
    expect(utcOffsetMinutes("ist", now)).toBe(330);
    expect(utcOffsetMinutes("local", now)).toBe(0 - new Date(now).getTimezoneOffset());
  });
});
