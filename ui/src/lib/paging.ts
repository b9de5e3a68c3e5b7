// Paging rules for the conversation list: pages of 100 fetched as the user nears the end.
import type { Conversation } from "../ipc/types";

export const PAGE_SIZE = 100;
/** Start fetching the next page when the last visible row is this close to the end. */
export const PREFETCH_ROWS = 30;

export interface PagingState {
  loaded: number;
  hasMore: boolean;
  busy: boolean;
}

/**
 * The offset of the page to fetch now, or null. `lastVisible` is the index of the last row the
 * virtualiser renders and `shownCount` the number of rows shown (after local filters).
 */
export function nextPageOffset(state: PagingState, lastVisible: number, shownCount: number): number | null {
  if (state.busy || !state.hasMore) return null;
  // Local filters can hide every loaded row; paging on then would pull the whole account
  // silently. The list offers "Load more" instead.
  if (shownCount === 0 && state.loaded > 0) return null;
  if (lastVisible < shownCount - 1 - PREFETCH_ROWS) return null;
  return state.loaded;
}

/**
 * Appends a fetched page at `offset`. Rows already present (the list can shift between
 * requests when new calls arrive) are skipped by id, so no call is shown twice.
 */
export function appendPage(rows: readonly Conversation[], offset: number, page: readonly Conversation[]): Conversation[] {
  const head = rows.slice(0, offset);
  const seen = new Set(head.map((c) => c.conversation_id));
  const merged = head.slice();
  for (const c of page) {
    if (!seen.has(c.conversation_id)) {
      seen.add(c.conversation_id);
      merged.push(c);
    }
  }
  return merged;
}

/** Whether more rows exist after a page: trust `has_more`, but a known total settles it. */
export function pageHasMore(loaded: number, hasMore: boolean, total: number | null): boolean {
  if (total !== null && loaded >= total) return false;
  return hasMore;
}
