// Triage: the account's calls in a date range, optionally one status category, grouped by what
// the user picks, over a chart of calls per day or hour. A group or a bar filters the list.
// "Failed calls by reason this week" is two clicks: This week, then Failed (one category
// grouped by category would be a single row, so it groups failed calls by reason and the
// others by status). Triage starts at all time: a library synced a while ago is not empty.
import { useEffect, useMemo, useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import {
  libraryTimeline,
  libraryTriage,
  type Filter,
  type TimelineBucket,
  type TimelinePoint,
  type TriageBy,
  type TriageGroup,
} from "../../ipc/libraryQuery";
import type { AccountView } from "../../ipc/types";
import { useTimeZone } from "../../state/timeZone";
import { EMPTY_FILTER } from "../../lib/libraryFilter";
import { bucketFilter, DATE_RANGES, groupFilter, rangeFilter, utcOffsetMinutes, type DateRange } from "./filters";
import { CATEGORIES, CATEGORY_LABELS } from "../../lib/statusLabels";
import { callsText } from "./labels";
import { Segmented } from "./Segmented";
import { useRemembered } from "./session";
import { TimelineChart } from "./TimelineChart";
import { ResponseLatency } from "./ResponseLatency";
import { TriageGroups } from "./TriageGroups";
import { useAnswer } from "./useAnswer";
import type { LibrarySelection } from "./selection";

const GROUPINGS: { value: TriageBy; label: string }[] = [
  { value: "category", label: "Category" },
  { value: "status", label: "Status" },
  { value: "reason", label: "Reason" },
  { value: "agent", label: "Agent" },
  { value: "day", label: "Day" },
  { value: "hour", label: "Hour" },
];

const SCOPES: { value: string; label: string }[] = [
  { value: "", label: "All" },
  ...CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] })),
];

/** Hours for a single day (or when grouping by hour within a week); days otherwise. */
export function chartBucket(range: DateRange, by: TriageBy): TimelineBucket {
  return range === "today" || (by === "hour" && range === "week") ? "hour" : "day";
}

export function TriageView(props: {
  account: AccountView;
  onFilter: (filter: Filter) => void;
  onSelection: (selection: LibrarySelection) => void;
}) {
  const { account, onFilter, onSelection } = props;
  const { zone } = useTimeZone();
  const [by, setBy] = useRemembered("triageBy");
  const [range, setRangeRemembered] = useRemembered("triageRange");
  const [category, setCategory] = useRemembered("triageCategory");
  // "Today" and "this week" are read when the range is picked, not on every render.
  const [nowMs, setNowMs] = useState(() => Date.now());
  const setRange = (r: DateRange) => {
    setNowMs(Date.now());
    setRangeRemembered(r);
  };
  const offset = utcOffsetMinutes(zone, nowMs);
  const base = useMemo(
    () => rangeFilter(range, zone, nowMs, { ...EMPTY_FILTER, categories: category === "" ? [] : [category] }),
    [range, zone, nowMs, category],
  );
  const bucket = chartBucket(range, by);
  const accountIds = useMemo(() => [account.id], [account.id]);
  const baseKey = JSON.stringify(base);
  const triage = useAnswer(`${account.id}|${by}|${baseKey}|${offset}`, () => libraryTriage(accountIds, by, base, offset));
  const timeline = useAnswer(`${account.id}|${bucket}|${baseKey}|${offset}`, () =>
    libraryTimeline(accountIds, bucket, base, offset),
  );

  const rangeLabel = DATE_RANGES.find((r) => r.range === range)?.label.toLowerCase() ?? "";
  const scopeLabel = category === "" ? "" : (SCOPES.find((s) => s.value === category)?.label.toLowerCase() ?? category);
  const description = `${scopeLabel === "" ? "calls" : `${scopeLabel} calls`}, ${rangeLabel}`;
  useEffect(() => {
    onSelection({ accountIds, filter: base, description });
  }, [onSelection, accountIds, base, description]);

  const chooseCategory = (next: string) => {
    setCategory(next);
    if (next !== "" && by === "category") setBy(next === "failed" ? "reason" : "status");
  };
  const openGroup = (group: TriageGroup) => onFilter(groupFilter(by, group, base));
  const openBar = (point: TimelinePoint) => onFilter(bucketFilter(point.start_ms, timeline.value?.bucket ?? bucket, base));

  return (
    <div className="library-view triage-view">
      <div className="library-view__controls library-view__controls--stack">
        <Segmented
          label="Date range"
          options={DATE_RANGES.map((r) => ({ value: r.range, label: r.label }))}
          value={range}
          onChange={setRange}
        />
        <Segmented label="Calls" options={SCOPES} value={category} onChange={chooseCategory} />
        <label className="library-choice">
          <span className="library-choice__label">Group by</span>
          <select
            className="filter-input"
            aria-label="Group by"
            value={by}
            onChange={(e) => setBy(e.target.value as TriageBy)}
          >
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="library-view__summary" aria-live="polite">
        {triage.value && (
          <span className="toolbar__count" data-testid="triage-total">
            {callsText(triage.value.total)}
          </span>
        )}
        <span className="muted">
          {scopeLabel === "" ? "" : `${scopeLabel}, `}
          {rangeLabel} · click a group or a bar to list its calls
        </span>
      </div>
      {timeline.error && <ErrorNotice error={timeline.error} title="Couldn't draw the calls over time" onRetry={timeline.retry} />}
      {timeline.value && (
        <TimelineChart points={timeline.value.points} bucket={timeline.value.bucket} zone={zone} onBar={openBar} />
      )}
      {triage.error && <ErrorNotice error={triage.error} title="Couldn't count the calls" onRetry={triage.retry} />}
      {triage.value && triage.value.by === by && <TriageGroups triage={triage.value} zone={zone} onGroup={openGroup} />}
      <ResponseLatency accountIds={accountIds} base={base} utcOffsetMinutes={offset} onFilter={onFilter} />
    </div>
  );
}
