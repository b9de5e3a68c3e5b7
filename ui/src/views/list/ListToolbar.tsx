// Counts, the source's actions (paging, or the library's sync status) and the list filters.
import { useEffect, useState, type ReactNode, type RefObject } from "react";
import type { ListFilters, StatusOption } from "../../lib/listFilter";
import { EMPTY_FILTERS, parseDurationInput } from "../../lib/listFilter";
import { formatCount } from "../../lib/time";
import type { LoadAllProgress } from "../../state/useConversationList";
import type { CallsListState } from "./callsListState";
import { StatusFilter } from "./StatusFilter";

export interface ListToolbarProps {
  /** "1,234 calls". */
  count: string;
  /** "37 of 9,880" while filters are on, else null. */
  matches: string | null;
  /** What the list's source offers here: paging (live) or the sync's status (library). */
  actions: ReactNode;
  filtersActive: boolean;
  /** The filters and agent shown and changed here. */
  state: Pick<CallsListState, "filters" | "onFilters" | "agentId" | "onAgent">;
  statusOptions: StatusOption[];
  knownAgents: number[];
  /** What the agent box filters on, for its tooltip. */
  agentTitle: string;
  searchPlaceholder: string;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** "1,234 calls", or "300+ calls" while the server has not said how many there are. */
export function totalText(total: number | null, loaded: number, hasMore: boolean): string {
  if (total !== null) return `${formatCount(total)} ${total === 1 ? "call" : "calls"}`;
  return `${formatCount(loaded)}${hasMore ? "+" : ""} ${loaded === 1 && !hasMore ? "call" : "calls"}`;
}

export function loadAllText(p: LoadAllProgress): string {
  if (p.cancelling) return "Cancelling…";
  return p.total !== null
    ? `Loading ${formatCount(p.loaded)} of ${formatCount(p.total)}…`
    : `Loading ${formatCount(p.loaded)}…`;
}

function DurationInput({ label, value, onChange }: { label: string; value: number | null; onChange: (v: number | null) => void }) {
  const [text, setText] = useState(value === null ? "" : String(value));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    if (value === null) setText("");
  }, [value]);
  return (
    <input
      className={`filter-input filter-input--narrow ${bad ? "is-invalid" : ""}`}
      aria-label={label}
      placeholder={label}
      title={`${label} (seconds or m:ss)`}
      value={text}
      aria-invalid={bad}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = parseDurationInput(e.target.value);
        setBad(parsed === undefined);
        if (parsed !== undefined) onChange(parsed);
      }}
    />
  );
}

export function ListToolbar(p: ListToolbarProps) {
  const [agentText, setAgentText] = useState(p.state.agentId === null ? "" : String(p.state.agentId));
  const applyAgent = () => {
    const v = agentText.trim();
    const id = v === "" ? null : Number(v);
    if (id !== null && (!Number.isInteger(id) || id < 0)) return;
    if (id !== p.state.agentId) p.state.onAgent(id);
  };
  const set = (patch: Partial<ListFilters>) => p.state.onFilters({ ...p.state.filters, ...patch });

  return (
    <div className="toolbar">
      <div className="toolbar__row">
        <span className="toolbar__count" data-testid="list-total">
          {p.count}
        </span>
        {p.matches !== null && (
          <span className="toolbar__matches" data-testid="match-count">
            {p.matches}
          </span>
        )}
        <span className="toolbar__spacer" />
        {p.actions}
      </div>
      <div className="toolbar__row toolbar__row--filters">
        <input
          ref={p.searchRef}
          type="search"
          className="filter-input filter-input--search"
          placeholder={p.searchPlaceholder}
          aria-label="Search number or id"
          value={p.state.filters.text}
          onChange={(e) => set({ text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === "Escape") (e.target as HTMLInputElement).blur();
          }}
        />
        <input
          className="filter-input filter-input--narrow"
          aria-label="Agent"
          placeholder="Agent"
          title={p.agentTitle}
          inputMode="numeric"
          list="known-agents"
          value={agentText}
          onChange={(e) => setAgentText(e.target.value)}
          onBlur={applyAgent}
          onKeyDown={(e) => {
            if (e.key === "Enter") applyAgent();
          }}
        />
        <datalist id="known-agents">
          {p.knownAgents.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <StatusFilter options={p.statusOptions} selected={p.state.filters.statusCodes} onChange={(statusCodes) => set({ statusCodes })} />
      </div>
      <div className="toolbar__row toolbar__row--filters">
        <label className="filter-label">
          From
          <input type="date" className="filter-input" aria-label="From date" value={p.state.filters.fromDate} onChange={(e) => set({ fromDate: e.target.value })} />
        </label>
        <label className="filter-label">
          To
          <input type="date" className="filter-input" aria-label="To date" value={p.state.filters.toDate} onChange={(e) => set({ toDate: e.target.value })} />
        </label>
        <DurationInput label="Min dur." value={p.state.filters.minDurationSecs} onChange={(v) => set({ minDurationSecs: v })} />
        <DurationInput label="Max dur." value={p.state.filters.maxDurationSecs} onChange={(v) => set({ maxDurationSecs: v })} />
        {p.filtersActive && (
          <button
            type="button"
            className="btn btn--small btn--ghost"
            onClick={() => p.state.onFilters(EMPTY_FILTERS)}
          >
            Clear filters
          </button>
        )}
      </div>
    </div>
  );
}
