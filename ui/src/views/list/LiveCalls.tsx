// The list as before the library: the API's pages as the user scrolls, "load all", and the
// toolbar's filters and sort run over what is loaded.
import { useCallback, useDeferredValue, useEffect, useMemo, type ReactNode, type RefObject } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import type { AccountView } from "../../ipc/types";
import { LIVE_SORT_COLUMNS, liveSortOrder } from "../../lib/libraryFilter";
import { filterAndSort, hasActiveFilters, statusOptions } from "../../lib/listFilter";
import { rememberStatuses } from "../../lib/statusLabels";
import { formatCount, type TimeZoneChoice } from "../../lib/time";
import { useConversationList } from "../../state/useConversationList";
import type { CallsListState, OpenCall } from "./callsListState";
import { ConversationList } from "./ConversationList";
import { idsOf } from "./cursor";
import { ListToolbar, totalText } from "./ListToolbar";
import { LivePagingActions } from "./LivePagingActions";
import { rowOfConversation } from "./rowData";
import { useListNavigation } from "./useListNavigation";

export interface LiveCallsProps {
  account: AccountView;
  state: CallsListState;
  zone: TimeZoneChoice;
  openId: string | null;
  onOpen: OpenCall;
  onUpdateKey: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
  /** The library's sync status while its first sync runs. */
  syncStatus: ReactNode;
}

export function LiveCalls({ account, state, zone, openId, onOpen, onUpdateKey, searchRef, syncStatus }: LiveCallsProps) {
  const { filters, agentId, sort, cursorId } = state;
  const list = useConversationList(agentId);
  const order = useMemo(() => liveSortOrder(sort), [sort]);

  // Typing in the search box stays responsive while 10,000 rows are re-filtered behind it.
  const deferredFilters = useDeferredValue(filters);
  const shown = useMemo(() => filterAndSort(list.rows, deferredFilters, order, zone), [list.rows, deferredFilters, order, zone]);
  const shownRows = useMemo(() => shown.map(rowOfConversation), [shown]);
  const filtersActive = hasActiveFilters(deferredFilters);
  const statuses = useMemo(() => statusOptions(list.rows), [list.rows]);
  const knownAgents = useMemo(() => {
    const s = new Set<number>();
    for (const c of list.rows) if (c.agent_id !== null) s.add(c.agent_id);
    return [...s].sort((a, b) => a - b);
  }, [list.rows]);
  // The library's rows carry status codes only; their labels come from here.
  useEffect(() => rememberStatuses(list.rows.map((c) => c.status)), [list.rows]);

  const ids = useMemo(() => idsOf(shown), [shown]);
  const open = useCallback(
    (id: string) => onOpen(id, list.rows.find((c) => c.conversation_id === id)),
    [list.rows, onOpen],
  );
  const activate = useListNavigation({ ids, cursorId, onCursor: state.onCursor, onOpen: open, searchRef });

  // While local filters are on, scrolling does not fetch: the matches are counted over what is
  // loaded ("37 of 1,234 loaded"), and more comes only when asked for (Load more / Load all).
  const { onRangeChange } = list;
  const onRange = useCallback(
    (_first: number, last: number) => {
      if (!filtersActive) onRangeChange(last, shown.length);
    },
    [filtersActive, onRangeChange, shown.length],
  );
  const hasMore = list.hasMore && !list.loadAll && !list.error;

  return (
    <>
      <ListToolbar
        count={totalText(list.total, list.rows.length, list.hasMore)}
        matches={filtersActive ? `${formatCount(shown.length)} of ${formatCount(list.rows.length)} loaded` : null}
        actions={
          <>
            {syncStatus}
            <LivePagingActions list={list} />
          </>
        }
        filtersActive={filtersActive}
        state={state}
        statusOptions={statuses}
        knownAgents={knownAgents}
        agentTitle="Agent id (filters on the server; press Enter)"
        searchPlaceholder="Search number or id  ( / )"
        searchRef={searchRef}
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
          count={shownRows.length}
          rowAt={(i) => shownRows[i]}
          zone={zone}
          cursorId={cursorId}
          cursorIndex={cursorId === null ? -1 : ids.indexOf(cursorId)}
          openId={openId}
          sort={sort}
          sortable={LIVE_SORT_COLUMNS}
          queryKey="live"
          footer={
            list.loadingPage ? (
              <span className="muted">Loading…</span>
            ) : hasMore ? (
              <button type="button" className="btn btn--small" onClick={list.loadMore}>
                Load more
              </button>
            ) : shownRows.length > 0 ? (
              <span className="muted">End of list</span>
            ) : null
          }
          onSort={state.onSort}
          onActivate={activate}
          onRange={onRange}
        />
      )}
    </>
  );
}
