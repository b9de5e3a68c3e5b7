// Where the triage chart's bars go: one slot per day or hour from the first bucket to the last
// (a day without calls is a gap, not a missing column), each bar stacked by status category.
// Pure numbers, so the drawing is tested without a browser.
import type { StatusCategory } from "../../ipc/types";
import type { TimelineBucket, TimelinePoint } from "../../ipc/libraryQuery";
import { DAY_MS, HOUR_MS } from "./filters";

/** Bottom to top: failures sit on the baseline, so they compare across bars at a glance. */
export const STACK_ORDER: StatusCategory[] = ["failed", "not_reached", "unknown", "connected"];

export interface BarSegment {
  category: StatusCategory;
  count: number;
  y: number;
  height: number;
}

export interface ChartBar {
  point: TimelinePoint;
  total: number;
  x: number;
  width: number;
  /** The top of the whole bar. */
  y: number;
  /** Non-empty categories only, bottom first. */
  segments: BarSegment[];
}

export interface ChartGeometry {
  bars: ChartBar[];
  /** The value at the top of the plot (a round number at or above the tallest bar). */
  scaleMax: number;
  /** Gridline values from 0 to `scaleMax`. */
  ticks: number[];
  slots: number;
}

export function pointTotal(p: TimelinePoint): number {
  return p.connected + p.not_reached + p.failed + p.unknown;
}

/** The smallest of 1, 2, 5 × 10ⁿ at or above `n` (at least 1). */
export function niceCeil(n: number): number {
  if (!(n > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) if (step * power >= n) return step * power;
  return 10 * power;
}

/**
 * Bars in a plot of `width` × `height` (y grows downward, the baseline at `height`). Points are
 * in time order, as the library sends them; a bar is at least 1 wide and a non-empty segment at
 * least 1 high, so a single failed call among thousands still shows.
 */
export function chartGeometry(
  points: readonly TimelinePoint[],
  bucket: TimelineBucket,
  width: number,
  height: number,
  maxBarWidth = 36,
): ChartGeometry {
  const first = points[0];
  if (!first) return { bars: [], scaleMax: 1, ticks: [0, 1], slots: 0 };
  const len = bucket === "day" ? DAY_MS : HOUR_MS;
  // Rounded: a local day across a DST change is 23 or 25 hours long.
  const slotOf = (p: TimelinePoint) => Math.round((p.start_ms - first.start_ms) / len);
  const slots = slotOf(points[points.length - 1] ?? first) + 1;
  const slotWidth = width / slots;
  // A few days' bars stay bars, not walls: at most `maxBarWidth`, centred in their slot.
  const barWidth = Math.max(1, Math.min(maxBarWidth, slotWidth * (slots > 60 ? 0.9 : 0.7)));
  const tallest = Math.max(...points.map(pointTotal));
  const scaleMax = niceCeil(tallest);
  const scale = height / scaleMax;

  const bars = points.map((point) => {
    const total = pointTotal(point);
    let top = height;
    const segments: BarSegment[] = [];
    for (const category of STACK_ORDER) {
      const count = point[category];
      if (count <= 0) continue;
      const h = Math.max(1, count * scale);
      top -= h;
      segments.push({ category, count, y: top, height: h });
    }
    const x = slotOf(point) * slotWidth + (slotWidth - barWidth) / 2;
    return { point, total, x, width: barWidth, y: top, segments };
  });
  return { bars, scaleMax, ticks: [0, scaleMax / 2, scaleMax], slots };
}

/** Which bars get a date under them: about `max` of them, evenly spread, always the first. */
export function labelledBars(count: number, max: number): Set<number> {
  const out = new Set<number>();
  if (count <= 0) return out;
  const every = Math.max(1, Math.ceil(count / Math.max(1, max)));
  for (let i = 0; i < count; i += every) out.add(i);
  return out;
}
