// The loaded part of the active account's conversation list: paging as the user scrolls,
// "load all" with progress and cancel, refresh, and the error of the last request.
import { useCallback, useEffect, useRef, useState } from "react";
import { AppError, newTaskId, toAppError } from "../ipc/core";
import { cancelTask, listConversations, loadAllConversations } from "../ipc/conversations";
import type { Conversation, ConversationPage, LoadAllResult } from "../ipc/types";
import { markStartup, STARTUP_MARKS } from "../lib/startupMarks";
import { PAGE_SIZE, appendPage, nextPageOffset, pageHasMore } from "../lib/paging";
import { peekFirstPage, takeFirstPage } from "./firstPagePreload";

export interface LoadAllProgress {
  loaded: number;
  total: number | null;
  cancelling: boolean;
}

export interface ConversationListApi {
  rows: Conversation[];
  total: number | null;
  hasMore: boolean;
  loadingPage: boolean;
  /** True until the first page answered (or failed). */
  initialLoading: boolean;
  error: AppError | null;
  loadAll: LoadAllProgress | null;
  /** Why the last "load all" stopped before the API said it was done (a server that kept
   * saying "more"), in words; null when it ended normally. */
  loadAllWarning: string | null;
  /** Called with the virtualiser's range; fetches the next page when the end comes near. */
  onRangeChange: (lastVisible: number, shownCount: number) => void;
  retry: () => void;
  /** Fetches the next page now (the list's "Load more"). */
  loadMore: () => void;
  refresh: () => void;
  startLoadAll: () => void;
  cancelLoadAll: () => void;
}

/** The list after `page` arrived for `offset`, and whether more may follow. */
function withPage(rows: readonly Conversation[], offset: number, page: ConversationPage) {
  const next = appendPage(rows, offset, page.data);
  return { rows: next, hasMore: page.data.length > 0 && pageHasMore(next.length, page.has_more, page.total) };
}

export function useConversationList(agentId: number | null): ConversationListApi {
  // The first page preloaded at startup, when it is already in: the list's first render shows it.
  const [seed] = useState(() => {
    const page = agentId === null ? peekFirstPage() : null;
    return page ? { page, ...withPage([], 0, page) } : null;
  });
  const [rows, setRows] = useState<Conversation[]>(seed?.rows ?? []);
  const [total, setTotal] = useState<number | null>(seed?.page.total ?? null);
  const [hasMore, setHasMore] = useState(seed?.hasMore ?? true);
  const [loadingPage, setLoadingPage] = useState(false);
  const [initialLoading, setInitialLoading] = useState(seed === null);
  const [error, setError] = useState<AppError | null>(null);
  const [loadAll, setLoadAll] = useState<LoadAllProgress | null>(null);
  const [loadAllWarning, setLoadAllWarning] = useState<string | null>(null);

  // Refs mirror what async callbacks need, so a late answer for an old list (after a refresh or a
  // new agent filter) is recognised by its generation and dropped.
  const generation = useRef(0);
  const busy = useRef(false);
  const rowsRef = useRef<Conversation[]>(seed?.rows ?? []);
  const hasMoreRef = useRef(seed?.hasMore ?? true);
  const seeded = useRef(seed !== null);
  const failedOffset = useRef<number | null>(null);
  const loadAllTask = useRef<string | null>(null);

  const fetchPage = useCallback(
    (offset: number) => {
      if (busy.current) return;
      busy.current = true;
      const gen = generation.current;
      setLoadingPage(true);
      setError(null);
      const preloaded = offset === 0 && agentId === null ? takeFirstPage() : null;
      (preloaded ?? listConversations(agentId, PAGE_SIZE, offset)).then(
        (page) => {
          if (gen !== generation.current) return;
          markStartup(STARTUP_MARKS.firstPage);
          const next = withPage(rowsRef.current, offset, page);
          rowsRef.current = next.rows;
          hasMoreRef.current = next.hasMore;
          failedOffset.current = null;
          busy.current = false;
          setRows(next.rows);
          setTotal(page.total);
          setHasMore(hasMoreRef.current);
          setLoadingPage(false);
          setInitialLoading(false);
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          failedOffset.current = offset;
          busy.current = false;
          setError(toAppError(e));
          setLoadingPage(false);
          setInitialLoading(false);
        },
      );
    },
    [agentId],
  );

  const reset = useCallback(() => {
    generation.current += 1;
    busy.current = false;
    rowsRef.current = [];
    hasMoreRef.current = true;
    failedOffset.current = null;
    setRows([]);
    setTotal(null);
    setHasMore(true);
    setError(null);
    setInitialLoading(true);
    if (loadAllTask.current) {
      void cancelTask(loadAllTask.current).catch(() => undefined);
      loadAllTask.current = null;
    }
    setLoadAll(null);
    fetchPage(0);
  }, [fetchPage]);

  useEffect(() => {
    if (seeded.current) {
      // The first page is already shown: it was this list's first fetch.
      seeded.current = false;
      takeFirstPage();
    } else {
      reset();
    }
    const gen = generation;
    return () => {
      // Unmounting (account switch): drop whatever is still in flight.
      gen.current += 1;
      if (loadAllTask.current) void cancelTask(loadAllTask.current).catch(() => undefined);
    };
  }, [reset]);

  const onRangeChange = useCallback(
    (lastVisible: number, shownCount: number) => {
      if (failedOffset.current !== null || loadAllTask.current) return;
      const offset = nextPageOffset(
        { loaded: rowsRef.current.length, hasMore: hasMoreRef.current, busy: busy.current },
        lastVisible,
        shownCount,
      );
      if (offset !== null) fetchPage(offset);
    },
    [fetchPage],
  );

  const retry = useCallback(() => {
    const offset = failedOffset.current;
    if (offset === null) return;
    failedOffset.current = null;
    fetchPage(offset);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (busy.current || !hasMoreRef.current || loadAllTask.current) return;
    failedOffset.current = null;
    fetchPage(rowsRef.current.length);
  }, [fetchPage]);

  const startLoadAll = useCallback(() => {
    if (loadAllTask.current) return;
    const taskId = newTaskId("load-all");
    const gen = generation.current;
    loadAllTask.current = taskId;
    busy.current = true; // no page fetches while the whole list streams in
    const collected: Conversation[] = [];
    const before = rowsRef.current;
    setError(null);
    setLoadAllWarning(null);
    setLoadAll({ loaded: 0, total, cancelling: false });
    // Tauri delivers large Channel messages asynchronously: the command's result can arrive
    // before its last page events. The run ends when both the result is in and every row it
    // counts has streamed in.
    let outcome: LoadAllResult | null = null;
    const finishIfComplete = () => {
      if (!outcome || collected.length < outcome.loaded) return;
      if (gen !== generation.current || loadAllTask.current !== taskId) return;
      loadAllTask.current = null;
      busy.current = false;
      // The list shown is what streamed in; a cancelled run can continue page by page.
      const done = !outcome.cancelled;
      hasMoreRef.current = done ? false : pageHasMore(rowsRef.current.length, true, outcome.total);
      setHasMore(hasMoreRef.current);
      setTotal(outcome.total);
      setLoadAllWarning(outcome.warning);
      setLoadAll(null);
    };
    loadAllConversations(taskId, agentId, (event) => {
      if (gen !== generation.current || loadAllTask.current !== taskId) return;
      // Pages arrive from offset 0, in order: the streamed list replaces the one shown. Rows
      // loaded before stay below it until the stream passes them, so the view does not jump.
      for (const c of event.conversations) collected.push(c);
      const snapshot =
        collected.length >= before.length
          ? collected.slice()
          : appendPage(collected, collected.length, before.slice(collected.length));
      rowsRef.current = snapshot;
      setRows(snapshot);
      setTotal(event.total);
      setLoadAll((p) => ({ loaded: event.loaded, total: event.total, cancelling: p?.cancelling ?? false }));
      finishIfComplete();
    }).then(
      (result) => {
        outcome = result;
        finishIfComplete();
      },
      (e: unknown) => {
        if (gen !== generation.current || loadAllTask.current !== taskId) return;
        loadAllTask.current = null;
        busy.current = false;
        hasMoreRef.current = pageHasMore(rowsRef.current.length, true, null);
        setHasMore(hasMoreRef.current);
        setLoadAll(null);
        failedOffset.current = rowsRef.current.length;
        setError(toAppError(e));
      },
    );
  }, [agentId, total]);

  const cancelLoadAll = useCallback(() => {
    const taskId = loadAllTask.current;
    if (!taskId) return;
    setLoadAll((p) => (p ? { ...p, cancelling: true } : p));
    cancelTask(taskId).catch((e: unknown) => setError(toAppError(e)));
  }, []);

  return {
    rows,
    total,
    hasMore,
    loadingPage,
    initialLoading,
    error,
    loadAll,
    loadAllWarning,
    onRangeChange,
    retry,
    loadMore,
    refresh: reset,
    startLoadAll,
    cancelLoadAll,
  };
}
