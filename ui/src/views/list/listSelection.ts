// The library list's multi-selection, as ids — never row objects, which come and go with the
// list's windows — so it survives scrolling through a million calls. "All that match" is not
// a million ids: it is the filter itself, minus the rows the user unticked afterwards.
import type { Picked } from "../../bindings/Picked";

/** Ids a selection may name one by one, either way (formant-library's `MAX_PICKED_IDS`). */
export const MAX_PICKED_IDS = 100_000;
/** Rows a Shift range may span: its rows' ids are fetched when not held (Ctrl+A for more). */
export const MAX_RANGE_ROWS = 10_000;

export type ListSelection =
  /** Exactly these calls. */
  | { kind: "some"; ids: ReadonlySet<string> }
  /** Every call the list's filter matches, except these. */
  | { kind: "all"; except: ReadonlySet<string> };

export const NO_SELECTION: ListSelection = { kind: "some", ids: new Set() };

export function isSelected(s: ListSelection, id: string): boolean {
  return s.kind === "some" ? s.ids.has(id) : !s.except.has(id);
}

/** Calls selected, given the filter's `total` (which an "all" selection follows). */
export function selectedCount(s: ListSelection, total: number): number {
  return s.kind === "some" ? s.ids.size : Math.max(0, total - s.except.size);
}

export function isEmptySelection(s: ListSelection, total: number): boolean {
  return selectedCount(s, total) === 0;
}

/** Why a change was refused: the ids it would need are more than a selection holds. */
export class SelectionTooLarge extends Error {
  constructor() {
    super(
      `A selection can name at most ${MAX_PICKED_IDS.toLocaleString("en-US")} calls one by one. ` +
        "Select all that match (Ctrl+A) and untick the ones to leave out, or narrow the filter.",
    );
  }
}

function bounded(ids: Set<string>): Set<string> {
  if (ids.size > MAX_PICKED_IDS) throw new SelectionTooLarge();
  return ids;
}

/** The row ticked if it was not, unticked if it was. */
export function toggle(s: ListSelection, id: string): ListSelection {
  return setRows(s, [id], !isSelected(s, id));
}

/** `ids` ticked (`on`) or unticked. Throws SelectionTooLarge past the limit. */
export function setRows(s: ListSelection, ids: readonly string[], on: boolean): ListSelection {
  if (s.kind === "some") {
    const next = new Set(s.ids);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    return { kind: "some", ids: bounded(next) };
  }
  const except = new Set(s.except);
  for (const id of ids) {
    if (on) except.delete(id);
    else except.add(id);
  }
  return { kind: "all", except: bounded(except) };
}

export function selectAll(): ListSelection {
  return { kind: "all", except: new Set() };
}

/** What the export request carries beside the filter (see `library_export`). */
export function toPicked(s: ListSelection): Picked {
  return s.kind === "some" ? { kind: "only", ids: [...s.ids] } : { kind: "all_except", ids: [...s.except] };
}
