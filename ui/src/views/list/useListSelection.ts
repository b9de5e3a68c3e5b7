// Selecting calls in the library list the way desktop lists do: a checkbox per row,
// Ctrl/Cmd+click toggles, Shift+click ticks the range from the last row clicked, Ctrl/Cmd+A
// selects every call the filter matches, Escape clears, Space ticks the focused row (Shift+Space:
// the range to it; the focus follows the cursor's J/K and ↑/↓ in the list, and the cursor's row
// is the one Tab enters the list on). A plain click still opens the call and keeps the selection.
// A new filter starts a new, empty selection: what was selected was "of that filter".
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import { isTypingTarget, modalIsOpen } from "../../lib/keys";
import { WINDOW_ROWS } from "../../lib/windowCache";
import type { RowIds } from "./cursor";
import {
  isSelected,
  MAX_RANGE_ROWS,
  NO_SELECTION,
  selectAll,
  selectedCount,
  SelectionTooLarge,
  setRows,
  toggle,
  type ListSelection,
} from "./listSelection";

/** How a row was clicked. */
export interface SelectClick {
  /** Ctrl or Cmd held. */
  toggle: boolean;
  /** Shift held. */
  range: boolean;
  /** On the row's checkbox (which toggles without a modifier). */
  checkbox: boolean;
}

export interface ListSelectionApi {
  selection: ListSelection;
  count: number;
  isSelected: (id: string) => boolean;
  /** A click on a row: true when it changed the selection (the row then does not open). */
  onRowClick: (id: string, index: number, how: SelectClick) => boolean;
  clear: () => void;
  /** Why the last change was refused, or a range could not be read. */
  notice: string | null;
}

export interface ListSelectionInput {
  /** The filter's identity: a new one clears the selection. */
  queryKey: string;
  rows: RowIds;
  cursorId: string | null;
  onCursor: (id: string) => void;
  /** The ids of rows `offset`… of the current query and sort (for a range over rows not held). */
  fetchIds: (offset: number, limit: number) => Promise<string[]>;
  /** An element of the list: its keys apply only while it is shown (not behind another tab). */
  shownRef: RefObject<HTMLElement | null>;
}

/** The ids of rows `first`..`last`: those held, the others fetched a window at a time. */
async function idsBetween(rows: RowIds, first: number, last: number, fetchIds: ListSelectionInput["fetchIds"]): Promise<string[]> {
  const ids: string[] = [];
  let i = first;
  while (i <= last) {
    const held = rows.idAt(i);
    if (held !== undefined) {
      ids.push(held);
      i += 1;
      continue;
    }
    const limit = Math.min(WINDOW_ROWS, last - i + 1);
    const fetched = await fetchIds(i, limit);
    if (fetched.length === 0) break;
    ids.push(...fetched);
    i += fetched.length;
  }
  return ids;
}

const SELECTABLE_LIST = ".list--selectable";

/** The id of the selectable list's row `target` is in (its checkbox), if any. */
function rowOf(target: EventTarget | null): string | undefined {
  if (!(target instanceof Element) || target.closest(SELECTABLE_LIST) === null) return undefined;
  return target.closest(".list-row")?.getAttribute("data-id") ?? undefined;
}

function inList(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest(SELECTABLE_LIST) !== null;
}

function checkboxOf(id: string): HTMLInputElement | null {
  return document.querySelector(`${SELECTABLE_LIST} .list-row[data-id="${CSS.escape(id)}"] input[type="checkbox"]`);
}

export function useListSelection(input: ListSelectionInput): ListSelectionApi {
  const [selection, setSelection] = useState<ListSelection>(NO_SELECTION);
  const [notice, setNotice] = useState<string | null>(null);
  const [selectionKey, setSelectionKey] = useState(input.queryKey);
  const anchor = useRef<{ id: string; index: number } | null>(null);
  const generation = useRef(0);
  const latest = useRef({ input, selection });
  latest.current = { input, selection };

  // A new filter: a new selection (adjusted while rendering, so no frame shows the old one).
  if (selectionKey !== input.queryKey) {
    setSelectionKey(input.queryKey);
    setSelection(NO_SELECTION);
    setNotice(null);
  }
  useEffect(() => {
    generation.current += 1;
    anchor.current = null;
  }, [input.queryKey]);

  const change = useCallback((next: (s: ListSelection) => ListSelection) => {
    try {
      const updated = next(latest.current.selection);
      latest.current.selection = updated;
      setSelection(updated);
      setNotice(null);
    } catch (e) {
      if (!(e instanceof SelectionTooLarge)) throw e;
      setNotice(e.message);
    }
  }, []);

  /** Ticks the rows from the anchor to `index` (fetching ids of rows not held). */
  const tickRange = useCallback(
    (id: string, index: number) => {
      const { rows, fetchIds } = latest.current.input;
      const from = anchor.current;
      anchor.current = { id, index };
      if (from === null) {
        change((s) => setRows(s, [id], true));
        return;
      }
      const fromIndex = rows.indexOf(from.id) >= 0 ? rows.indexOf(from.id) : from.index;
      const [first, last] = fromIndex <= index ? [fromIndex, index] : [index, fromIndex];
      if (last - first + 1 > MAX_RANGE_ROWS) {
        setNotice(
          `A range can span at most ${MAX_RANGE_ROWS.toLocaleString("en-US")} calls. Select all that match (Ctrl+A) and untick the ones to leave out.`,
        );
        return;
      }
      const gen = generation.current;
      idsBetween(rows, first, last, fetchIds).then(
        (ids) => {
          if (gen === generation.current) change((s) => setRows(s, ids, true));
        },
        () => {
          if (gen === generation.current) setNotice("The calls of that range could not be read from the library.");
        },
      );
    },
    [change],
  );

  const onRowClick = useCallback(
    (id: string, index: number, how: SelectClick): boolean => {
      const { onCursor } = latest.current.input;
      if (how.range) {
        onCursor(id);
        tickRange(id, index);
        return true;
      }
      anchor.current = { id, index };
      if (how.toggle || how.checkbox) {
        onCursor(id);
        change((s) => toggle(s, id));
        return true;
      }
      return false;
    },
    [change, tickRange],
  );

  const clear = useCallback(() => {
    generation.current += 1;
    change(() => NO_SELECTION);
  }, [change]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || modalIsOpen() || isTypingTarget(e.target)) return;
      const { input: current, selection: now } = latest.current;
      const shown = current.shownRef.current;
      if (!shown || shown.closest("[hidden]") !== null) return;
      const row = rowOf(e.target);
      const onPage = e.target === null || e.target === document.body || e.target === document.documentElement;
      // The list's keys act in the list, or when nothing has the focus (not in a menu or the call view).
      if (!onPage && row === undefined && !inList(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && (e.key === "a" || e.key === "A") && !e.shiftKey) {
        if (current.rows.count === 0) return;
        e.preventDefault();
        generation.current += 1;
        change(() => selectAll());
      } else if (e.key === "Escape" && !mod) {
        if (selectedCount(now, current.rows.count) === 0) return;
        e.preventDefault();
        clear();
      } else if (e.key === " " && !mod && row !== undefined) {
        // The focused row's checkbox: ticked here (Shift: the range to it), ahead of the
        // player's Space, which is for the page outside the list.
        e.preventDefault();
        const index = current.rows.indexOf(row);
        if (e.shiftKey && index >= 0) {
          tickRange(row, index);
        } else {
          if (index >= 0) anchor.current = { id: row, index };
          change((s) => toggle(s, row));
        }
      }
    };
    // Capture: ahead of the player's keys on window, which would take Space for play/pause.
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [change, clear, tickRange]);

  // The focus follows the cursor (J/K, ↑/↓) from row to row while it is in the list, so the
  // focused row is always the cursor's and Space ticks what the user sees marked.
  const cursorId = input.cursorId;
  useEffect(() => {
    const active = document.activeElement;
    if (cursorId === null || rowOf(active) === undefined || rowOf(active) === cursorId) return;
    const frame = requestAnimationFrame(() => checkboxOf(cursorId)?.focus());
    return () => cancelAnimationFrame(frame);
  }, [cursorId]);

  const count = selectedCount(selection, input.rows.count);
  const selected = useCallback((id: string) => isSelected(selection, id), [selection]);
  return { selection, count, isSelected: selected, onRowClick, clear, notice };
}
