// The virtualised conversation list. Only the visible rows are in the DOM, so 10,000 loaded calls
// (or a library window over 1,000,000) scroll as smoothly as 100; the visible range drives paging.
// Past about half a million rows the scroll area is drawn shorter than the list (scaledScroll.ts).
// Rows come from `rowAt`: a row not fetched yet is drawn as a placeholder.
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useMemo, useRef, type ReactNode } from "react";
import type { Sort } from "../../bindings/Sort";
import type { SortColumn } from "../../bindings/SortColumn";
import { StatusBadge } from "../../components/StatusBadge";
import { CallFiguresBadge } from "./CallFiguresBadge";
import { LIST_COLUMNS } from "../../lib/libraryFilter";
import { formatDuration, formatInstant, type TimeZoneChoice } from "../../lib/time";
import type { ListRowData } from "./rowData";
import { drawnHeight, drawnStart, scaledScrollHooks, scrollFactor } from "./scaledScroll";
import type { SelectClick } from "./useListSelection";

export const ROW_HEIGHT = 32;

export interface ConversationListProps {
  count: number;
  /** A new function whenever the rows behind it changed (a window arrived). */
  rowAt: (index: number) => ListRowData | undefined;
  zone: TimeZoneChoice;
  cursorId: string | null;
  /** The cursor's row position, -1 when none (kept in view). */
  cursorIndex: number;
  openId: string | null;
  sort: Sort;
  /** The columns a header click sorts by. */
  sortable: readonly SortColumn[];
  /** A new query: the list scrolls back to its top. */
  queryKey: string;
  footer: ReactNode;
  onSort: (column: SortColumn) => void;
  onActivate: (id: string) => void;
  onRange: (firstVisible: number, lastVisible: number) => void;
  /** A column of each call's analysis figures (the library's rows have them). */
  withFigures?: boolean;
  /** Rows with a checkbox, and clicks with Ctrl/Cmd or Shift that select (the library's list). */
  selection?: RowSelection;
}

export interface RowSelection {
  isSelected: (id: string) => boolean;
  /** True when the click changed the selection: the row then does not open. */
  onClick: (id: string, index: number, how: SelectClick) => boolean;
}

const Row = memo(function Row({
  c,
  index,
  zone,
  cursor,
  open,
  checked,
  tabStop,
  onActivate,
  onSelect,
}: {
  c: ListRowData;
  index: number;
  zone: TimeZoneChoice;
  cursor: boolean;
  open: boolean;
  /** Whether its checkbox is ticked; null: the list has no checkboxes. */
  checked: boolean | null;
  /** Its checkbox is where Tab enters the list (one stop for the list, not one per row). */
  tabStop: boolean;
  onActivate: (id: string) => void;
  onSelect: RowSelection["onClick"] | undefined;
}) {
  const time = formatInstant(c.startMs, zone);
  return (
    <div
      role="row"
      aria-selected={cursor}
      data-id={c.id}
      className={`list-row ${cursor ? "is-cursor" : ""} ${open ? "is-open" : ""} ${checked ? "is-checked" : ""}`}
      // Shift+click selects rows, not the text between two clicks.
      onMouseDown={(e) => e.shiftKey && onSelect && e.preventDefault()}
      onClick={(e) => {
        const how = { toggle: e.ctrlKey || e.metaKey, range: e.shiftKey, checkbox: false };
        if (!onSelect?.(c.id, index, how)) onActivate(c.id);
      }}
    >
      {checked !== null && (
        <span role="gridcell" className="col-check">
          <input
            type="checkbox"
            checked={checked}
            readOnly
            tabIndex={tabStop ? 0 : -1}
            aria-label={`Select the call ${c.contact ?? c.id} of ${time}`}
            onClick={(e) => {
              e.stopPropagation();
              onSelect?.(c.id, index, { toggle: false, range: e.shiftKey, checkbox: true });
            }}
          />
        </span>
      )}
      <span role="gridcell" className="col-time">
        {time}
      </span>
      <span role="gridcell" className="col-contact">
        {c.contact ?? "—"}
      </span>
      <span role="gridcell" className="col-agent">
        {c.agentId ?? "—"}
      </span>
      <span role="gridcell" className="col-status">
        <StatusBadge status={c.status} />
      </span>
      <span role="gridcell" className="col-duration">
        {formatDuration(c.durationSecs)}
      </span>
      {c.figures !== undefined && (
        <span role="gridcell" className="col-figures">
          <CallFiguresBadge figures={c.figures} />
        </span>
      )}
    </div>
  );
});

function ListHeader({
  sort,
  sortable,
  onSort,
  selectable,
  withFigures,
}: Pick<ConversationListProps, "sort" | "sortable" | "onSort" | "withFigures"> & { selectable: boolean }) {
  return (
    <div className="list-header" role="row">
      {selectable && (
        <span role="columnheader" className="col-check" aria-label="Selected" />
      )}
      {LIST_COLUMNS.map(({ label, column, className }) => {
        if (!sortable.includes(column)) {
          return (
            <span key={column} role="columnheader" className={className}>
              {label}
            </span>
          );
        }
        const on = sort.column === column;
        return (
          <span
            key={column}
            role="columnheader"
            className={className}
            aria-sort={on ? (sort.descending ? "descending" : "ascending") : "none"}
          >
            <button type="button" className="list-header__sort" onClick={() => onSort(column)}>
              {label}
              <span aria-hidden="true" className="list-header__arrow">
                {on ? (sort.descending ? "▼" : "▲") : ""}
              </span>
            </button>
          </span>
        );
      })}
      {withFigures && (
        <span role="columnheader" className="col-figures" title="Reply p90 and interruptions, from the analysis of the recording">
          Reply p90
        </span>
      )}
    </div>
  );
}

export function ConversationList(props: ConversationListProps) {
  const { count, rowAt, zone, cursorId, cursorIndex, openId, queryKey, footer, onActivate, onRange, selection } = props;
  const scroller = useRef<HTMLDivElement>(null);
  // List pixels per scrolled pixel: 1 up to about half a million rows (see scaledScroll.ts).
  const factor = useRef(1);
  const scrollHooks = useMemo(() => scaledScrollHooks(() => factor.current), []);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    ...scrollHooks,
  });
  const totalPx = virtualizer.getTotalSize();
  factor.current = scrollFactor(totalPx, virtualizer.scrollRect?.height ?? 0);
  const offsetPx = virtualizer.scrollOffset ?? 0;
  const items = virtualizer.getVirtualItems();
  const firstVisible = items[0]?.index ?? 0;
  const lastVisible = items.length > 0 ? (items[items.length - 1]?.index ?? -1) : -1;

  useEffect(() => {
    onRange(firstVisible, lastVisible);
  }, [firstVisible, lastVisible, count, onRange]);

  // A new filter or sort starts at the top.
  const firstQuery = useRef(true);
  useEffect(() => {
    if (firstQuery.current) {
      firstQuery.current = false;
      return;
    }
    virtualizer.scrollToOffset(0);
  }, [queryKey, virtualizer]);

  // Keep the keyboard cursor in view.
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: "auto" });
  }, [cursorIndex, virtualizer]);

  return (
    <div
      className={`list${selection ? " list--selectable" : ""}${props.withFigures ? " list--figures" : ""}`}
      role="grid"
      aria-rowcount={count}
      aria-label="Conversations"
    >
      <ListHeader
        sort={props.sort}
        sortable={props.sortable}
        onSort={props.onSort}
        selectable={selection !== undefined}
        withFigures={props.withFigures}
      />
      <div className="list-body" ref={scroller} data-testid="list-scroller">
        <div className="list-body__inner" style={{ height: drawnHeight(totalPx) }}>
          {items.map((item) => {
            const c = rowAt(item.index);
            return (
              <div
                key={c?.id ?? `pending-${item.index}`}
                className="list-body__slot"
                style={{ transform: `translateY(${drawnStart(item.start, offsetPx, factor.current)}px)`, height: ROW_HEIGHT }}
              >
                {c ? (
                  <Row
                    c={c}
                    index={item.index}
                    zone={zone}
                    cursor={c.id === cursorId}
                    open={c.id === openId}
                    checked={selection ? selection.isSelected(c.id) : null}
                    tabStop={cursorIndex >= 0 ? c.id === cursorId : item.index === firstVisible}
                    onActivate={onActivate}
                    onSelect={selection?.onClick}
                  />
                ) : (
                  <div className="list-row-pending" aria-hidden="true" />
                )}
              </div>
            );
          })}
        </div>
        <div className="list-footer">{footer}</div>
      </div>
    </div>
  );
}
