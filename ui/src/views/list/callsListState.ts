// What the list keeps while its source changes (live → library once the first sync finishes):
// the toolbar's filters, the agent, the sort and the keyboard cursor.
import { useCallback, useState } from "react";
import type { Sort } from "../../bindings/Sort";
import type { SortColumn } from "../../bindings/SortColumn";
import type { Conversation } from "../../ipc/types";
import { DEFAULT_LIBRARY_SORT, nextSort } from "../../lib/libraryFilter";
import { EMPTY_FILTERS, type ListFilters } from "../../lib/listFilter";

export interface CallsListState {
  filters: ListFilters;
  onFilters: (f: ListFilters) => void;
  agentId: number | null;
  onAgent: (agentId: number | null) => void;
  sort: Sort;
  onSort: (column: SortColumn) => void;
  cursorId: string | null;
  onCursor: (id: string) => void;
}

/** Opens a call in the detail pane; `summary` paints it until the whole call is in. */
export type OpenCall = (id: string, summary: Conversation | undefined) => void;

export function useCallsListState(): CallsListState {
  const [filters, onFilters] = useState<ListFilters>(EMPTY_FILTERS);
  const [agentId, onAgent] = useState<number | null>(null);
  const [sort, setSort] = useState<Sort>(DEFAULT_LIBRARY_SORT);
  const [cursorId, setCursor] = useState<string | null>(null);
  const onSort = useCallback((column: SortColumn) => setSort((s) => nextSort(s, column)), []);
  const onCursor = useCallback((id: string) => setCursor(id), []);
  return { filters, onFilters, agentId, onAgent, sort, onSort, cursorId, onCursor };
}
