// The list's keys: ↑/↓ or J/K move the cursor, Enter opens it, / focuses the search.
import { useEffect, useRef, type RefObject } from "react";
import { isTypingTarget, listActionForKey, modalIsOpen } from "../../lib/keys";
import { moveCursorIn, type RowIds } from "./cursor";

export interface ListKeyboard {
  ids: RowIds;
  cursorId: string | null;
  onCursor: (id: string) => void;
  onOpen: (id: string) => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

export function useListKeyboard(k: ListKeyboard): void {
  // One listener for the list's lifetime; it reads the latest rows and cursor from here.
  const latest = useRef(k);
  latest.current = k;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || modalIsOpen() || isTypingTarget(e.target)) return;
      const action = listActionForKey(e);
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
}
