// Search across all transcripts: results as the user types, in this account or every account,
// narrowed by status. Opening a result is the pane's job (it may switch accounts first).
import { useEffect, useMemo, type RefObject } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import type { LibrarySearchHit } from "../../ipc/libraryQuery";
import type { AccountView } from "../../ipc/types";
import { useTimeZone } from "../../state/timeZone";
import { EMPTY_FILTER } from "../../lib/libraryFilter";
import { statusWords } from "../../lib/statusLabels";
import { callsText } from "./labels";
import { SearchResult } from "./SearchResult";
import type { LibrarySelection } from "./selection";
import { useRemembered } from "./session";
import { useLibrarySearch } from "./useLibrarySearch";
import { useProgressive } from "./useProgressive";
import { useStatusOptions } from "./useStatusOptions";

/** The accounts and filter a search covers (also what "Export calls…" exports from this tab). */
export function searchSelection(
  active: AccountView,
  accounts: AccountView[],
  query: string,
  allAccounts: boolean,
  status: string,
): LibrarySelection {
  const text = query.trim();
  return {
    accountIds: allAccounts ? accounts.map((a) => a.id) : [active.id],
    filter: { ...EMPTY_FILTER, statuses: status === "" ? [] : [status], text: text === "" ? null : text },
    description: text === "" ? "every call" : `calls matching “${text}”`,
  };
}

export function SearchView(props: {
  account: AccountView;
  accounts: AccountView[];
  onOpen: (hit: LibrarySearchHit) => void;
  onSelection: (selection: LibrarySelection) => void;
  inputRef?: RefObject<HTMLInputElement | null>;
}) {
  const { account, accounts, onOpen, onSelection, inputRef } = props;
  const { zone } = useTimeZone();
  const [query, setQuery] = useRemembered("query");
  const [allAccounts, setAllAccounts] = useRemembered("allAccounts");
  const [status, setStatus] = useRemembered("status");
  const selection = useMemo(
    () => searchSelection(account, accounts, "", allAccounts, status),
    [account, accounts, allAccounts, status],
  );
  // The text goes separately: the filter must not change (and re-key the search) per keystroke.
  const search = useLibrarySearch(selection.accountIds, query, selection.filter);
  useEffect(() => {
    onSelection(searchSelection(account, accounts, query, allAccounts, status));
  }, [onSelection, account, accounts, query, allAccounts, status]);
  const statusOptions = useStatusOptions(selection.accountIds);
  const byId = useMemo(() => new Map(accounts.map((a) => [a.id, a])), [accounts]);
  const results = search.results;
  const drawn = useProgressive(results, results?.results.length ?? 0);
  const typed = query.trim() !== "";

  return (
    <div className="library-view search-view">
      <div className="library-view__controls" role="search">
        <input
          type="search"
          className="filter-input filter-input--search"
          ref={inputRef}
          aria-label="Search all transcripts"
          placeholder="Search all transcripts: words, numbers, ids"
          value={query}
          autoFocus
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") setQuery("");
          }}
        />
        <select className="filter-input" aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Any status</option>
          {status !== "" && !statusOptions.some((o) => o.code === status) && <option value={status}>{statusWords(status)}</option>}
          {statusOptions.map((o) => (
            <option key={o.code} value={o.code}>
              {statusWords(o.code)} ({o.count})
            </option>
          ))}
        </select>
        {accounts.length > 1 && (
          <label className="filter-label library-toggle">
            <input type="checkbox" checked={allAccounts} onChange={(e) => setAllAccounts(e.target.checked)} />
            All accounts
          </label>
        )}
      </div>
      <div className="library-view__summary" aria-live="polite">
        {typed && results && search.answeredText === query.trim() && (
          <span className="toolbar__count" data-testid="search-total">
            {callsText(results.total)}
          </span>
        )}
        {typed && results && results.total > results.results.length && (
          <span className="muted">the best {results.results.length} shown</span>
        )}
        {typed && search.searching && <span className="muted">Searching…</span>}
      </div>
      {search.error && <ErrorNotice error={search.error} title="Couldn't search the library" />}
      {!typed ? (
        <p className="library-empty muted">
          Type a word, a phrase, a number or an id: every transcript, result and failure reason in the library is searched, in
          any script.
        </p>
      ) : results && results.results.length === 0 && !search.searching ? (
        <p className="library-empty muted">No calls match “{search.answeredText}”.</p>
      ) : (
        <ul className="search-results" data-testid="search-results">
          {results?.results.slice(0, drawn).map((hit) => (
            <SearchResult
              key={`${hit.account_id ?? ""}/${hit.conversation_id}`}
              hit={hit}
              account={hit.account_id === null ? undefined : byId.get(hit.account_id)}
              zone={zone}
              onOpen={onOpen}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
