// Moving through the list and opening calls: a click puts the cursor on a row and opens it; the
// keys ↑/↓ or J/K move the cursor, Enter opens it, / focuses the search.
import { useCallback, useEffect, useRef, type RefObject } from "react";
import { listShortcut } from "../../lib/keys";
import { moveCursorIn, type RowIds } from "./cursor";

export interface ListNavigation {
  ids: RowIds;
  cursorId: string | null;
  onCursor: (id: string) => void;
  onOpen: (id: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** Installs the keys; returns what a click on a row does. */
export function useListNavigation(k: ListNavigation): (id: string) => void {
  // One listener for the list's lifetime; it reads the latest rows and cursor from here.
  const latest = useRef(k);
  latest.current = k;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = listShortcut(e);
      if (!action) return;
      const { ids, cursorId, onCursor, onOpen, searchRef } = latest.current;
      if (action.kind === "focus_search") {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (action.kind === "open") {
        // Enter on a focused button keeps its own meaning.
        if (e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement) return;
        if (cursorId) {
          e.preventDefault();
          onOpen(cursorId);
        }
        return;
      }
      e.preventDefault();
      const next = moveCursorIn(ids, cursorId, action.delta);
      if (next !== null) onCursor(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return useCallback((id: string) => {
    latest.current.onCursor(id);
    latest.current.onOpen(id);
  }, []);
}
