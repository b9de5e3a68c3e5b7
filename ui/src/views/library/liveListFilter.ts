// The bridge from a library `Filter` (a triage group or a chart bar) to the filters of the list
// as it works today, over the calls it has loaded: statuses, categories (as the loaded statuses
// of that category), days and one agent. A failure reason has no counterpart there. The list
// that reads from the library takes the `Filter` itself and makes this bridge unnecessary.
import type { Filter } from "../../ipc/libraryQuery";
import { EMPTY_FILTERS, type ListFilters, type StatusOption } from "../../lib/listFilter";
import { formatInstant, type TimeZoneChoice } from "../../lib/time";

export interface LiveListFilter {
  filters: ListFilters;
  agentId: number | null;
}

function day(ms: number | null, zone: TimeZoneChoice): string {
  return ms === null ? "" : formatInstant(ms, zone).slice(0, 10);
}

export function liveListFilter(filter: Filter, statuses: readonly StatusOption[], zone: TimeZoneChoice): LiveListFilter {
  const byCategory = statuses.filter((s) => filter.categories.includes(s.category)).map((s) => s.code);
  return {
    filters: {
      ...EMPTY_FILTERS,
      statusCodes: [...new Set([...filter.statuses, ...byCategory])],
      fromDate: day(filter.from_ms, zone),
      toDate: day(filter.to_ms, zone),
      minDurationSecs: filter.min_duration_s,
      maxDurationSecs: filter.max_duration_s,
    },
    agentId: filter.agent_ids[0] ?? null,
  };
}
