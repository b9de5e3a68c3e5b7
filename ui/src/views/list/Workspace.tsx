// The two panes for one account: the conversation list on the left, the open call on the right.
// The shell mounts a fresh Workspace per account, so nothing of one account leaks into another.
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import type { AccountView } from "../../ipc/types";
import { listShortcut } from "../../lib/keys";
import {
  DEFAULT_SORT,
  EMPTY_FILTERS,
  filterAndSort,
  hasActiveFilters,
  statusOptions,
  type ListFilters,
  type SortKey,
  type SortOrder,
} from "../../lib/listFilter";
import { useTimeZone } from "../../state/timeZone";
import { useConversationList } from "../../state/useConversationList";
import { CallView } from "../call/CallView";
import { ConversationList } from "./ConversationList";
import { ListToolbar } from "./ListToolbar";
import { moveCursor } from "./cursor";
// Library tabs (search, triage, bulk export): views/library/.
import type { Filter } from "../../ipc/libraryQuery";
import { LibraryPane } from "../library/LibraryPane";
import { liveListFilter } from "../library/liveListFilter";
import type { OpenRequest } from "../library/session";

export interface WorkspaceProps {
  account: AccountView;
  onUpdateKey: () => void;
  /** Every account (the library's search covers them all) and how to switch to one. */
  accounts: AccountView[];
  onSwitchAccount: (id: string) => void;
}

// While local filters are on, scrolling does not fetch: the matches are counted over what is
// loaded ("37 of 1,234 loaded"), and more comes only when asked for (Load more / Load all).
const ignoreRange = () => undefined;

export function Workspace({ account, onUpdateKey, accounts, onSwitchAccount }: WorkspaceProps) {
  const [agentId, setAgentId] = useState<number | null>(null);
  const list = useConversationList(agentId);
  const { zone } = useTimeZone();
  const [filters, setFilters] = useState<ListFilters>(EMPTY_FILTERS);
  const [sort, setSort] = useState<SortOrder>(DEFAULT_SORT);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);

  // Typing in the search box stays responsive while 10,000 rows are re-filtered behind it.
  const deferredFilters = useDeferredValue(filters);
  const shown = useMemo(
    () => filterAndSort(list.rows, deferredFilters, sort, zone),
    [list.rows, deferredFilters, sort, zone],
  );
  const filtersActive = hasActiveFilters(deferredFilters);
  const statuses = useMemo(() => statusOptions(list.rows), [list.rows]);
  const knownAgents = useMemo(() => {
    const s = new Set<number>();
    for (const c of list.rows) if (c.agent_id !== null) s.add(c.agent_id);
    return [...s].sort((a, b) => a - b);
  }, [list.rows]);
  const openSummary = useMemo(
    () => (openId === null ? undefined : list.rows.find((c) => c.conversation_id === openId)),
    [list.rows, openId],
  );

  // ── Library tabs: a search result opens with its turn marked; a triage group or bar filters the list.
  const [openRequest, setOpenRequest] = useState<OpenRequest | null>(null);
  const [libraryFilter, setLibraryFilter] = useState<Filter | null>(null);
  const openFromLibrary = useCallback((r: OpenRequest) => {
    setOpenRequest(r);
    setCursorId(r.conversationId);
    setOpenId(r.conversationId);
  }, []);
  // Until the list reads from the library (its onLibraryFilter), the filter maps onto the loaded list.
  const onLibraryFilter = useCallback((f: Filter) => {
    setLibraryFilter(f);
    const live = liveListFilter(f, statuses, zone);
    setFilters(live.filters);
    setAgentId(live.agentId);
  }, [statuses, zone]);
  const searchHit = openRequest !== null && openRequest.conversationId === openId ? openRequest : null;
  // ── end of library tabs

  const activate = useCallback((id: string) => {
    setCursorId(id);
    setOpenId(id);
  }, []);

  const onSort = useCallback(
    (key: SortKey) =>
      setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "desc" })),
    [],
  );

  // Keyboard: ↑/↓ or J/K move the cursor, Enter opens it, / focuses the search.
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const cursorRef = useRef(cursorId);
  cursorRef.current = cursorId;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = listShortcut(e);
      if (!action) return;
      if (action.kind === "focus_search") {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (action.kind === "open") {
        // Enter on a focused button keeps its own meaning.
        if (e.target instanceof HTMLButtonElement || e.target instanceof HTMLAnchorElement) return;
        if (cursorRef.current) {
          e.preventDefault();
          setOpenId(cursorRef.current);
        }
        return;
      }
      e.preventDefault();
      const next = moveCursor(shownRef.current, cursorRef.current, action.delta);
      if (next !== null) setCursorId(next);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  return (
    <div className="workspace">
      <section className="list-pane" aria-label="Conversation list">
        <LibraryPane account={account} accounts={accounts} onOpen={openFromLibrary} onSwitchAccount={onSwitchAccount} onFilter={onLibraryFilter} callsFilter={libraryFilter}>
        <ListToolbar
          total={list.total}
          loaded={list.rows.length}
          hasMore={list.hasMore}
          shown={shown.length}
          filtersActive={filtersActive}
          loadAll={list.loadAll}
          loadAllWarning={list.loadAllWarning}
          filters={filters}
          statusOptions={statuses}
          agentId={agentId}
          knownAgents={knownAgents}
          searchRef={searchRef}
          onFilters={setFilters}
          onAgent={setAgentId}
          onLoadAll={list.startLoadAll}
          onCancelLoadAll={list.cancelLoadAll}
          onRefresh={list.refresh}
        />
        {list.error && (
          <ErrorNotice
            className="list-pane__error"
            error={list.error}
            title={list.error.kind === "auth" ? `The key for “${account.name}” was rejected` : undefined}
            onRetry={list.retry}
            onUpdateKey={onUpdateKey}
          />
        )}
        {list.initialLoading && list.rows.length === 0 && !list.error ? (
          <div className="list-placeholder muted">Loading calls…</div>
        ) : !list.initialLoading && list.rows.length === 0 && !list.error ? (
          <div className="list-placeholder muted">No calls{agentId !== null ? ` for agent ${agentId}` : ""} yet.</div>
        ) : (
          <ConversationList
            rows={shown}
            zone={zone}
            cursorId={cursorId}
            openId={openId}
            sort={sort}
            loadingPage={list.loadingPage}
            hasMore={list.hasMore && !list.loadAll && !list.error}
            onSort={onSort}
            onActivate={activate}
            onRangeChange={filtersActive ? ignoreRange : list.onRangeChange}
            onLoadMore={list.loadMore}
          />
        )}
        </LibraryPane>
      </section>
      <section className="detail-pane" aria-label="Selected call">
        {openId !== null ? (
          <CallView key={openId} conversationId={openId} summary={openSummary} highlightTurn={searchHit?.turnIndex} startAtSecs={searchHit?.startAtSecs} />
        ) : (
          <div className="detail-empty muted">
            <p>Select a call to see its transcript, results and recording.</p>
            <p className="detail-empty__keys">
              <kbd>↑</kbd> <kbd>↓</kbd> or <kbd>J</kbd> <kbd>K</kbd> to move, <kbd>Enter</kbd> to open, <kbd>/</kbd> to
              search
            </p>
          </div>
        )}
      </section>
    </div>
  );
}
