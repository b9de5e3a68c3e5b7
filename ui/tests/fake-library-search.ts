// The fake's library search, triage, timeline and bulk export, over its generated calls (the
// details as `get_conversation` gives them, so a hit opens on the very turn it quotes).
//
// Search: a case-insensitive substring over transcript turns (then failure reasons, numbers and
// ids), a snippet around the first match with every match in it marked. Triage and timeline
// count what the filter lets through. Export streams progress per 25 calls, honours
// `cancel_task` between them, and answers from the save dialog's path like the Rust side.
import type { Channel } from "@tauri-apps/api/core";
import type { CallRow } from "../src/bindings/CallRow";
import type { Filter } from "../src/bindings/Filter";
import type { LibrarySearchHit } from "../src/bindings/LibrarySearchHit";
import type { SnippetPart } from "../src/bindings/SnippetPart";
import type { TimelinePoint } from "../src/bindings/TimelinePoint";
import type { TriageBy } from "../src/bindings/TriageBy";
import type { TriageGroup } from "../src/bindings/TriageGroup";
import type { AccountView, Conversation, StatusCategory } from "../src/ipc/types";
import type { Handlers } from "./fake-backend";
import { callRowOf, matchesFilter, withFigures, type StoredFigures } from "./fake-library";
import type { LatencyGroup } from "../src/bindings/LatencyGroup";

export interface LibrarySearchFakeOptions {
  /** Pause between the export's batches of 25 calls, in ms (default 5): a slow one can be cancelled. */
  exportStepDelayMs?: number;
}

/** What the fake lends these handlers. */
export interface FakeLibraryContext {
  accounts: () => { view: AccountView; conversations: Conversation[] }[];
  detailOf: (c: Conversation) => Conversation;
  send: <T>(channel: Channel<T>, message: T) => void;
  isCancelled: (taskId: string) => boolean;
  /** A call's stored figures (see fake-library's `storeFigures`). */
  figures: (accountId: string, conversationId: string) => StoredFigures | undefined;
  sleep: (ms: number) => Promise<void>;
  /** Files the commands wrote (the export's .zip goes here). */
  written: { cmd: string; path: string }[];
  options: LibrarySearchFakeOptions;
}

type LibrarySearchCommands = "library_search" | "library_triage" | "library_latency" | "library_timeline" | "library_export";

/** The `p` quantile of `values`, between the two nearest ranks (formant-library's rule). */
function percentile(values: number[], p: number): number {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return 0;
  const rank = p * (v.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return v[low]! + (v[high]! - v[low]!) * (rank - low);
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BATCH = 25;
/** Characters of context the snippet keeps before the first match and in all. */
const BEFORE = 30;
const LENGTH = 110;

interface Located {
  account: { view: AccountView; conversations: Conversation[] };
  call: Conversation;
}

function categoryOf(c: Conversation): StatusCategory {
  return c.status?.category ?? "unknown";
}

/** Every place `needle` (lower case) occurs in `text`, case-insensitively. */
function occurrences(text: string, needle: string): number[] {
  const hay = text.toLowerCase();
  const at: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0 && needle !== ""; i = hay.indexOf(needle, i + needle.length)) at.push(i);
  return at;
}

function snippetParts(text: string, needle: string, at: number[]): SnippetPart[] {
  const first = at[0] ?? 0;
  const start = Math.max(0, first - BEFORE);
  const end = Math.min(text.length, start + LENGTH);
  const parts: SnippetPart[] = [];
  let pos = start;
  for (const i of at) {
    if (i < start || i + needle.length > end) continue;
    if (i > pos) parts.push({ text: text.slice(pos, i), matched: false });
    parts.push({ text: text.slice(i, i + needle.length), matched: true });
    pos = i + needle.length;
  }
  if (pos < end) parts.push({ text: text.slice(pos, end), matched: false });
  if (start > 0) parts.unshift({ text: "…", matched: false });
  if (end < text.length) parts.push({ text: "…", matched: false });
  return parts;
}

export function librarySearchHandlers(ctx: FakeLibraryContext): Pick<Handlers, LibrarySearchCommands> {
  const calls = (accountIds: string[]): Located[] =>
    ctx
      .accounts()
      .filter((a) => accountIds.includes(a.view.id))
      .flatMap((account) => account.conversations.map((call) => ({ account, call })));

  /** The search's hit in `c`, or null: the first matching turn, else a matching detail. */
  function hitOf({ account, call }: Located, text: string): LibrarySearchHit | null {
    const needle = text.trim().toLowerCase();
    if (needle === "") return null;
    const detail = ctx.detailOf(call);
    const turns = detail.transcript ?? [];
    let matches = 0;
    let found: { turn: number | null; text: string; at: number[] } | null = null;
    for (const [i, turn] of turns.entries()) {
      const at = occurrences(turn.text, needle);
      matches += at.length;
      if (at.length > 0 && found === null) found = { turn: i, text: turn.text, at };
    }
    if (found === null) {
      for (const field of [detail.failure_reason, detail.contact_number, detail.conversation_id]) {
        const at = field === null ? [] : occurrences(field, needle);
        if (field !== null && at.length > 0) {
          found = { turn: null, text: field, at };
          matches += at.length;
          break;
        }
      }
    }
    if (found === null) return null;
    const { turn, text: where, at } = found;
    return {
      ...rowOf({ account, call }),
      account_id: account.view.id,
      rank: -matches,
      snippet: { parts: snippetParts(where, needle, at) },
      turn_index: turn,
      turn_start_secs: turn === null ? null : (turns[turn]?.start_secs ?? null),
      turn_count: turns.length,
    };
  }

  /** The call as the store's row (the list's fake builds the same one). */
  function rowOf({ account, call }: Located): CallRow {
    return withFigures(callRowOf(call, account.view.name, account.view.region_label), ctx.figures(account.view.id, call.conversation_id));
  }

  /** Whether the call passes every field of `filter` but the text (see `hitOf`): the store's rule. */
  function passes(l: Located, f: Filter): boolean {
    return matchesFilter(rowOf(l), { ...f, text: null });
  }

  function selected(accountIds: string[], f: Filter): Located[] {
    return calls(accountIds).filter((l) => passes(l, f) && (f.text === null || hitOf(l, f.text) !== null));
  }

  function bucketOf(startMs: number, len: number, offsetMs: number): { index: number; startMs: number } {
    const index = Math.floor((startMs + offsetMs) / len);
    return { index, startMs: index * len - offsetMs };
  }

  function keyOf(by: TriageBy, c: Conversation, offsetMs: number): { key: string | null; start_ms: number | null } {
    switch (by) {
      case "category":
        return { key: categoryOf(c), start_ms: null };
      case "status":
        return { key: c.status?.code ?? null, start_ms: null };
      case "reason":
        return { key: c.failure_reason, start_ms: null };
      case "agent":
        return { key: c.agent_id === null ? null : String(c.agent_id), start_ms: null };
      case "day":
      case "hour": {
        if (c.start_ms === null) return { key: null, start_ms: null };
        const len = by === "day" ? DAY_MS : HOUR_MS;
        const b = bucketOf(c.start_ms, len, offsetMs);
        const iso = new Date(b.index * len).toISOString();
        return { key: by === "day" ? iso.slice(0, 10) : iso.slice(0, 13), start_ms: b.startMs };
      }
    }
  }

  return {
    library_search: (a) => {
      const hits = calls(a.accountIds)
        .filter((l) => passes(l, a.filter))
        .flatMap((l) => {
          const hit = hitOf(l, a.text);
          return hit === null ? [] : [hit];
        })
        .sort((x, y) => x.rank - y.rank || (y.start_ms ?? 0) - (x.start_ms ?? 0));
      return { total: hits.length, results: hits.slice(0, a.limit) };
    },
    library_triage: (a) => {
      const offsetMs = a.utcOffsetMinutes * 60_000;
      const groups = new Map<string, TriageGroup>();
      const chosen = selected(a.accountIds, a.filter);
      for (const { call } of chosen) {
        const k = keyOf(a.by, call, offsetMs);
        const id = k.key ?? "\u0000";
        const g = groups.get(id) ?? { key: k.key, count: 0, share: 0, start_ms: k.start_ms };
        g.count += 1;
        groups.set(id, g);
      }
      const total = chosen.length;
      const list = [...groups.values()].map((g) => ({ ...g, share: total === 0 ? 0 : g.count / total }));
      const timeOrder = a.by === "day" || a.by === "hour";
      list.sort((x, y) =>
        timeOrder ? (x.start_ms ?? -Infinity) - (y.start_ms ?? -Infinity) : y.count - x.count || String(x.key).localeCompare(String(y.key)),
      );
      return { by: a.by, total, groups: list };
    },
    library_latency: (a) => {
      const offsetMs = a.utcOffsetMinutes * 60_000;
      const groups = new Map<string, { g: LatencyGroup; p50s: number[]; p90s: number[] }>();
      for (const l of selected(a.accountIds, a.filter)) {
        const f = ctx.figures(l.account.view.id, l.call.conversation_id);
        if (!f || f.latency_p90_s === null) continue;
        const k = keyOf(a.by, l.call, offsetMs);
        const id = k.key ?? "\u0000";
        const entry = groups.get(id) ?? { g: { key: k.key, start_ms: k.start_ms, calls: 0, p50_s: 0, p90_s: 0 }, p50s: [], p90s: [] };
        entry.p50s.push(f.latency_p50_s ?? f.latency_p90_s);
        entry.p90s.push(f.latency_p90_s);
        groups.set(id, entry);
      }
      const list = [...groups.values()].map(({ g, p50s, p90s }) => ({ ...g, calls: p90s.length, p50_s: percentile(p50s, 0.5), p90_s: percentile(p90s, 0.9) }));
      const timeOrder = a.by === "day" || a.by === "hour";
      list.sort((x, y) =>
        timeOrder ? (x.start_ms ?? -Infinity) - (y.start_ms ?? -Infinity) : y.calls - x.calls || String(x.key).localeCompare(String(y.key)),
      );
      return { by: a.by, calls: list.reduce((n, g) => n + g.calls, 0), groups: list };
    },
    library_timeline: (a) => {
      const offsetMs = a.utcOffsetMinutes * 60_000;
      const len = a.bucket === "day" ? DAY_MS : HOUR_MS;
      const points = new Map<number, TimelinePoint>();
      for (const { call } of selected(a.accountIds, a.filter)) {
        if (call.start_ms === null) continue;
        const b = bucketOf(call.start_ms, len, offsetMs);
        const p = points.get(b.startMs) ?? { start_ms: b.startMs, connected: 0, not_reached: 0, failed: 0, unknown: 0 };
        p[categoryOf(call)] += 1;
        points.set(b.startMs, p);
      }
      return { bucket: a.bucket, points: [...points.values()].sort((x, y) => x.start_ms - y.start_ms) };
    },
    library_export: async (a, dialogAnswer) => {
      if (dialogAnswer === null) return { kind: "cancelled" };
      // As the Rust side: picked ids narrow the filter, and the ones not found are named.
      const picked = a.picked ?? null;
      const named = new Set(picked?.ids ?? []);
      const chosen = selected(a.accountIds, a.filter).filter(({ call }) =>
        picked === null ? true : picked.kind === "only" ? named.has(call.conversation_id) : !named.has(call.conversation_id),
      );
      const found = new Set(chosen.map((l) => l.call.conversation_id));
      const notFound = picked?.kind === "only" ? [...named].filter((id) => !found.has(id)) : [];
      const total = chosen.length;
      const delay = ctx.options.exportStepDelayMs ?? 5;
      let transcripts = 0;
      for (let done = 0; done < total; ) {
        if (ctx.isCancelled(a.taskId)) return { kind: "cancelled" };
        const batch = chosen.slice(done, done + BATCH);
        const subtitles = a.format === "srt" || a.format === "vtt";
        for (const { call } of batch) {
          const turns = ctx.detailOf(call).transcript ?? [];
          if (turns.length > 0 && (!subtitles || turns.every((t) => t.start_secs !== null))) transcripts += 1;
        }
        done += batch.length;
        ctx.send(a.onEvent, { stage: "calls", done, total });
        await ctx.sleep(delay);
      }
      if (ctx.isCancelled(a.taskId)) return { kind: "cancelled" };
      ctx.send(a.onEvent, { stage: "table", done: total, total });
      ctx.written.push({ cmd: "library_export", path: dialogAnswer });
      const skipped = total - transcripts;
      return {
        kind: "exported",
        path: dialogAnswer,
        calls: total,
        transcripts,
        transcripts_skipped: skipped,
        skip_reason: skipped === 0 ? null : "these calls have no transcript",
        not_found: notFound.length,
        not_found_ids: notFound.slice(0, 20),
      };
    },
  };
}
