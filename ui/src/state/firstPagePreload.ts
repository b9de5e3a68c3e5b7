// The active account's first page of calls, asked for the moment the bundle runs, alongside the
// accounts. Without it the request would wait for the accounts, then for the workspace's first
// render and paint (its effect), which is most of the time between the page loading and the
// first row. The backend answers `list_conversations` for the active account, so the UI need
// not know which account that is yet.
//
// Valid only until the accounts change (add, switch, remove, demo): then it is dropped, so a
// page of one account is never shown under another. Used at most once, by the first list.
import { listConversations } from "../ipc/conversations";
import type { ConversationPage } from "../ipc/types";
import { PAGE_SIZE } from "../lib/paging";
import { markStartup, STARTUP_MARKS } from "../lib/startupMarks";

interface Preload {
  promise: Promise<ConversationPage>;
  /** Set once the answer is in, so the list can start with it in its very first render. */
  page: ConversationPage | null;
}

let preload: Preload | null = null;

/** Starts the request; a failure (e.g. no account yet) is left for the list to report, if asked. */
export function preloadFirstPage(): void {
  const promise = listConversations(null, PAGE_SIZE, 0);
  const entry: Preload = { promise, page: null };
  promise.then(
    (page) => {
      markStartup(STARTUP_MARKS.firstPage);
      entry.page = page;
    },
    () => undefined,
  );
  preload = entry;
}

/** The answer if it is already in; leaves it in place (safe to call during render). */
export function peekFirstPage(): ConversationPage | null {
  return preload?.page ?? null;
}

/** The request (answered or not), handed out once. */
export function takeFirstPage(): Promise<ConversationPage> | null {
  const taken = preload?.promise ?? null;
  preload = null;
  return taken;
}

/** The accounts changed: whatever was preloaded may belong to another account now. */
export function dropFirstPage(): void {
  preload = null;
}
