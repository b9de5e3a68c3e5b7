import { describe, expect, it } from "vitest";
import { AppError, ERROR_KINDS, toAppError } from "../../src/ipc/core";
import { DEFAULT_RETRY_AFTER_SECS, retryDelaySecs } from "../../src/hooks/useRateLimitRetry";

describe("toAppError", () => {
  it("keeps every contract kind and its message", () => {
    for (const kind of ERROR_KINDS) {
      const e = toAppError({ kind, message: `msg ${kind}` });
      expect(e).toBeInstanceOf(AppError);
      expect(e.kind).toBe(kind);
      expect(e.message).toBe(`msg ${kind}`);
      expect(e.retryAfterSecs).toBeNull();
    }
  });
  it("reads retry_after_secs (snake_case, as sent by Rust)", () => {
    const e = toAppError({ kind: "rate_limited", message: "slow down", retry_after_secs: 12 });
    expect(e.retryAfterSecs).toBe(12);
  });
  it("ignores a negative or non-numeric retry_after_secs", () => {
    expect(toAppError({ kind: "rate_limited", message: "x", retry_after_secs: -3 }).retryAfterSecs).toBeNull();
    expect(toAppError({ kind: "rate_limited", message: "x", retry_after_secs: "5" }).retryAfterSecs).toBeNull();
  });
  it("maps an unknown kind to unknown, keeping the message", () => {
    const e = toAppError({ kind: "exploded", message: "The thing broke." });
    expect(e.kind).toBe("unknown");
    expect(e.message).toBe("The thing broke.");
  });
  it("maps Tauri's bare string rejections to unknown", () => {
    const e = toAppError("Command foo not found");
    expect(e.kind).toBe("unknown");
    expect(e.message).toBe("Command foo not found");
  });
  it("gives a readable message for empty or odd rejections", () => {
    for (const raw of [undefined, null, "", 42, { kind: "network" }]) {
      const e = toAppError(raw);
      expect(e.message.length).toBeGreaterThan(10);
    }
    expect(toAppError({ kind: "network" }).kind).toBe("network");
  });
  it("passes an AppError through unchanged", () => {
    const e = new AppError("auth", "bad key");
    expect(toAppError(e)).toBe(e);
  });
});

describe("retryDelaySecs", () => {
  it("uses the server's delay, rounded up", () => {
    expect(retryDelaySecs(new AppError("rate_limited", "x", 2.2))).toBe(3);
  });
  it("defaults to 5 s without Retry-After", () => {
    expect(retryDelaySecs(new AppError("rate_limited", "x"))).toBe(DEFAULT_RETRY_AFTER_SECS);
    expect(DEFAULT_RETRY_AFTER_SECS).toBe(5);
  });
});
