// Results as the user types: the search runs 40 ms after the last keystroke, off the input's
// render path (typing never waits for it), and only the newest query's answer is drawn. 40 ms:
// the first results must be drawn within 100 ms of the last keypress, and at a million calls
// the search command takes 15-35 ms and drawing about 6 (the app bench measures each part);
// a burst of keys faster than that (a fast typist, key repeat) is still asked once.
import { useEffect, useMemo, useRef, useState } from "react";
import { toAppError, type AppError } from "../../ipc/core";
import { librarySearch, type Filter, type LibrarySearchResults } from "../../ipc/libraryQuery";
import { createLatestQuery } from "./latestQuery";

export const SEARCH_DELAY_MS = 40;
/** Performance marks around each search asked of the store: the app bench splits the time
 * from the last keypress to the first results drawn at them. */
export const SEARCH_ASKED_MARK = "formant:search-asked";
export const SEARCH_ANSWERED_MARK = "formant:search-answered";
/** Results drawn per search; the total counts them all. */
export const SEARCH_LIMIT = 100;

interface SearchQuery {
  accountIds: string[];
  text: string;
  filter: Filter;
}

export interface LibrarySearchState {
  /** The answer to `answeredText`, or null before the first one. */
  results: LibrarySearchResults | null;
  /** The text the shown results are for. */
  answeredText: string;
  /** A query is waiting or running. */
  searching: boolean;
  error: AppError | null;
}

const IDLE: LibrarySearchState = { results: null, answeredText: "", searching: false, error: null };

export function useLibrarySearch(accountIds: string[], text: string, filter: Filter): LibrarySearchState {
  const [state, setState] = useState<LibrarySearchState>(IDLE);
  const runnerRef = useRef<ReturnType<typeof createLatestQuery<SearchQuery, LibrarySearchResults>> | null>(null);
  if (runnerRef.current === null) {
    runnerRef.current = createLatestQuery<SearchQuery, LibrarySearchResults>({
      delayMs: SEARCH_DELAY_MS,
      run: (q) => {
        performance.mark(SEARCH_ASKED_MARK);
        return librarySearch(q.accountIds, q.text, q.filter, SEARCH_LIMIT).finally(() => performance.mark(SEARCH_ANSWERED_MARK));
      },
      onResult: (q, results) => setState({ results, answeredText: q.text, searching: false, error: null }),
      onError: (_q, e) => setState((s) => ({ ...s, searching: false, error: toAppError(e) })),
    });
  }
  const accountsKey = accountIds.join("\n");
  const filterKey = JSON.stringify(filter);
  const query = useMemo<SearchQuery>(
    () => ({ accountIds: accountsKey === "" ? [] : accountsKey.split("\n"), text: text.trim(), filter: JSON.parse(filterKey) as Filter }),
    [accountsKey, text, filterKey],
  );

  useEffect(() => {
    const runner = runnerRef.current;
    if (!runner) return;
    if (query.text === "" || query.accountIds.length === 0) {
      runner.cancel();
      setState(IDLE);
      return;
    }
    setState((s) => ({ ...s, searching: true }));
    runner.request(query);
  }, [query]);

  useEffect(() => () => runnerRef.current?.cancel(), []);
  return state;
}
