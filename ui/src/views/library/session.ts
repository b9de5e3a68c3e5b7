// What the library pane remembers while the app runs. The shell mounts a fresh workspace per
// account, so opening a search result of another account (which switches the account) would
// otherwise lose the search the user came from; the pane's tab and search live here instead.
import { useCallback, useState } from "react";
import type { DateRange } from "./filters";
import type { TriageBy } from "../../ipc/libraryQuery";

export type LibraryTab = "calls" | "search" | "triage";

export interface LibrarySession {
  tab: LibraryTab;
  query: string;
  allAccounts: boolean;
  /** A status code the search is narrowed to; "" for any. */
  status: string;
  triageBy: TriageBy;
  triageRange: DateRange;
  /** A status category the triage counts within; "" for all calls. */
  triageCategory: string;
  /** What the triage's response latency is grouped by. */
  latencyBy: "agent" | "day";
}

const INITIAL: LibrarySession = {
  tab: "calls",
  query: "",
  allAccounts: false,
  status: "",
  triageBy: "category",
  triageRange: "all",
  triageCategory: "",
  latencyBy: "agent",
};

const session: LibrarySession = { ...INITIAL };

/** Like useState, but the value outlives the workspace (one value per key, app-wide). */
export function useRemembered<K extends keyof LibrarySession>(
  key: K,
): [LibrarySession[K], (value: LibrarySession[K]) => void] {
  const [value, setValue] = useState<LibrarySession[K]>(session[key]);
  const set = useCallback(
    (next: LibrarySession[K]) => {
      session[key] = next;
      setValue(next);
    },
    [key],
  );
  return [value, set];
}

/** A call to open: from a search result, with the turn that matched. */
export interface OpenRequest {
  conversationId: string;
  /** The matching transcript turn, to highlight. */
  turnIndex: number | null;
  /** Where the player starts (the turn's time), when the turn has one. */
  startAtSecs: number | null;
}

let pendingOpen: { accountId: string; request: OpenRequest } | null = null;

/** Asks the workspace of `accountId` to open a call once it is mounted (after an account switch). */
export function openAfterSwitch(accountId: string, request: OpenRequest): void {
  pendingOpen = { accountId, request };
}

/** The call waiting for this account's workspace, if any; any other account's request is dropped. */
export function takePendingOpen(accountId: string): OpenRequest | null {
  const pending = pendingOpen;
  pendingOpen = null;
  return pending?.accountId === accountId ? pending.request : null;
}
