import { describe, expect, it } from "vitest";
import { drawnHeight, drawnStart, MAX_SCROLL_PX, scrollFactor } from "../../src/views/list/scaledScroll";

const ROW = 32;
const VIEWPORT = 600;

describe("the scroll area of a list taller than a browser allows", () => {
  it("is the list itself up to the cap", () => {
    const total = 400_000 * ROW;
    expect(scrollFactor(total, VIEWPORT)).toBe(1);
    expect(drawnHeight(total)).toBe(total);
    expect(drawnStart(5_000 * ROW, 4_990 * ROW, 1)).toBe(5_000 * ROW);
  });

  it("past the cap, is drawn at the cap and its whole range reaches the list's last row", () => {
    const total = 3_000_000 * ROW;
    const factor = scrollFactor(total, VIEWPORT);
    expect(factor).toBeGreaterThan(5);
    expect(drawnHeight(total)).toBe(MAX_SCROLL_PX);
    // Scrolled to the bottom of the drawn area: the list's own offset is its bottom.
    const bottom = (MAX_SCROLL_PX - VIEWPORT) * factor;
    expect(bottom).toBeCloseTo(total - VIEWPORT, 3);
    // The last row is drawn inside the viewport at the bottom of the drawn area.
    const lastStart = drawnStart(total - ROW, bottom, factor);
    expect(lastStart).toBeCloseTo(MAX_SCROLL_PX - ROW, 3);
    // Any row is drawn as far below the viewport's top as it is in the list.
    const offset = 1_234_567 * ROW;
    const drawnTop = offset / factor;
    expect(drawnStart(offset + 3 * ROW, offset, factor) - drawnTop).toBeCloseTo(3 * ROW, 6);
  });
});
