import type { Conversation } from "../../ipc/types";

/** The ids of a list's rows by position (a windowed list knows only the rows it holds). */
export interface RowIds {
  count: number;
  idAt: (index: number) => string | undefined;
  /** The row's position, or -1 when it is not held. */
  indexOf: (id: string) => number;
}

/**
 * The id the cursor moves to. With no cursor (or one filtered away) the first row is taken;
 * moving stops at either end rather than wrapping.
 */
export function moveCursorIn(rows: RowIds, cursorId: string | null, delta: 1 | -1): string | null {
  if (rows.count === 0) return null;
  const i = cursorId === null ? -1 : rows.indexOf(cursorId);
  if (i < 0) return rows.idAt(0) ?? null;
  const j = Math.max(0, Math.min(rows.count - 1, i + delta));
  return rows.idAt(j) ?? cursorId;
}

export function idsOf(rows: readonly Conversation[]): RowIds {
  return {
    count: rows.length,
    idAt: (i) => rows[i]?.conversation_id,
    indexOf: (id) => rows.findIndex((c) => c.conversation_id === id),
  };
}

export function moveCursor(rows: readonly Conversation[], cursorId: string | null, delta: 1 | -1): string | null {
  return moveCursorIn(idsOf(rows), cursorId, delta);
}
