// The library's list of one account, by windows: the virtualiser's count is the store's total,
// rows are fetched a window at a time around the visible range (WindowCache), and a new filter
// or sort is a new query (the previous rows stay until its first window is in). When the
// library's content changes (a sync stored calls), the same query is asked again: the rows
// already shown stay, each until its window's replacement arrives.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AppError, toAppError } from "../ipc/core";
import { listLibrary, type CallRow, type Filter, type Sort } from "../ipc/library";
import { WindowCache } from "../lib/windowCache";

/** Window requests in flight at most: a fast scroll asks only for where it stopped. */
const MAX_IN_FLIGHT = 2;

export interface LibraryListApi {
  /** Calls the query matches; null until its first window answered. */
  total: number | null;
  rowAt: (index: number) => CallRow | undefined;
  indexOf: (conversationId: string) => number;
  /** Changes whenever rows arrive (to re-render). */
  version: number;
  /** The virtualiser's visible range. */
  onRange: (first: number, last: number) => void;
  error: AppError | null;
  retry: () => void;
}

export function useLibraryList(accountId: string, filter: Filter, sort: Sort, dataVersion: string): LibraryListApi {
  const queryKey = JSON.stringify([accountId, filter, sort]);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<AppError | null>(null);
  const cache = useRef(new WindowCache<CallRow>());
  /** The rows shown where `cache` has none yet: the previous query's or the previous content's. */
  const fallback = useRef<{ rows: WindowCache<CallRow>; untilFirstWindow: boolean } | null>(null);
  const lastQuery = useRef<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef(0);
  const range = useRef({ first: 0, last: 0 });
  const failed = useRef(false);
  const query = useRef({ accountId, filter, sort });
  query.current = { accountId, filter, sort };

  const pump = useCallback(() => {
    if (failed.current) return;
    const current = cache.current;
    const gen = generation.current;
    const { first, last } = range.current;
    for (const offset of current.missing(first, last)) {
      if (inFlight.current >= MAX_IN_FLIGHT) return;
      inFlight.current += 1;
      current.begin(offset);
      const q = query.current;
      listLibrary(q.accountId, q.filter, q.sort, offset, current.windowRows).then(
        (window) => {
          // An answer for an older query: its count was reset with the query.
          if (gen !== generation.current) return;
          inFlight.current -= 1;
          current.store(offset, window.rows, window.total, range.current.first);
          // Another query's rows are wrong rows: they go with the first right ones.
          if (fallback.current?.untilFirstWindow) fallback.current = null;
          setVersion((v) => v + 1);
          pump();
        },
        (e: unknown) => {
          if (gen !== generation.current) return;
          inFlight.current -= 1;
          current.fail(offset);
          failed.current = true;
          setError(toAppError(e));
        },
      );
      // Before the total is known only one window is asked for.
      if (current.total === null) return;
    }
  }, []);

  // A new query, or new content for the same one.
  useEffect(() => {
    generation.current += 1;
    inFlight.current = 0;
    failed.current = false;
    const previous = cache.current;
    const sameQuery = lastQuery.current === queryKey;
    lastQuery.current = queryKey;
    cache.current = new WindowCache<CallRow>();
    if (previous.total !== null) {
      fallback.current = { rows: previous, untilFirstWindow: !sameQuery };
      // The same query over new content: the visible windows are asked for at once.
      if (sameQuery) cache.current.total = previous.total;
    }
    setError(null);
    setVersion((v) => v + 1);
    pump();
  }, [queryKey, dataVersion, pump]);

  const onRange = useCallback(
    (first: number, last: number) => {
      range.current = { first, last };
      pump();
    },
    [pump],
  );

  const retry = useCallback(() => {
    failed.current = false;
    setError(null);
    pump();
  }, [pump]);

  return useMemo(() => {
    const old = fallback.current?.rows;
    const indexOf = (id: string) => {
      const i = cache.current.findIndex((r) => r.conversation_id === id);
      return i >= 0 || !old ? i : old.findIndex((r) => r.conversation_id === id);
    };
    return {
      total: cache.current.total ?? old?.total ?? null,
      rowAt: (index: number) => cache.current.rowAt(index) ?? old?.rowAt(index),
      indexOf,
      version,
      onRange,
      error,
      retry,
    };
    // `version` stands for the cache's content, which lives in refs.
  }, [version, onRange, error, retry]);
}
