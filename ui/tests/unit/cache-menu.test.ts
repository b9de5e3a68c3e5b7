import { describe, expect, it } from "vitest";
import { formatBytes } from "../../src/components/CacheMenu";

describe("formatBytes", () => {
  it("uses decimal units with one decimal below ten", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(1500)).toBe("1.5 kB");
    expect(formatBytes(45_200_000)).toBe("45 MB");
    expect(formatBytes(2_000_000_000)).toBe("2.0 GB");
  });
});
