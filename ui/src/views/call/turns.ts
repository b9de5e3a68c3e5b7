/** Transcript turns: who spoke, their colours, and which turn is playing at a time. */
import type { Speaker, Turn } from "./callTypes";

export type SpeakerRole = "agent" | "customer" | "other";

export function speakerRole(speaker: Speaker): SpeakerRole {
  return speaker.kind;
}

export function speakerLabel(speaker: Speaker): string {
  switch (speaker.kind) {
    case "agent":
      return "Agent";
    case "customer":
      return "Customer";
    case "other":
      return speaker.name.trim().length > 0 ? speaker.name : "Speaker";
  }
}

/**
 * Speaker colours are design tokens (styles/tokens.css) with light and dark values; these are
 * CSS `var()` references, so inline styles follow the colour scheme and the waveform resolves
 * them against its canvas (components/waveform/theme.ts).
 */
const AGENT_COLOUR = "var(--speaker-agent)";
const CUSTOMER_COLOUR = "var(--speaker-customer)";
/** Other speakers get a stable colour from their name, distinct from agent/customer. */
const OTHER_COLOURS = [1, 2, 3, 4, 5, 6].map((n) => `var(--speaker-other-${n})`);
/** For a region whose turn is not known. */
export const UNKNOWN_SPEAKER_COLOUR = "var(--speaker-unknown)";

export function speakerColour(speaker: Speaker): string {
  if (speaker.kind === "agent") return AGENT_COLOUR;
  if (speaker.kind === "customer") return CUSTOMER_COLOUR;
  let hash = 0;
  for (const ch of speaker.name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0;
  return OTHER_COLOURS[hash % OTHER_COLOURS.length] ?? AGENT_COLOUR;
}

/** A turn with times, as an index into the transcript plus its span. */
export interface TimedTurn {
  index: number;
  start: number;
  end: number;
}

/**
 * The turns that have a start time, sorted by start. A turn without an end
 * lasts until the next turn starts (or `fallbackEnd`).
 */
export function timedTurns(turns: readonly Turn[], fallbackEnd: number): TimedTurn[] {
  const timed: TimedTurn[] = [];
  turns.forEach((t, index) => {
    if (t.start_secs !== null && Number.isFinite(t.start_secs)) {
      timed.push({ index, start: t.start_secs, end: t.end_secs ?? Number.NaN });
    }
  });
  timed.sort((a, b) => a.start - b.start || a.index - b.index);
  timed.forEach((t, i) => {
    if (!Number.isFinite(t.end) || t.end < t.start) {
      const next = timed[i + 1];
      t.end = next ? next.start : Math.max(t.start, fallbackEnd);
    }
  });
  return timed;
}

/**
 * Index (into the transcript) of the turn being spoken at `secs`, or null in
 * a silence between turns. Binary search: called on every position update.
 * When turns overlap, the latest one that has started wins.
 */
export function turnAt(timed: readonly TimedTurn[], secs: number): number | null {
  let lo = 0;
  let hi = timed.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = timed[mid];
    if (t && t.start <= secs) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (let i = found; i >= 0 && i >= found - 3; i--) {
    const t = timed[i];
    if (t && secs < t.end) return t.index;
  }
  return null;
}
