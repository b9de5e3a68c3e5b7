// The triage chart's geometry: slots in time order with gaps, stacks by category, a round scale.
import { describe, expect, it } from "vitest";
import { chartGeometry, labelledBars, niceCeil, STACK_ORDER } from "../../src/views/library/chartGeometry";
import { DAY_MS } from "../../src/views/library/filters";
import { statusWords } from "../../src/lib/statusLabels";
import { barText } from "../../src/views/library/labels";

const day0 = Date.UTC(2026, 2, 16);
const point = (day: number, c: Partial<Record<"connected" | "not_reached" | "failed" | "unknown", number>>) => ({
  start_ms: day0 + day * DAY_MS,
  connected: 0,
  not_reached: 0,
  failed: 0,
  unknown: 0,
  ...c,
});

describe("timeline geometry", () => {
  it("places each bucket in its slot, leaving a gap for a day without calls", () => {
    const g = chartGeometry([point(0, { connected: 10 }), point(1, { connected: 5 }), point(3, { failed: 2 })], "day", 400, 100);
    expect(g.slots).toBe(4);
    const slot = 400 / 4;
    expect(g.bars.map((b) => Math.round((b.x + b.width / 2) / slot - 0.5))).toEqual([0, 1, 3]);
    for (const b of g.bars) expect(b.width).toBeLessThanOrEqual(slot);
  });

  it("stacks categories from the baseline in a fixed order, heights in proportion", () => {
    const g = chartGeometry([point(0, { connected: 30, failed: 12, not_reached: 8 }), point(1, { connected: 5 })], "day", 200, 100);
    expect(g.scaleMax).toBe(50);
    const [first] = g.bars;
    expect(first?.total).toBe(50);
    expect(first?.segments.map((s) => s.category)).toEqual(["failed", "not_reached", "connected"]);
    expect(first?.segments.map((s) => s.height)).toEqual([24, 16, 60]);
    // Bottom first: each segment sits on the one below it, the first on the baseline.
    expect(first?.segments[0]?.y).toBe(100 - 24);
    expect(first?.segments[1]?.y).toBe(100 - 24 - 16);
    expect(first?.y).toBe(0);
    expect(STACK_ORDER[0]).toBe("failed");
  });

  it("keeps a single failure visible among thousands", () => {
    const g = chartGeometry([point(0, { connected: 9999, failed: 1 })], "day", 100, 100);
    expect(g.bars[0]?.segments[0]).toMatchObject({ category: "failed", count: 1 });
    expect(g.bars[0]?.segments[0]?.height).toBeGreaterThanOrEqual(1);
  });

  it("has no bars and a unit scale without points", () => {
    expect(chartGeometry([], "hour", 100, 100)).toMatchObject({ bars: [], slots: 0, scaleMax: 1 });
  });

  it("rounds the scale up to 1, 2 or 5 × 10ⁿ", () => {
    expect([0, 1, 3, 7, 10, 11, 40, 51, 980, 1001].map(niceCeil)).toEqual([1, 1, 5, 10, 10, 20, 50, 100, 1000, 2000]);
  });

  it("labels about as many bars as asked for, the first always", () => {
    expect([...labelledBars(5, 8)]).toEqual([0, 1, 2, 3, 4]);
    expect([...labelledBars(30, 8)]).toEqual([0, 4, 8, 12, 16, 20, 24, 28]);
    expect(labelledBars(0, 8).size).toBe(0);
  });

  it("says what a bar holds, and names status codes in words", () => {
    expect(barText("18 Mar", 40, 12)).toBe("18 Mar: 40 calls, 12 failed");
    expect(barText("18 Mar", 1, 0)).toBe("18 Mar: 1 call");
    expect(statusWords("no_answer")).toBe("No answer");
    expect(statusWords("telephony-failed")).toBe("Telephony failed");
  });
});
