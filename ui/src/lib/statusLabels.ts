// Labels for status codes. The library's rows carry only the code and its category; the label
// and description come from the Rust side with every `Conversation` (StatusInfo), so the UI
// remembers each one it has seen (the live list's first page, an opened call) instead of keeping
// its own copy of the mapping. A code not seen yet is shown as its words ("no_answer" → "No answer").
import type { StatusCategory, StatusInfo } from "../ipc/types";

const known = new Map<string, StatusInfo>();
/** Codes met only in library rows, labelled from their words until a StatusInfo names them. */
const guessed = new Map<string, StatusInfo>();

export function rememberStatuses(statuses: Iterable<StatusInfo | null>): void {
  for (const s of statuses) if (s && !known.has(s.code)) known.set(s.code, s);
}

/** A status code as words ("no_answer" → "No answer"): a code the API adds later still reads. */
export function statusWords(code: string): string {
  const spaced = code.replace(/[_-]+/g, " ").trim();
  return spaced === "" ? "Unknown" : spaced[0]!.toUpperCase() + spaced.slice(1);
}

export const CATEGORIES: readonly StatusCategory[] = ["connected", "not_reached", "failed", "unknown"];

export const CATEGORY_LABELS: Record<StatusCategory, string> = {
  connected: "Connected",
  not_reached: "Not reached",
  failed: "Failed",
  unknown: "Unknown",
};

export function isCategory(value: string): value is StatusCategory {
  return (CATEGORIES as readonly string[]).includes(value);
}

function asCategory(category: string): StatusCategory {
  return isCategory(category) ? category : "unknown";
}

/** The StatusInfo of a library row's status (null when the row has none). */
export function statusInfoOf(code: string | null, category: string): StatusInfo | null {
  if (code === null) return null;
  const info = known.get(code) ?? guessed.get(code);
  if (info) return info;
  const guess: StatusInfo = { code, label: statusWords(code), description: "", category: asCategory(category) };
  guessed.set(code, guess);
  return guess;
}
