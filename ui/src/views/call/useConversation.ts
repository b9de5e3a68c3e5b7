import { useCallback, useEffect, useState } from "react";
import { toAppError, type AppError } from "../../ipc/core";
import { getConversation } from "../../ipc/conversations";
import type { Conversation } from "./callTypes";

/** Performance entry name for "call data arrived → first frame painted". */
export const CALL_RENDER_MEASURE = "call-view-render";
/** Performance entry name for "call data arrived → DOM committed" (React's share of the above). */
export const CALL_COMMIT_MEASURE = "call-view-commit";

export interface ConversationState {
  conversation: Conversation | null;
  /** True once `get_conversation` answered (the summary has no transcript). */
  complete: boolean;
  error: AppError | null;
  retry: () => void;
}

/** Loads one call with transcript and results; shows the list's summary meanwhile. */
export function useConversation(id: string, summary: Conversation | undefined): ConversationState {
  const [state, setState] = useState<{ conversation: Conversation | null; complete: boolean; error: AppError | null }>({
    conversation: summary ?? null,
    complete: false,
    error: null,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setState((s) => ({
      conversation: s.conversation?.conversation_id === id ? s.conversation : (summary ?? null),
      complete: false,
      error: null,
    }));
    getConversation(id).then(
      (conversation) => {
        if (!live) return;
        // Marked here so the render cost of the full call can be measured to the next frame.
        performance.mark(`${CALL_RENDER_MEASURE}:start`);
        setState({ conversation, complete: true, error: null });
      },
      (e: unknown) => {
        if (live) setState((s) => ({ ...s, error: toAppError(e) }));
      },
    );
    return () => {
      live = false;
    };
    // The summary only seeds the first paint; a new object for the same id must not reload.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...state, retry };
}
