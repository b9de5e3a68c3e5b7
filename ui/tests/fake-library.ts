// The library's commands in the fake backend (see fake-backend.ts): its status and the
// subscription that streams it, per-account syncs, pause, rebuild, and list windows with the
// filter and sort run "in the store" — here over the fake's generated conversations.
//
// Syncs do not run by themselves: the list stays live (API paging) until a test finishes a sync
// (`completeSync`) or the fake is told to finish every sync it is asked for (`syncOnRequest`).
// Tests drive it through `window.__fakeBackend.library` (see `FakeLibraryControl`).
import type { Channel } from "@tauri-apps/api/core";
import type { CallRow } from "../src/bindings/CallRow";
import type { Filter } from "../src/bindings/Filter";
import type { IpcError } from "../src/bindings/IpcError";
import type { LibraryAccountStatus } from "../src/bindings/LibraryAccountStatus";
import type { LibraryStatus } from "../src/bindings/LibraryStatus";
import type { Sort } from "../src/bindings/Sort";
import type { SyncProgress } from "../src/bindings/SyncProgress";
import type { ErrorKind } from "../src/ipc/core";
import type { AccountView, Conversation } from "../src/ipc/types";
import type { Handlers } from "./fake-backend";

export interface FakeLibraryOptions {
  /** Every `library_sync` finishes a whole listing at once (default false). */
  syncOnRequest?: boolean;
  /**
   * Calls the library holds per account instead of the account's conversations, generated from
   * their index on demand (the 1,000,000-call scroll). Filters and sorts are not applied to them.
   */
  syntheticRows?: Record<string, number>;
  /** The library file is damaged at start (`available: false`, a rebuild offered). */
  damaged?: boolean;
}

export interface FakeLibraryControl {
  /** Ends a sync of the account: every call listed and detailed, "synced" now. */
  completeSync(accountId: string): void;
  /** A sync running at these counts (what the toolbar's progress shows). */
  setProgress(accountId: string, progress: Partial<SyncProgress>): void;
  /** The API unreachable since `sinceMs` (epoch ms), or reachable again (null). */
  setOffline(accountId: string, sinceMs: number | null): void;
  /** Why the last sync stopped (null clears it). */
  setSyncError(accountId: string, error: IpcError | null): void;
  /** The file turns out damaged: reads fail with `library_damaged` until a rebuild. */
  damage(message?: string): void;
  status(): LibraryStatus;
  /** Rows `library_list` handed back so far, over all its answers. */
  rowsReturned(): number;
  /** A call's stored figures, as an analysis of its recording stores them. */
  storeFigures(accountId: string, conversationId: string, figures: StoredFigures): void;
  figuresOf(accountId: string, conversationId: string): StoredFigures | undefined;
}

/** What the store keeps of a call's analysis that the list shows. */
export type StoredFigures = Pick<CallRow, "latency_p90_s" | "interruptions"> & {
  /** The call's median latency (triage of latency); the p90 when not given. */
  latency_p50_s?: number | null;
};

export interface FakeLibraryDeps {
  account(accountId: string): AccountView | undefined;
  conversations(accountId: string): Conversation[];
  send<T>(channel: Channel<T> | null, message: T): void;
  reject(kind: ErrorKind, message?: string): never;
}

type LibraryCommand = "library_status" | "library_subscribe" | "library_sync" | "library_pause_sync" | "library_rebuild" | "library_list";

const DAMAGED_MESSAGE = "The library file is damaged (file is not a database).";
const LIBRARY_PATH = "/home/reviewer/.local/share/dev.formant.desk/library.sqlite3";
/** The store's own cap on one window (formant-library's MAX_WINDOW). */
const MAX_WINDOW = 10_000;

export function newAccountStatus(accountId: string): LibraryAccountStatus {
  return {
    account_id: accountId,
    calls: 0,
    with_details: 0,
    listed: false,
    syncing: false,
    paused: false,
    progress: null,
    last_synced_ms: null,
    offline_since_ms: null,
    error: null,
  };
}

export function idleProgress(): SyncProgress {
  return {
    phase: "listing",
    full_pass: true,
    listed: 0,
    api_total: null,
    new: 0,
    changed: 0,
    details_done: 0,
    details_total: 0,
    details_failed: 0,
    paused: false,
  };
}

export function callRowOf(c: Conversation, accountLabel: string, region: string): CallRow {
  return {
    account_label: accountLabel,
    region,
    conversation_id: c.conversation_id,
    status: c.status?.code ?? null,
    status_category: c.status?.category ?? "unknown",
    agent_id: c.agent_id,
    start_ms: c.start_ms,
    end_ms: c.end_ms,
    duration_s: c.duration_seconds,
    contact_number: c.contact_number,
    failure_reason: c.failure_reason,
    // The fake's connected calls have a transcript and a recording (see detailOf, open_recording).
    has_transcript: c.status?.category === "connected",
    has_recording: c.status?.category === "connected",
    turn_count: c.status?.category === "connected" ? 7 : 0,
    has_details: true,
    // Figures come from an analysis (`storeFigures`), as in the app.
    latency_p90_s: null,
    interruptions: null,
  };
}

/** Row `i` of a synthetic library: newest first, one a minute, statuses in turn. */
function syntheticRow(i: number): CallRow {
  const statuses = [
    ["completed", "connected"],
    ["busy", "not_reached"],
    ["failed", "failed"],
  ] as const;
  const [status, category] = statuses[i % statuses.length]!;
  const start = Date.UTC(2025, 2, 14, 18, 30) - i * 60_000;
  const duration = category === "connected" ? 30 + (i % 570) : 0;
  return {
    account_label: "Acme Support",
    region: "global",
    conversation_id: `lib_${String(i).padStart(7, "0")}`,
    status,
    status_category: category,
    agent_id: 101 + (i % 5),
    start_ms: start,
    end_ms: start + duration * 1000,
    duration_s: duration,
    contact_number: `+1 415 555 ${String(i % 10_000).padStart(4, "0")}`,
    failure_reason: category === "failed" ? "SIP 503: carrier unavailable" : null,
    has_transcript: category === "connected",
    has_recording: category === "connected",
    turn_count: category === "connected" ? 7 : 0,
    has_details: true,
    latency_p90_s: null,
    interruptions: null,
  };
}

/** A row with the call's stored figures, if any. */
export function withFigures(row: CallRow, f: StoredFigures | undefined): CallRow {
  return f ? { ...row, latency_p90_s: f.latency_p90_s, interruptions: f.interruptions } : row;
}

/** The store's filter, as formant-library applies it (every field narrows; empty does not). */
export function matchesFilter(row: CallRow, f: Filter): boolean {
  if (f.statuses.length > 0 && (row.status === null || !f.statuses.includes(row.status))) return false;
  if (f.categories.length > 0 && !f.categories.includes(row.status_category)) return false;
  if (f.agent_ids.length > 0 && (row.agent_id === null || !f.agent_ids.includes(row.agent_id))) return false;
  if (f.failure_reasons.length > 0 && !f.failure_reasons.includes(row.failure_reason)) return false;
  if (f.from_ms !== null && (row.start_ms === null || row.start_ms < f.from_ms)) return false;
  if (f.to_ms !== null && (row.start_ms === null || row.start_ms > f.to_ms)) return false;
  if (f.min_duration_s !== null && (row.duration_s === null || row.duration_s < f.min_duration_s)) return false;
  if (f.max_duration_s !== null && (row.duration_s === null || row.duration_s > f.max_duration_s)) return false;
  if (f.has_transcript !== null && row.has_transcript !== f.has_transcript) return false;
  if (f.has_recording !== null && row.has_recording !== f.has_recording) return false;
  // A call without figures matches neither figure filter.
  if (f.latency_p90_above_s !== null && (row.latency_p90_s === null || row.latency_p90_s <= f.latency_p90_above_s)) return false;
  if (f.has_interruptions !== null && (row.interruptions === null || row.interruptions > 0 !== f.has_interruptions)) return false;
  const text = f.text?.trim().toLowerCase() ?? "";
  if (text !== "") {
    // The store's full text covers ids, numbers and reasons; its digits match any spacing.
    const digits = text.replace(/\D/g, "");
    const haystack = [row.conversation_id, row.contact_number ?? "", row.failure_reason ?? ""].join(" ").toLowerCase();
    const phoneDigits = (row.contact_number ?? "").replace(/\D/g, "");
    const words = text.split(/\s+/);
    const byWords = words.every((w) => haystack.includes(w));
    const byDigits = digits.length >= 3 && /^[\d\s()+\-.]+$/.test(text) && phoneDigits.includes(digits);
    if (!byWords && !byDigits) return false;
  }
  return true;
}

function sortValue(row: CallRow, column: Sort["column"]): number | string | null {
  switch (column) {
    case "start":
      return row.start_ms;
    case "end":
      return row.end_ms;
    case "duration":
      return row.duration_s;
    case "status":
      return row.status;
    case "category":
      return row.status_category;
    case "agent":
      return row.agent_id;
    case "contact_number":
      return row.contact_number;
    case "failure_reason":
      return row.failure_reason;
    case "conversation_id":
      return row.conversation_id;
    case "has_transcript":
      return row.has_transcript ? 1 : 0;
    case "has_recording":
      return row.has_recording === null ? null : row.has_recording ? 1 : 0;
    case "latency_p90":
      return row.latency_p90_s;
    case "interruptions":
      return row.interruptions;
  }
}

/** The store's sort: missing values last in either direction, ties in the store's row order. */
export function sortRows(rows: readonly CallRow[], sort: Sort): CallRow[] {
  const sign = sort.descending ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, v: sortValue(row, sort.column) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
      const order = typeof a.v === "number" && typeof b.v === "number" ? a.v - b.v : String(a.v).localeCompare(String(b.v));
      return order * sign || a.i - b.i;
    })
    .map((x) => x.row);
}

export function createFakeLibrary(options: FakeLibraryOptions, deps: FakeLibraryDeps) {
  let channel: Channel<LibraryStatus> | null = null;
  let problem: IpcError | null = options.damaged ? { kind: "library_damaged", message: DAMAGED_MESSAGE } : null;
  const accounts = new Map<string, LibraryAccountStatus>();
  let rowsReturned = 0;
  /** The stored figures, by account and call. */
  const figures = new Map<string, StoredFigures>();
  const figuresKey = (accountId: string, id: string) => `${accountId}\u001f${id}`;

  const status = (): LibraryStatus => ({
    available: problem === null,
    problem,
    can_rebuild: problem !== null,
    path: LIBRARY_PATH,
    accounts: [...accounts.values()].map((a) => ({ ...a, progress: a.progress && { ...a.progress } })),
  });
  const publish = () => deps.send(channel, status());
  const accountStatus = (accountId: string) => {
    let s = accounts.get(accountId);
    if (!s) {
      s = newAccountStatus(accountId);
      accounts.set(accountId, s);
    }
    return s;
  };
  const callCount = (accountId: string) => options.syntheticRows?.[accountId] ?? deps.conversations(accountId).length;

  function completeSync(accountId: string) {
    const s = accountStatus(accountId);
    const calls = callCount(accountId);
    Object.assign(s, {
      calls,
      with_details: calls,
      listed: true,
      syncing: false,
      paused: false,
      last_synced_ms: Date.now(),
      offline_since_ms: null,
      error: null,
      progress: { ...idleProgress(), phase: "done", listed: calls, api_total: calls, new: calls, details_done: calls, details_total: calls },
    });
    publish();
  }

  function rowsOf(accountId: string, filter: Filter, sort: Sort): CallRow[] {
    const conversations = deps.conversations(accountId);
    const view = deps.account(accountId);
    const rows = conversations
      .map((c) => withFigures(callRowOf(c, view?.name ?? "", view?.region.kind ?? "custom"), figures.get(figuresKey(accountId, c.conversation_id))))
      .filter((r) => matchesFilter(r, filter));
    return sortRows(rows, sort);
  }

  const handlers: Pick<Handlers, LibraryCommand> = {
    library_status: () => status(),
    library_subscribe: (a) => {
      channel = a.onEvent;
      publish();
      return null;
    },
    library_sync: (a) => {
      if (!deps.account(a.accountId)) deps.reject("not_found", "That account does not exist.");
      accountStatus(a.accountId);
      if (options.syncOnRequest && problem === null) completeSync(a.accountId);
      else publish();
      return null;
    },
    library_pause_sync: (a) => {
      const s = accountStatus(a.accountId);
      s.paused = a.paused;
      if (s.progress) s.progress.paused = a.paused;
      publish();
      return null;
    },
    library_rebuild: () => {
      problem = null;
      // An empty library, which the running syncs fill again.
      for (const id of [...accounts.keys()]) accounts.set(id, newAccountStatus(id));
      publish();
      if (options.syncOnRequest) for (const id of accounts.keys()) completeSync(id);
      return status();
    },
    library_list: (a) => {
      if (problem !== null) deps.reject(problem.kind, problem.message);
      if (!accounts.get(a.accountId)?.listed) return { total: 0, offset: a.offset, rows: [] };
      const limit = Math.min(a.limit, MAX_WINDOW);
      const synthetic = options.syntheticRows?.[a.accountId];
      let total: number;
      let rows: CallRow[];
      if (synthetic !== undefined) {
        total = synthetic;
        rows = [];
        for (let i = a.offset; i < Math.min(synthetic, a.offset + limit); i++) rows.push(syntheticRow(i));
      } else {
        const all = rowsOf(a.accountId, a.filter, a.sort);
        total = all.length;
        rows = all.slice(a.offset, a.offset + limit);
      }
      rowsReturned += rows.length;
      return { total, offset: a.offset, rows };
    },
  };

  const control: FakeLibraryControl = {
    completeSync,
    setProgress: (accountId, progress) => {
      const s = accountStatus(accountId);
      s.syncing = true;
      s.progress = { ...(s.progress ?? idleProgress()), ...progress };
      s.paused = s.progress.paused;
      publish();
    },
    setOffline: (accountId, sinceMs) => {
      accountStatus(accountId).offline_since_ms = sinceMs;
      publish();
    },
    setSyncError: (accountId, error) => {
      accountStatus(accountId).error = error;
      publish();
    },
    damage: (message) => {
      problem = { kind: "library_damaged", message: message ?? DAMAGED_MESSAGE };
      publish();
    },
    status,
    rowsReturned: () => rowsReturned,
    storeFigures: (accountId, conversationId, f) => {
      figures.set(figuresKey(accountId, conversationId), { ...f });
    },
    figuresOf: (accountId, conversationId) => figures.get(figuresKey(accountId, conversationId)),
  };

  return { handlers, control };
}
