/**
 * Player time text: the compact clock ("1:23", "1:02:03") shown on screen and
 * the spoken form screen readers read from the scrubber's aria-valuetext.
 */

function splitSeconds(secs: number): { h: number; m: number; s: number } {
  const whole = Number.isFinite(secs) && secs > 0 ? Math.floor(secs) : 0;
  return { h: Math.floor(whole / 3600), m: Math.floor((whole % 3600) / 60), s: whole % 60 };
}

/** "0:05", "1:23", "12:00", "1:02:03". */
export function formatClock(secs: number): string {
  const { h, m, s } = splitSeconds(secs);
  const ss = String(s).padStart(2, "0");
  if (h > 0) return `${h}:${String(m).padStart(2, "0")}:${ss}`;
  return `${m}:${ss}`;
}

function unit(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "1 minute 23 seconds", "4 minutes", "1 hour 2 minutes 3 seconds", "0 seconds". */
export function spokenDuration(secs: number): string {
  const { h, m, s } = splitSeconds(secs);
  const parts: string[] = [];
  if (h > 0) parts.push(unit(h, "hour"));
  if (m > 0) parts.push(unit(m, "minute"));
  if (s > 0 || parts.length === 0) parts.push(unit(s, "second"));
  return parts.join(" ");
}

/** aria-valuetext of the scrubber: "1 minute 23 seconds of 4 minutes 5 seconds". */
export function scrubberValueText(position: number, duration: number): string {
  return `${spokenDuration(position)} of ${spokenDuration(duration)}`;
}
