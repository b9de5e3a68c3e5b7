import type { Conversation } from "../../ipc/types";

/**
 * The id the cursor moves to. With no cursor (or one filtered away) the first row is taken;
 * moving stops at either end rather than wrapping.
 */
export function moveCursor(rows: readonly Conversation[], cursorId: string | null, delta: 1 | -1): string | null {
  if (rows.length === 0) return null;
  const i = cursorId === null ? -1 : rows.findIndex((c) => c.conversation_id === cursorId);
  if (i < 0) return rows[0]?.conversation_id ?? null;
  const j = Math.max(0, Math.min(rows.length - 1, i + delta));
  return rows[j]?.conversation_id ?? null;
}
