// Results as the user types: the query waits for the input to rest, and only the newest query's
// answer is drawn, however the answers arrive.
import { describe, expect, it, vi } from "vitest";
import { createLatestQuery } from "../../src/views/library/latestQuery";

/** A run whose answers the test releases by hand, in any order. */
function controlledRun() {
  const waiting = new Map<string, { resolve: (v: string) => void; reject: (e: unknown) => void }>();
  const started: string[] = [];
  const run = (q: string) =>
    new Promise<string>((resolve, reject) => {
      started.push(q);
      waiting.set(q, { resolve, reject });
    });
  return { run, started, answer: (q: string) => waiting.get(q)?.resolve(`results for ${q}`), fail: (q: string) => waiting.get(q)?.reject(new Error(q)) };
}

describe("latest query", () => {
  it("runs once the input has rested for the delay, with the last text only", async () => {
    vi.useFakeTimers();
    try {
      const r = controlledRun();
      const onResult = vi.fn();
      const q = createLatestQuery({ delayMs: 150, run: r.run, onResult, onError: vi.fn() });
      q.request("r");
      vi.advanceTimersByTime(100);
      q.request("re");
      vi.advanceTimersByTime(100);
      q.request("ref");
      vi.advanceTimersByTime(149);
      expect(r.started).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(r.started).toEqual(["ref"]);
      r.answer("ref");
      await vi.runAllTimersAsync();
      expect(onResult).toHaveBeenCalledExactlyOnceWith("ref", "results for ref");
    } finally {
      vi.useRealTimers();
    }
  });

  it("drops an older answer that lands after a newer query started", async () => {
    vi.useFakeTimers();
    try {
      const r = controlledRun();
      const onResult = vi.fn();
      const onError = vi.fn();
      const q = createLatestQuery({ delayMs: 150, run: r.run, onResult, onError });
      q.request("refu");
      vi.advanceTimersByTime(150);
      q.request("refund");
      vi.advanceTimersByTime(150);
      // "refund" waits for "refu"; when "refu" answers, its answer is already stale.
      r.answer("refu");
      await vi.advanceTimersByTimeAsync(0);
      expect(r.started).toEqual(["refu", "refund"]);
      r.answer("refund");
      await vi.runAllTimersAsync();
      expect(onResult.mock.calls).toEqual([["refund", "results for refund"]]);
      expect(onError).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it("runs one query at a time: the newest waiting one starts when the running one settles", async () => {
    vi.useFakeTimers();
    try {
      const r = controlledRun();
      const onResult = vi.fn();
      const q = createLatestQuery({ delayMs: 50, run: r.run, onResult, onError: vi.fn() });
      q.request("r");
      vi.advanceTimersByTime(50);
      q.request("re");
      vi.advanceTimersByTime(50);
      q.request("ref");
      vi.advanceTimersByTime(50);
      // "r" is still running: neither "re" nor "ref" has started, and "re" never will.
      expect(r.started).toEqual(["r"]);
      r.answer("r");
      await vi.advanceTimersByTimeAsync(0);
      expect(r.started).toEqual(["r", "ref"]);
      r.answer("ref");
      await vi.runAllTimersAsync();
      expect(onResult.mock.calls.map((c) => c[0])).toEqual(["ref"]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("after cancel, neither the waiting query runs nor a running one's answer arrives", async () => {
    vi.useFakeTimers();
    try {
      const r = controlledRun();
      const onResult = vi.fn();
      const q = createLatestQuery({ delayMs: 150, run: r.run, onResult, onError: vi.fn() });
      q.request("a");
      vi.advanceTimersByTime(150);
      q.request("ab");
      q.cancel();
      vi.advanceTimersByTime(1000);
      expect(r.started).toEqual(["a"]);
      r.answer("a");
      await vi.runAllTimersAsync();
      expect(onResult).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports the newest query's failure", async () => {
    vi.useFakeTimers();
    try {
      const r = controlledRun();
      const onError = vi.fn();
      const q = createLatestQuery({ delayMs: 10, run: r.run, onResult: vi.fn(), onError });
      q.request("x");
      vi.advanceTimersByTime(10);
      r.fail("x");
      await vi.runAllTimersAsync();
      expect(onError).toHaveBeenCalledOnce();
      expect(onError.mock.calls[0]?.[0]).toBe("x");
    } finally {
      vi.useRealTimers();
    }
  });
});
