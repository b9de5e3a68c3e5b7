// The library list's filters and sorts by the figures of each call's analysis ("reply p90 over
// N s", "has interruptions", slowest replies or most interruptions first), run in the store;
// and which calls the app analyses by itself. Calls not analysed yet match neither filter and
// sort last.
import { useEffect, useId, useMemo, useState } from "react";
import type { Filter } from "../../bindings/Filter";
import type { Sort } from "../../bindings/Sort";
import type { SortColumn } from "../../bindings/SortColumn";
import { backgroundAnalysis, setBackgroundAnalysis, type BackgroundAnalysis } from "../../ipc/backgroundAnalysis";
import { toAppError } from "../../ipc/core";
import "./figures.css";

export interface FigureFilterValue {
  /** Seconds; null: no latency filter. */
  latencyAbove: number | null;
  interrupted: boolean;
}

/** The figure filters of one list, and their part of the store's filter. */
export function useFigureFilter() {
  const [value, setValue] = useState<FigureFilterValue>({ latencyAbove: null, interrupted: false });
  const filter = useMemo<Pick<Filter, "latency_p90_above_s" | "has_interruptions">>(
    () => ({ latency_p90_above_s: value.latencyAbove, has_interruptions: value.interrupted ? true : null }),
    [value],
  );
  return { value, setValue, filter };
}

/** "2.5" → 2.5; empty → null (no filter); anything else → undefined (not a number of seconds). */
export function parseSeconds(text: string): number | null | undefined {
  const t = text.trim().replace(",", ".");
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const SORTS: { column: SortColumn; label: string }[] = [
  { column: "latency_p90", label: "Slowest replies" },
  { column: "interruptions", label: "Most interruptions" },
];

export interface FigureFiltersProps {
  value: FigureFilterValue;
  onChange: (value: FigureFilterValue) => void;
  sort: Sort;
  onSort: (column: SortColumn) => void;
}

export function FigureFilters({ value, onChange, sort, onSort }: FigureFiltersProps) {
  const id = useId();
  const [latencyText, setLatencyText] = useState(value.latencyAbove === null ? "" : String(value.latencyAbove));
  const parsed = parseSeconds(latencyText);
  return (
    <div className="figure-filters" role="group" aria-label="Call analysis filters">
      <label htmlFor={`${id}-p90`}>Reply p90 over</label>
      <input
        id={`${id}-p90`}
        type="number"
        min={0}
        step={0.5}
        inputMode="decimal"
        placeholder="s"
        value={latencyText}
        aria-invalid={parsed === undefined}
        aria-describedby={`${id}-p90-unit`}
        onChange={(e) => {
          setLatencyText(e.target.value);
          const next = parseSeconds(e.target.value);
          if (next !== undefined) onChange({ ...value, latencyAbove: next });
        }}
      />
      <span id={`${id}-p90-unit`}>s</span>
      <label>
        <input type="checkbox" checked={value.interrupted} onChange={(e) => onChange({ ...value, interrupted: e.target.checked })} />{" "}
        Has interruptions
      </label>
      {SORTS.map(({ column, label }) => (
        <button
          key={column}
          type="button"
          className="btn btn--small btn--ghost figure-filters__sort"
          aria-pressed={sort.column === column}
          onClick={() => onSort(column)}
        >
          {label}
          {sort.column === column ? (sort.descending ? " ▼" : " ▲") : ""}
        </button>
      ))}
      <BackgroundAnalysisChoice />
    </div>
  );
}

/** The app's setting: analyse only opened calls, or every downloaded recording in the background. */
function BackgroundAnalysisChoice() {
  const id = useId();
  const [mode, setMode] = useState<BackgroundAnalysis | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    backgroundAnalysis().then(
      (m) => live && setMode(m),
      (e: unknown) => live && setProblem(toAppError(e).message),
    );
    return () => {
      live = false;
    };
  }, []);
  const choose = (next: BackgroundAnalysis) => {
    const before = mode;
    setMode(next);
    setProblem(null);
    setBackgroundAnalysis(next).catch((e: unknown) => {
      setMode(before);
      setProblem(toAppError(e).message);
    });
  };
  return (
    <span className="figure-filters__setting">
      <label htmlFor={`${id}-mode`}>Analyse</label>{" "}
      <select
        id={`${id}-mode`}
        value={mode ?? "opened_calls"}
        disabled={mode === null}
        onChange={(e) => choose(e.target.value as BackgroundAnalysis)}
      >
        <option value="opened_calls">only calls I open</option>
        <option value="all_downloaded" title="All synced calls whose recordings are downloaded, one at a time in the background; paused with the sync">
          all downloaded recordings
        </option>
      </select>
      {problem && (
        <span role="alert" className="figure-filters__problem">
          {" "}
          {problem}
        </span>
      )}
    </span>
  );
}
