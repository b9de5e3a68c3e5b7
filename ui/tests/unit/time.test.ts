import { describe, expect, it } from "vitest";
import { dayBoundsMs, formatCount, formatDuration, formatInstant } from "../../src/lib/time";

// 2025-03-14 18:30:05 UTC
const T = Date.UTC(2025, 2, 14, 18, 30, 5);

describe("formatInstant", () => {
  it("formats UTC", () => {
    expect(formatInstant(T, "utc")).toBe("2025-03-14 18:30:05");
  });
  it("formats IST as UTC+5:30, crossing midnight", () => {
    expect(formatInstant(T, "ist")).toBe("2025-03-15 00:00:05");
    expect(formatInstant(Date.UTC(2025, 0, 1, 0, 0, 0), "ist")).toBe("2025-01-01 05:30:00");
  });
  it("formats the local zone like Date does", () => {
    const d = new Date(T);
    const pad = (n: number) => String(n).padStart(2, "0");
    const expected = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    expect(formatInstant(T, "local")).toBe(expected);
  });
  it("shows a dash for missing or invalid instants", () => {
    expect(formatInstant(null, "utc")).toBe("—");
    expect(formatInstant(undefined, "ist")).toBe("—");
    expect(formatInstant(Number.NaN, "utc")).toBe("—");
    expect(formatInstant(9e15, "utc")).toBe("—");
  });
  it("uses 00 not 24 for midnight", () => {
    expect(formatInstant(Date.UTC(2025, 5, 1, 0, 0, 0), "utc")).toBe("2025-06-01 00:00:00");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0:00"],
    [7, "0:07"],
    [59.6, "1:00"],
    [725, "12:05"],
    [3723, "1:02:03"],
    [36000, "10:00:00"],
  ])("%s s → %s", (secs, text) => {
    expect(formatDuration(secs)).toBe(text);
  });
  it("shows a dash for missing, negative or non-finite durations", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-1)).toBe("—");
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe("—");
  });
});

describe("formatCount", () => {
  it("groups thousands", () => {
    expect(formatCount(1234)).toBe("1,234");
    expect(formatCount(10000)).toBe("10,000");
    expect(formatCount(7)).toBe("7");
  });
});

describe("dayBoundsMs", () => {
  it("spans a UTC day", () => {
    expect(dayBoundsMs("2025-03-14", "utc")).toEqual({
      startMs: Date.UTC(2025, 2, 14),
      endMs: Date.UTC(2025, 2, 15),
    });
  });
  it("starts an IST day at 18:30 UTC the day before", () => {
    expect(dayBoundsMs("2025-03-14", "ist")?.startMs).toBe(Date.UTC(2025, 2, 13, 18, 30));
  });
  it("uses local midnight for the local zone", () => {
    expect(dayBoundsMs("2025-03-14", "local")?.startMs).toBe(new Date(2025, 2, 14).getTime());
  });
  it("rejects malformed dates", () => {
    expect(dayBoundsMs("14/03/2025", "utc")).toBeNull();
    expect(dayBoundsMs("", "utc")).toBeNull();
  });
});
