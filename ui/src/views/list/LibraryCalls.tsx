// The list read from the library: every filter and sort runs in the store, and only windows of
// rows around the visible range are fetched (useLibraryList), so 1,000,000 calls scroll like 100.
import { useCallback, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useDebounced } from "../../hooks/useDebounced";
import { listLibrary, type CallRow, type Filter, type LibraryAccountStatus } from "../../ipc/library";
import { EMPTY_FILTER, LIST_COLUMNS, combineFilters, isEmptyFilter, toolbarFilter } from "../../lib/libraryFilter";
import { hasActiveFilters } from "../../lib/listFilter";
import { formatCount, type TimeZoneChoice } from "../../lib/time";
import { useLibraryList } from "../../state/useLibraryList";
import { useLibraryStatuses } from "../../state/useLibraryStatuses";
import type { CallsListState, OpenCall } from "./callsListState";
import { BulkExportDialog } from "../library/BulkExportDialog";
import type { LibrarySelection } from "../library/selection";
import { ConversationList, type RowSelection } from "./ConversationList";
import { FigureFilters, useFigureFilter } from "./FigureFilters";
import type { RowIds } from "./cursor";
import { ListToolbar, totalText } from "./ListToolbar";
import { rowOfCallRow, summaryOfCallRow, type ListRowData } from "./rowData";
import { toPicked, type ListSelection } from "./listSelection";
import { SelectionBar } from "./SelectionBar";
import { useListNavigation } from "./useListNavigation";
import { useListSelection } from "./useListSelection";

/** Typing in the search box asks the store once the keys pause. */
const TEXT_DEBOUNCE_MS = 150;
const ALL_COLUMNS = LIST_COLUMNS.map((c) => c.column);

export interface LibraryCallsProps {
  accountId: string;
  library: LibraryAccountStatus;
  state: CallsListState;
  /** A filter set from outside the list (triage, search); the toolbar's narrows it further. */
  outsideFilter: Filter;
  zone: TimeZoneChoice;
  openId: string | null;
  onOpen: OpenCall;
  searchRef: RefObject<HTMLInputElement | null>;
  syncStatus: ReactNode;
}

export function LibraryCalls(props: LibraryCallsProps) {
  const { accountId, library, state, outsideFilter, zone, openId, onOpen, searchRef } = props;
  const { filters, agentId, sort, cursorId } = state;
  const text = useDebounced(filters.text, TEXT_DEBOUNCE_MS);
  const figures = useFigureFilter();
  const filter = useMemo(
    () => combineFilters(outsideFilter, { ...toolbarFilter({ ...filters, text }, agentId, zone), ...figures.filter }),
    [outsideFilter, filters, text, agentId, zone, figures.filter],
  );
  // New content (a sync stored calls) asks the same query again.
  const dataVersion = `${library.calls}/${library.with_details}/${library.last_synced_ms ?? ""}`;
  const list = useLibraryList(accountId, filter, sort, dataVersion);

  // One ListRowData per fetched row, so rows that did not change are not re-rendered.
  const rowData = useRef(new WeakMap<CallRow, ListRowData>());
  const rowAt = useCallback(
    (i: number) => {
      const row = list.rowAt(i);
      if (!row) return undefined;
      let data = rowData.current.get(row);
      if (!data) {
        data = rowOfCallRow(row);
        rowData.current.set(row, data);
      }
      return data;
    },
    [list],
  );
  const count = list.total ?? 0;
  const ids = useMemo<RowIds>(() => ({ count, idAt: (i) => list.rowAt(i)?.conversation_id, indexOf: list.indexOf }), [count, list]);

  const open = useCallback(
    (id: string) => {
      const row = list.rowAt(list.indexOf(id));
      onOpen(id, row ? summaryOfCallRow(row) : undefined);
    },
    [list, onOpen],
  );
  const activate = useListNavigation({ ids, cursorId, onCursor: state.onCursor, onOpen: open, searchRef });

  // The multi-selection: ids (or "all but these"), kept while windows come and go.
  const barRef = useRef<HTMLDivElement>(null);
  const fetchIds = useCallback(
    (offset: number, limit: number) =>
      listLibrary(accountId, filter, sort, offset, limit).then((w) => w.rows.map((r) => r.conversation_id)),
    [accountId, filter, sort],
  );
  const selection = useListSelection({
    queryKey: JSON.stringify([accountId, filter]),
    rows: ids,
    cursorId,
    onCursor: state.onCursor,
    fetchIds,
    shownRef: barRef,
  });
  const rowSelection = useMemo<RowSelection>(
    () => ({ isSelected: selection.isSelected, onClick: selection.onRowClick }),
    [selection.isSelected, selection.onRowClick],
  );
  const [exporting, setExporting] = useState<LibrarySelection | null>(null);
  const exportSelection = () => setExporting(exportOf(selection.selection, selection.count, accountId, filter));

  const filtered = !isEmptyFilter(filter);
  const statuses = useLibraryStatuses(accountId, dataVersion);
  const knownAgents = useMemo(() => (agentId === null ? [] : [agentId]), [agentId]);

  return (
    <>
      <ListToolbar
        count={totalText(library.calls, library.calls, false)}
        matches={filtered && list.total !== null ? `${formatCount(list.total)} of ${formatCount(library.calls)}` : null}
        actions={props.syncStatus}
        filtersActive={hasActiveFilters(filters)}
        state={state}
        statusOptions={statuses}
        knownAgents={knownAgents}
        agentTitle="Agent id (press Enter)"
        searchPlaceholder="Search number, id or words  ( / )"
        searchRef={searchRef}
      />
      <FigureFilters value={figures.value} onChange={figures.setValue} sort={sort} onSort={state.onSort} />
      {list.error && (
        <ErrorNotice
          className="list-pane__error"
          error={list.error}
          // Input the store cannot search for ("+") says so in its own words.
          title={list.error.kind === "invalid_input" ? undefined : "Could not read the library"}
          onRetry={list.retry}
        />
      )}
      <SelectionBar
        count={selection.count}
        all={selection.selection.kind === "all"}
        notice={selection.notice}
        onExport={exportSelection}
        onClear={selection.clear}
        barRef={barRef}
      />
      {exporting && <BulkExportDialog selection={exporting} onClose={() => setExporting(null)} />}
      {list.total === null && !list.error ? (
        <div className="list-placeholder muted">Loading calls…</div>
      ) : list.total === 0 ? (
        <div className="list-placeholder muted" data-testid="library-empty">
          {filtered ? "No calls match these filters." : "No calls in the library yet."}
        </div>
      ) : (
        <ConversationList
          count={count}
          rowAt={rowAt}
          zone={zone}
          cursorId={cursorId}
          cursorIndex={cursorId === null ? -1 : list.indexOf(cursorId)}
          openId={openId}
          sort={sort}
          sortable={ALL_COLUMNS}
          queryKey={JSON.stringify([filter, sort])}
          footer={count > 0 ? <span className="muted">End of list</span> : null}
          onSort={state.onSort}
          onActivate={activate}
          onRange={list.onRange}
          selection={rowSelection}
          withFigures
        />
      )}
    </>
  );
}

/** What "Export…" of the selection exports: the ticked calls whatever the filter now says, or
 * the filter's calls but the unticked ones. */
function exportOf(selection: ListSelection, count: number, accountId: string, filter: Filter): LibrarySelection {
  const n = formatCount(count);
  if (selection.kind === "some") {
    return {
      accountIds: [accountId],
      filter: EMPTY_FILTER,
      picked: toPicked(selection),
      description: count === 1 ? "the selected call" : `the ${n} selected calls`,
    };
  }
  const left = selection.except.size;
  const what = isEmptyFilter(filter) ? "of the library" : "that match the list's filters";
  return {
    accountIds: [accountId],
    filter,
    picked: toPicked(selection),
    description: left === 0 ? `all ${n} calls ${what}` : `all ${n} calls ${what}, but the ${formatCount(left)} unticked`,
  };
}
