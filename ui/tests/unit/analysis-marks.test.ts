import { describe, expect, it } from "vitest";
import { marksOf, notableMarks, responseTone, stepMark } from "../../src/views/call/analysis/marks";
import { fakeAnalysis, FAKE_INTERRUPTION, FAKE_RESPONSES, FAKE_SILENCE } from "../fake-analysis";

describe("analysis marks", () => {
  it("colours a response gap by how long the caller waited", () => {
    expect(responseTone(0.99)).toBe("response-fast");
    expect(responseTone(1)).toBe("response-slow");
    expect(responseTone(2)).toBe("response-slow");
    expect(responseTone(2.01)).toBe("response-very-slow");
  });

  it("lists every mark in time order, each seeking a second before it (never before 0)", () => {
    const marks = marksOf(fakeAnalysis(60));
    expect(marks.map((m) => [m.kind, m.start])).toEqual([
      ["response", FAKE_RESPONSES[0]?.after_s],
      ["interruption", FAKE_INTERRUPTION.at_s],
      ["response", FAKE_RESPONSES[1]?.after_s],
      ["response", FAKE_RESPONSES[2]?.after_s],
      ["dead_air", FAKE_SILENCE.start_s],
    ]);
    expect(marks.map((m) => m.seekTo)).toEqual(marks.map((m) => Math.max(0, m.start - 1)));
    const early = marksOf({ ...fakeAnalysis(60), response_latencies: [{ after_s: 0.3, latency_s: 0.4 }] });
    expect(early[0]?.seekTo).toBe(0);
  });

  it("steps forward and back from the playhead, past the mark just jumped to", () => {
    const marks = marksOf(fakeAnalysis(60));
    expect(stepMark(marks, 0, 1)?.start).toBe(FAKE_RESPONSES[0]?.after_s);
    const onInterruption = FAKE_INTERRUPTION.at_s - 1;
    expect(stepMark(marks, onInterruption, 1)?.start).toBe(FAKE_RESPONSES[1]?.after_s);
    expect(stepMark(marks, onInterruption, -1)?.start).toBe(FAKE_RESPONSES[0]?.after_s);
    expect(stepMark(marks, 1000, 1)).toBeNull();
    expect(stepMark(marks, 0, -1)).toBeNull();
  });

  it("finds the slowest reply, the first interruption and the longest dead air", () => {
    const { slowest, firstInterruption, longestDeadAir } = notableMarks(marksOf(fakeAnalysis(60)));
    expect(slowest?.start).toBe(FAKE_RESPONSES[2]?.after_s);
    expect(firstInterruption?.start).toBe(FAKE_INTERRUPTION.at_s);
    expect(longestDeadAir?.start).toBe(FAKE_SILENCE.start_s);
    expect(notableMarks([])).toEqual({ slowest: null, firstInterruption: null, longestDeadAir: null });
  });
});
