import { describe, expect, it } from "vitest";
import { platformOf } from "../../src/lib/platform";

describe("platformOf", () => {
  it("tells the three webviews apart by their user agents", () => {
    expect(platformOf("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko)")).toBe(
      "macos",
    );
    expect(
      platformOf(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ),
    ).toBe("windows");
    expect(platformOf("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)")).toBe("linux");
  });
});
