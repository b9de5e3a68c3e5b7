// The virtualised conversation list. Only the visible rows are in the DOM, so 10,000 loaded calls
// scroll as smoothly as 100; the visible range drives paging.
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useEffect, useRef } from "react";
import { StatusBadge } from "../../components/StatusBadge";
import type { Conversation } from "../../ipc/types";
import type { SortKey, SortOrder } from "../../lib/listFilter";
import { formatDuration, formatInstant, type TimeZoneChoice } from "../../lib/time";

export const ROW_HEIGHT = 32;

export interface ConversationListProps {
  rows: Conversation[];
  zone: TimeZoneChoice;
  cursorId: string | null;
  openId: string | null;
  sort: SortOrder;
  loadingPage: boolean;
  hasMore: boolean;
  onSort: (key: SortKey) => void;
  onActivate: (id: string) => void;
  onRangeChange: (lastVisible: number, shownCount: number) => void;
  onLoadMore: () => void;
}

const Row = memo(function Row({
  c,
  zone,
  cursor,
  open,
  onActivate,
}: {
  c: Conversation;
  zone: TimeZoneChoice;
  cursor: boolean;
  open: boolean;
  onActivate: (id: string) => void;
}) {
  return (
    <div
      role="row"
      aria-selected={cursor}
      data-id={c.conversation_id}
      className={`list-row ${cursor ? "is-cursor" : ""} ${open ? "is-open" : ""}`}
      onClick={() => onActivate(c.conversation_id)}
    >
      <span role="gridcell" className="col-time">
        {formatInstant(c.start_ms, zone)}
      </span>
      <span role="gridcell" className="col-contact">
        {c.contact_number ?? "—"}
      </span>
      <span role="gridcell" className="col-agent">
        {c.agent_id ?? "—"}
      </span>
      <span role="gridcell" className="col-status">
        <StatusBadge status={c.status} />
      </span>
      <span role="gridcell" className="col-duration">
        {formatDuration(c.duration_seconds)}
      </span>
    </div>
  );
});

function SortHeader({ label, k, sort, onSort, className }: { label: string; k: SortKey; sort: SortOrder; onSort: (k: SortKey) => void; className: string }) {
  const on = sort.key === k;
  return (
    <span role="columnheader" className={className} aria-sort={on ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="list-header__sort" onClick={() => onSort(k)}>
        {label}
        <span aria-hidden="true" className="list-header__arrow">
          {on ? (sort.dir === "asc" ? "▲" : "▼") : ""}
        </span>
      </button>
    </span>
  );
}

export function ConversationList(props: ConversationListProps) {
  const { rows, zone, cursorId, openId, sort, loadingPage, hasMore, onSort, onActivate, onRangeChange, onLoadMore } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.length > 0 ? (items[items.length - 1]?.index ?? -1) : -1;

  useEffect(() => {
    onRangeChange(lastVisible, rows.length);
  }, [lastVisible, rows.length, onRangeChange]);

  // Keep the keyboard cursor in view.
  const cursorIndex = cursorId === null ? -1 : rows.findIndex((c) => c.conversation_id === cursorId);
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: "auto" });
  }, [cursorIndex, virtualizer]);

  return (
    <div className="list" role="grid" aria-rowcount={rows.length} aria-label="Conversations">
      <div className="list-header" role="row">
        <SortHeader label="Start" k="time" sort={sort} onSort={onSort} className="col-time" />
        <span role="columnheader" className="col-contact">
          Contact
        </span>
        <span role="columnheader" className="col-agent">
          Agent
        </span>
        <span role="columnheader" className="col-status">
          Status
        </span>
        <SortHeader label="Duration" k="duration" sort={sort} onSort={onSort} className="col-duration" />
      </div>
      <div className="list-body" ref={scroller} data-testid="list-scroller">
        <div className="list-body__inner" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const c = rows[item.index];
            if (!c) return null;
            return (
              <div
                key={c.conversation_id}
                className="list-body__slot"
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <Row
                  c={c}
                  zone={zone}
                  cursor={c.conversation_id === cursorId}
                  open={c.conversation_id === openId}
                  onActivate={onActivate}
                />
              </div>
            );
          })}
        </div>
        <div className="list-footer">
          {loadingPage ? (
            <span className="muted">Loading…</span>
          ) : hasMore ? (
            <button type="button" className="btn btn--small" onClick={onLoadMore}>
              Load more
            </button>
          ) : rows.length > 0 ? (
            <span className="muted">End of list</span>
          ) : null}
        </div>
      </div>
    </div>
  );
}
