import { describe, expect, it } from "vitest";
import { actionForKey, isTextEntryTarget, sliderTarget, stepSpeed } from "../../src/views/call/playerKeys";
import { positionAt, PlayerClock } from "../../src/views/call/playerClock";
import { flattenResults, humanizeKey } from "../../src/views/call/resultsTree";
import { findMatches, matchCountText, searchTurns, segmentText, stepMatch, turnOfMatch } from "../../src/views/call/transcriptSearch";
import { speakerColour, speakerLabel, timedTurns, turnAt } from "../../src/views/call/turns";
import type { Turn } from "../../src/views/call/callTypes";

const press = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe("transcript search", () => {
  const highlighted = (text: string, q: string) => findMatches(text, q).map((m) => text.normalize("NFC").slice(m.start, m.end));

  it("is case-insensitive and finds every occurrence", () => {
    expect(highlighted("Hello hello HELLO", "hello")).toEqual(["Hello", "hello", "HELLO"]);
    expect(highlighted("Straße STRASSE", "straße")).toEqual(["Straße"]);
  });
  it("keeps offsets right when lower-casing changes length", () => {
    // "İ" lower-cases to two code units; the match after it must still line up.
    expect(highlighted("İstanbul call back", "call")).toEqual(["call"]);
    expect(highlighted("İİİ abc", "abc")).toEqual(["abc"]);
  });
  it("matches Hindi and Tamil without splitting syllables", () => {
    const hindi = "नमस्ते, मेरा खाता बंद है। खाता खोलिए";
    expect(highlighted(hindi, "खाता")).toEqual(["खाता", "खाता"]);
    // A consonant alone widens to its whole syllable (consonant + vowel sign).
    expect(highlighted("कि", "क")).toEqual(["कि"]);
    expect(highlighted("வணக்கம் நன்றி வணக்கம்", "வணக்கம்")).toEqual(["வணக்கம்", "வணக்கம்"]);
  });
  it("handles emoji sequences as single characters", () => {
    const text = "Thanks 👍🏽 and 👨‍👩‍👧 bye";
    expect(highlighted(text, "👍")).toEqual(["👍🏽"]);
    expect(highlighted(text, "👩")).toEqual(["👨‍👩‍👧"]);
    expect(highlighted(text, "bye")).toEqual(["bye"]);
  });
  it("matches composed and decomposed accents alike", () => {
    expect(highlighted("Cafe\u0301 open", "café")).toEqual(["Café"]);
  });
  it("ignores an empty query", () => {
    expect(findMatches("anything", "   ")).toEqual([]);
  });
  it("splits text into segments numbered across turns", () => {
    const result = searchTurns(["a cat", "no", "cat cat"], "cat");
    expect(result.total).toBe(3);
    expect(result.firstIndex).toEqual([0, 1, 1]);
    const third = result.perTurn[2] ?? [];
    expect(segmentText("cat cat", third, result.firstIndex[2] ?? 0)).toEqual([
      { text: "cat", matchIndex: 1 },
      { text: " ", matchIndex: null },
      { text: "cat", matchIndex: 2 },
    ]);
  });
  it("steps with wrap-around and counts", () => {
    expect(stepMatch(-1, 12, false)).toBe(0);
    expect(stepMatch(-1, 12, true)).toBe(11);
    expect(stepMatch(11, 12, false)).toBe(0);
    expect(stepMatch(0, 12, true)).toBe(11);
    expect(stepMatch(0, 0, false)).toBe(-1);
    expect(matchCountText(2, 12)).toBe("3 of 12");
    expect(matchCountText(-1, 0)).toBe("No matches");
  });
});

describe("turns", () => {
  const turn = (kind: "agent" | "customer", start: number | null, end: number | null): Turn => ({
    speaker: { kind },
    text: "x",
    start_secs: start,
    end_secs: end,
  });
  const transcript = [turn("agent", 0, 5), turn("customer", 6, 12), turn("agent", null, null), turn("agent", 12.5, null)];
  const timed = timedTurns(transcript, 30);

  it("finds the turn being spoken, or none in a pause", () => {
    expect(turnAt(timed, 0)).toBe(0);
    expect(turnAt(timed, 4.99)).toBe(0);
    expect(turnAt(timed, 5.5)).toBeNull();
    expect(turnAt(timed, 6)).toBe(1);
    expect(turnAt(timed, 20)).toBe(3);
    expect(turnAt(timed, 31)).toBeNull();
    expect(turnAt(timed, -1)).toBeNull();
  });
  it("skips untimed turns and lets an open turn last until the next one", () => {
    expect(timed.map((t) => t.index)).toEqual([0, 1, 3]);
    const open = timedTurns([turn("agent", 0, null), turn("customer", 4, null)], 9);
    expect(open.map((t) => [t.start, t.end])).toEqual([[0, 4], [4, 9]]);
  });
  it("labels and colours speakers", () => {
    expect(speakerLabel({ kind: "agent" })).toBe("Agent");
    expect(speakerLabel({ kind: "other", name: "Supervisor" })).toBe("Supervisor");
    expect(speakerLabel({ kind: "other", name: " " })).toBe("Speaker");
    expect(speakerColour({ kind: "other", name: "Priya" })).toBe(speakerColour({ kind: "other", name: "Priya" }));
    expect(speakerColour({ kind: "agent" })).not.toBe(speakerColour({ kind: "customer" }));
  });
});

describe("results tree", () => {
  it("flattens any JSON shape into indented rows", () => {
    const rows = flattenResults({
      call_quality: "excellent",
      sentiment_analysis: { overall_sentiment: "positive", confidence: 0.92 },
      tags: ["billing", null, true],
      callbackRequested: false,
      empty: {},
    });
    expect(rows.map((r) => [r.depth, r.label, r.kind, r.display])).toEqual([
      [0, "Call quality", "string", "excellent"],
      [0, "Sentiment analysis", "object", "2 fields"],
      [1, "Overall sentiment", "string", "positive"],
      [1, "Confidence", "number", "0.92"],
      [0, "Tags", "array", "3 items"],
      [1, "#1", "string", "billing"],
      [1, "#2", "null", "null"],
      [1, "#3", "boolean", "Yes"],
      [0, "Callback requested", "boolean", "No"],
      [0, "Empty", "object", "0 fields"],
    ]);
    expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
  });
  it("returns nothing for missing results", () => {
    expect(flattenResults(null)).toEqual([]);
  });
  it("humanizes keys", () => {
    expect(humanizeKey("sentimentScore")).toBe("Sentiment score");
    expect(humanizeKey("next-step")).toBe("Next step");
    expect(humanizeKey("_")).toBe("_");
  });
});

describe("keyboard mapping", () => {
  it("maps the player shortcuts", () => {
    expect(actionForKey(press(" "))).toEqual({ kind: "toggle_play" });
    expect(actionForKey(press("ArrowLeft"))).toEqual({ kind: "seek_by", secs: -5 });
    expect(actionForKey(press("ArrowRight", { shiftKey: true }))).toEqual({ kind: "seek_by", secs: 1 });
    expect(actionForKey(press("ArrowLeft", { shiftKey: true }))).toEqual({ kind: "seek_by", secs: -1 });
    expect(actionForKey(press("["))).toEqual({ kind: "speed_step", direction: -1 });
    expect(actionForKey(press("]"))).toEqual({ kind: "speed_step", direction: 1 });
    expect(actionForKey(press("M", { shiftKey: true }))).toEqual({ kind: "toggle_mute" });
    expect(actionForKey(press("m"))).toEqual({ kind: "toggle_mute" });
    expect(actionForKey(press("n"))).toEqual({ kind: "step_mark", direction: 1 });
    expect(actionForKey(press("N", { shiftKey: true }))).toEqual({ kind: "step_mark", direction: -1 });
  });
  it("leaves modified and unrelated keys alone", () => {
    expect(actionForKey(press("ArrowLeft", { ctrlKey: true }))).toBeNull();
    expect(actionForKey(press("[", { metaKey: true }))).toBeNull();
    expect(actionForKey(press("a"))).toBeNull();
  });
  it("does not treat non-DOM targets as text fields", () => {
    expect(isTextEntryTarget(null)).toBe(false);
  });
  it("steps speed within 0.5–2×", () => {
    expect(stepSpeed(1, 1)).toBe(1.25);
    expect(stepSpeed(1, -1)).toBe(0.75);
    expect(stepSpeed(2, 1)).toBe(2);
    expect(stepSpeed(0.5, -1)).toBe(0.5);
    expect(stepSpeed(1.1, -1)).toBe(1);
  });
  it("moves the scrubber with arrows, pages and Home/End, clamped", () => {
    expect(sliderTarget("ArrowRight", false, 10, 60)).toBe(15);
    expect(sliderTarget("ArrowLeft", true, 10, 60)).toBe(9);
    expect(sliderTarget("ArrowLeft", false, 2, 60)).toBe(0);
    expect(sliderTarget("PageUp", false, 50, 60)).toBe(60);
    expect(sliderTarget("End", false, 0, 60)).toBe(60);
    expect(sliderTarget("Home", false, 30, 60)).toBe(0);
    expect(sliderTarget("x", false, 30, 60)).toBeNull();
  });
});

describe("playhead interpolation", () => {
  it("extrapolates while playing with the speed, and stops at the end", () => {
    const clock = { secs: 10, playing: true, at: 1000, speed: 1.5, duration: 12 };
    expect(positionAt(clock, 1000)).toBe(10);
    expect(positionAt(clock, 2000)).toBe(11.5);
    expect(positionAt(clock, 9000)).toBe(12);
    expect(positionAt({ ...clock, playing: false }, 9000)).toBe(10);
  });
  it("re-anchors on a speed change so the position does not jump", () => {
    const clock = new PlayerClock();
    clock.update({ secs: 0, playing: true, duration: 100 }, 0);
    clock.update({ speed: 2 }, 1000);
    expect(clock.now(1000)).toBe(1);
    expect(clock.now(2000)).toBe(3);
  });
});

describe("match → turn", () => {
  it("finds the turn that holds a match number, skipping turns without matches", () => {
    const result = searchTurns(["no", "cat cat", "none", "cat"], "cat");
    expect(turnOfMatch(result, 0)).toBe(1);
    expect(turnOfMatch(result, 1)).toBe(1);
    expect(turnOfMatch(result, 2)).toBe(3);
    expect(turnOfMatch(result, 3)).toBeNull();
    expect(turnOfMatch(result, -1)).toBeNull();
  });
});
