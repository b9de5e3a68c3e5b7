// The analysis as marks a reviewer can see, hear and step through: every response gap (coloured
// by how long the caller waited), every interruption, every stretch of dead air — each with the
// words a screen reader says and the moment clicking it seeks to.
import type { CallAnalysis } from "../../../bindings/CallAnalysis";
import { formatClock } from "../../../components/waveform/timeText";

/** A response gap under 1 s reads as natural, 1–2 s as slow, over 2 s as a wait the caller notices. */
export const SLOW_RESPONSE_S = 1;
export const VERY_SLOW_RESPONSE_S = 2;

export type MarkTone = "response-fast" | "response-slow" | "response-very-slow" | "interruption" | "dead-air";

export interface Mark {
  kind: "response" | "interruption" | "dead_air";
  tone: MarkTone;
  /** Seconds from the recording's start. */
  start: number;
  end: number;
  /** Where clicking the mark puts the playhead: a little before it, so it is heard coming. */
  seekTo: number;
  /** The mark's accessible name. */
  label: string;
}

/** Seconds of lead-in before a mark when seeking to it. */
const LEAD_IN_S = 1;

function seconds(s: number): string {
  return `${s.toFixed(1)} s`;
}

export function responseTone(latency: number): MarkTone {
  if (latency > VERY_SLOW_RESPONSE_S) return "response-very-slow";
  if (latency >= SLOW_RESPONSE_S) return "response-slow";
  return "response-fast";
}

/** Every mark of the analysis, sorted by time. */
export function marksOf(analysis: CallAnalysis): Mark[] {
  const marks: Mark[] = [];
  const at = (start: number) => Math.max(0, start - LEAD_IN_S);
  for (const r of analysis.response_latencies) {
    const start = r.after_s;
    marks.push({
      kind: "response",
      tone: responseTone(r.latency_s),
      start,
      end: start + Math.max(0, r.latency_s),
      seekTo: at(start),
      label: `Agent answered after ${seconds(r.latency_s)}, at ${formatClock(start)}`,
    });
  }
  for (const i of analysis.interruptions) {
    const who = i.by === "agent" ? "Agent" : "Customer";
    marks.push({
      kind: "interruption",
      tone: "interruption",
      start: i.at_s,
      end: i.at_s + Math.max(0, i.overlap_s),
      seekTo: at(i.at_s),
      label: `${who} interrupted at ${formatClock(i.at_s)}, both spoke for ${seconds(i.overlap_s)}`,
    });
  }
  for (const s of analysis.silences) {
    marks.push({
      kind: "dead_air",
      tone: "dead-air",
      start: s.start_s,
      end: s.end_s,
      seekTo: at(s.start_s),
      label: `Dead air from ${formatClock(s.start_s)} to ${formatClock(s.end_s)}, ${seconds(s.end_s - s.start_s)}`,
    });
  }
  return marks.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The mark `N` (direction 1) or `Shift+N` (-1) moves to from the playhead at `now`: the first
 * mark whose seek point is past it (or before it), so repeated presses walk the marks in order.
 */
export function stepMark(marks: readonly Mark[], now: number, direction: 1 | -1): Mark | null {
  // A mark just jumped to is `now` ≈ its seek point: step past it, not onto it again.
  const EPSILON = 0.05;
  if (direction > 0) return marks.find((m) => m.seekTo > now + EPSILON) ?? null;
  for (let i = marks.length - 1; i >= 0; i--) {
    const mark = marks[i];
    if (mark && mark.seekTo < now - EPSILON) return mark;
  }
  return null;
}

/** The slowest response, the first interruption, the longest dead air: what a figure seeks to. */
export function notableMarks(marks: readonly Mark[]): {
  slowest: Mark | null;
  firstInterruption: Mark | null;
  longestDeadAir: Mark | null;
} {
  let slowest: Mark | null = null;
  let longestDeadAir: Mark | null = null;
  let firstInterruption: Mark | null = null;
  for (const m of marks) {
    const len = m.end - m.start;
    if (m.kind === "response" && (!slowest || len > slowest.end - slowest.start)) slowest = m;
    if (m.kind === "dead_air" && (!longestDeadAir || len > longestDeadAir.end - longestDeadAir.start)) longestDeadAir = m;
    if (m.kind === "interruption" && !firstInterruption) firstInterruption = m;
  }
  return { slowest, firstInterruption, longestDeadAir };
}
