// Keyboard helpers shared by the shell's shortcuts.

/** Whether a key press lands where the user types, so single-key shortcuts must not fire. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (typeof Element === "undefined" || !(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !["button", "checkbox", "radio", "range", "submit", "reset", "color", "file"].includes(target.type);
  }
  return false;
}

/** Whether a modal dialog is open; the page behind it must ignore shortcuts. */
export function modalIsOpen(): boolean {
  return typeof document !== "undefined" && document.querySelector('[aria-modal="true"]') !== null;
}

/** The account index (0-based) for Ctrl/Cmd+1..9, or null. */
export function accountShortcutIndex(e: {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}): number | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey) return null;
  if (!/^[1-9]$/.test(e.key)) return null;
  return Number(e.key) - 1;
}

export type ListMove = { kind: "move"; delta: 1 | -1 } | { kind: "open" } | { kind: "focus_search" };

/** Maps a key press in the list area to an action: ↑/↓ or J/K move, Enter opens, / searches. */
export function listActionForKey(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }): ListMove | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  switch (e.key) {
    case "ArrowDown":
    case "j":
    case "J":
      return { kind: "move", delta: 1 };
    case "ArrowUp":
    case "k":
    case "K":
      return { kind: "move", delta: -1 };
    case "Enter":
      return { kind: "open" };
    case "/":
      return { kind: "focus_search" };
    default:
      return null;
  }
}

/**
 * The list action of a key press on the page, unless it is not the list's to take: already
 * handled, behind a modal, or typed into a field.
 */
export function listShortcut(e: KeyboardEvent): ListMove | null {
  if (e.defaultPrevented || modalIsOpen() || isTypingTarget(e.target)) return null;
  return listActionForKey(e);
}
