// The library's list of one account, by windows: the virtualiser's count is the store's total,
// rows are fetched a window at a time around the visible range (WindowCache), and a new filter
// or sort is a new query. When the library's content changes (a sync stored calls), the same
// query is asked again while the rows already shown stay until their replacement arrives.
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
  /** The previous query's rows, shown until the new query's first window is in. */
  const stale = useRef<WindowCache<CallRow> | null>(null);
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
          stale.current = null;
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
    if (previous.total !== null) stale.current = previous;
    cache.current = new WindowCache<CallRow>();
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
    const shown = () => (cache.current.total === null && stale.current ? stale.current : cache.current);
    return {
      total: shown().total,
      rowAt: (index: number) => shown().rowAt(index),
      indexOf: (id: string) => shown().findIndex((r) => r.conversation_id === id),
      version,
      onRange,
      error,
      retry,
    };
    // `version` stands for the cache's content, which lives in refs.
  }, [version, onRange, error, retry]);
}
