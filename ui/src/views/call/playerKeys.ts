/**
 * Player keyboard shortcuts, as a pure mapping from a key press to an action
 * so the mapping is testable without a DOM.
 */

export type PlayerAction =
  | { kind: "toggle_play" }
  | { kind: "seek_by"; secs: number }
  | { kind: "speed_step"; direction: 1 | -1 }
  | { kind: "toggle_mute" }
  | { kind: "step_mark"; direction: 1 | -1 };

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** Space play/pause, ←/→ 5 s, Shift+←/→ 1 s, [ / ] speed, M mute, N / Shift+N next / previous analysis mark. */
export function actionForKey(press: KeyPress): PlayerAction | null {
  // Leave browser and OS shortcuts (Ctrl+←, Cmd+[, …) alone.
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case " ":
    case "Spacebar":
      return { kind: "toggle_play" };
    case "ArrowLeft":
      return { kind: "seek_by", secs: press.shiftKey ? -1 : -5 };
    case "ArrowRight":
      return { kind: "seek_by", secs: press.shiftKey ? 1 : 5 };
    case "[":
      return { kind: "speed_step", direction: -1 };
    case "]":
      return { kind: "speed_step", direction: 1 };
    case "m":
    case "M":
      return { kind: "toggle_mute" };
    case "n":
    case "N":
      return { kind: "step_mark", direction: press.shiftKey ? -1 : 1 };
    default:
      return null;
  }
}

/**
 * Whether a key press belongs to the element it lands on: text fields, selects and range
 * sliders use the same keys, and nothing behind a modal dialog should react to them.
 */
export function isTextEntryTarget(target: EventTarget | null): boolean {
  if (typeof Element === "undefined" || !(target instanceof Element)) return false;
  if (target.closest('[aria-modal="true"]')) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    const keyless = ["button", "checkbox", "radio", "submit", "reset", "color", "file"];
    return !keyless.includes(target.type);
  }
  return false;
}

export const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2] as const;

/** The next speed step up or down from `current`, staying within 0.5–2×. */
export function stepSpeed(current: number, direction: 1 | -1): number {
  if (direction > 0) return SPEEDS.find((s) => s > current + 1e-9) ?? SPEEDS[SPEEDS.length - 1] ?? 2;
  const lower = SPEEDS.filter((s) => s < current - 1e-9);
  return lower[lower.length - 1] ?? SPEEDS[0] ?? 0.5;
}

/** Scrubber keys (ARIA slider): arrows step, Page keys jump, Home/End go to the ends. */
export function sliderTarget(key: string, shiftKey: boolean, now: number, duration: number): number | null {
  const small = shiftKey ? 1 : 5;
  let next: number;
  switch (key) {
    case "ArrowLeft":
    case "ArrowDown":
      next = now - small;
      break;
    case "ArrowRight":
    case "ArrowUp":
      next = now + small;
      break;
    case "PageDown":
      next = now - 30;
      break;
    case "PageUp":
      next = now + 30;
      break;
    case "Home":
      next = 0;
      break;
    case "End":
      next = duration;
      break;
    default:
      return null;
  }
  return Math.min(Math.max(0, next), Math.max(0, duration));
}
