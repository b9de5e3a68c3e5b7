import { describe, expect, it } from "vitest";
import {
  aggregatePeaks,
  backingSize,
  clampWindow,
  follow,
  lanes,
  MAX_STRETCH,
  minSpan,
  peakPixelCount,
  sampleToY,
  timeToX,
  xToTime,
  zoomAt,
} from "../../src/components/waveform/geometry";
import { formatClock, scrubberValueText, spokenDuration } from "../../src/components/waveform/timeText";

describe("time ↔ x", () => {
  const view = { start: 10, span: 20 };
  it("maps the window edges to the canvas edges", () => {
    expect(timeToX(10, view, 400)).toBe(0);
    expect(timeToX(30, view, 400)).toBe(400);
    expect(timeToX(15, view, 400)).toBe(100);
  });
  it("round-trips and clamps to the recording", () => {
    expect(xToTime(timeToX(17.5, view, 400), view, 400, 60)).toBeCloseTo(17.5);
    expect(xToTime(-50, view, 400, 60)).toBeCloseTo(7.5);
    expect(xToTime(-5000, view, 400, 60)).toBe(0);
    expect(xToTime(5000, view, 400, 25)).toBe(25);
  });
});

describe("zoom", () => {
  it("never stretches a peak pixel past MAX_STRETCH CSS pixels, nor zooms out past the whole call", () => {
    expect(MAX_STRETCH).toBe(8);
    expect(minSpan(500, 100, 240)).toBe(0.625);
    expect(minSpan(500, 100, 0.2)).toBe(0.2);
    expect(clampWindow({ start: 0, span: 0.1 }, 240, 500, 100).span).toBe(0.625);
    expect(clampWindow({ start: 0, span: 1000 }, 240, 500, 100)).toEqual({ start: 0, span: 240 });
  });
  it("keeps the window inside the recording", () => {
    expect(clampWindow({ start: 230, span: 30 }, 240, 500, 100)).toEqual({ start: 210, span: 30 });
    expect(clampWindow({ start: -4, span: 30 }, 240, 500, 100)).toEqual({ start: 0, span: 30 });
  });
  it("keeps the time under the pointer fixed", () => {
    const before = { start: 20, span: 40 };
    const after = zoomAt(before, 2, 100, 400, 240, 100);
    expect(after.span).toBe(20);
    expect(xToTime(100, after, 400, 240)).toBeCloseTo(xToTime(100, before, 400, 240));
  });
  it("clamps zoom-in to the finest level and zoom-out to the call", () => {
    expect(zoomAt({ start: 0, span: 10 }, 1000, 200, 400, 240, 100).span).toBe(0.5);
    expect(zoomAt({ start: 100, span: 100 }, 0.01, 200, 400, 240, 100)).toEqual({ start: 0, span: 240 });
  });
  it("follows the playhead to the next page only when it leaves the window", () => {
    const v = { start: 0, span: 30 };
    expect(follow(v, 12, 240)).toBe(v);
    expect(follow(v, 31, 240)).toEqual({ start: 28, span: 30 });
    expect(follow(v, 239, 240)).toEqual({ start: 210, span: 30 });
  });
});

describe("lanes", () => {
  it("uses one full-height lane for mono", () => {
    expect(lanes(1, 100)).toEqual([{ top: 0, height: 100, mid: 50 }]);
  });
  it("splits stereo into agent (top) and customer (bottom) lanes with a gap", () => {
    const [agent, customer] = lanes(2, 104, 4);
    expect(agent).toEqual({ top: 0, height: 50, mid: 25 });
    expect(customer).toEqual({ top: 54, height: 50, mid: 79 });
  });
  it("maps full scale to the lane edges", () => {
    const lane = { top: 0, height: 100, mid: 50 };
    expect(sampleToY(32767, lane)).toBeCloseTo(0, 0);
    expect(sampleToY(-32768, lane)).toBe(100);
    expect(sampleToY(0, lane)).toBe(50);
  });
});

describe("peaks aggregation", () => {
  // 4 stereo pixels: per pixel [Lmin, Lmax, Rmin, Rmax]
  const peaks = [-10, 10, -1, 1, -20, 5, -2, 2, -3, 30, -300, 3, -4, 4, -4, 400];
  it("counts pixels per channel", () => {
    expect(peakPixelCount(peaks, 2)).toBe(4);
    expect(peakPixelCount(peaks, 1)).toBe(8);
  });
  it("takes min of mins and max of maxes per channel for the overview", () => {
    expect(Array.from(aggregatePeaks(peaks, 2, 0, 4, 2))).toEqual([-20, 10, -2, 2, -4, 30, -300, 400]);
    expect(Array.from(aggregatePeaks(peaks, 2, 0, 4, 1))).toEqual([-20, 30, -300, 400]);
  });
  it("stretches when there are fewer pixels than buckets", () => {
    const mono = [-5, 5, -9, 9];
    expect(Array.from(aggregatePeaks(mono, 1, 0, 2, 4))).toEqual([-5, 5, -5, 5, -9, 9, -9, 9]);
  });
  it("leaves buckets past the downloaded data empty", () => {
    const mono = [-5, 5];
    expect(Array.from(aggregatePeaks(mono, 1, 0, 4, 4))).toEqual([-5, 5, 0, 0, 0, 0, 0, 0]);
  });
  it("handles a window that starts between pixels", () => {
    const mono = [-1, 1, -2, 2, -3, 3, -4, 4];
    expect(Array.from(aggregatePeaks(mono, 1, 1.5, 3.5, 2))).toEqual([-2, 2, -3, 3]);
  });
});

describe("HiDPI backing store", () => {
  it("scales the canvas by devicePixelRatio", () => {
    expect(backingSize(300, 100, 2)).toEqual({ width: 600, height: 200, scale: 2 });
    expect(backingSize(301, 100, 1.5)).toEqual({ width: 452, height: 150, scale: 1.5 });
    expect(backingSize(300, 100, 0)).toEqual({ width: 300, height: 100, scale: 1 });
  });
});

describe("time text", () => {
  it("formats the clock", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(83.9)).toBe("1:23");
    expect(formatClock(245)).toBe("4:05");
    expect(formatClock(3723)).toBe("1:02:03");
    expect(formatClock(Number.NaN)).toBe("0:00");
  });
  it("speaks durations for screen readers", () => {
    expect(spokenDuration(0)).toBe("0 seconds");
    expect(spokenDuration(1)).toBe("1 second");
    expect(spokenDuration(60)).toBe("1 minute");
    expect(spokenDuration(3723)).toBe("1 hour 2 minutes 3 seconds");
    expect(scrubberValueText(83, 245)).toBe("1 minute 23 seconds of 4 minutes 5 seconds");
  });
});
