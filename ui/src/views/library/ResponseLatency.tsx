// Response latency across the analysed calls of the triage's range, per agent or per day: the
// median of the calls' p50 and the 90th percentile of their p90, each as a bar coloured as the
// waveform colours a gap — so a slower agent, or a slower day after a prompt change, stands out.
// A row lists its calls. Only calls with stored figures count (opened, or analysed in the
// background).
import { ErrorNotice } from "../../components/ErrorNotice";
import type { LatencyGroup } from "../../bindings/LatencyGroup";
import { libraryLatency, type Filter } from "../../ipc/libraryQuery";
import { responseTone } from "../call/analysis/marks";
import "../list/figures.css";
import { groupFilter } from "./filters";
import { Segmented } from "./Segmented";
import { useRemembered } from "./session";
import { useAnswer } from "./useAnswer";

const BY: { value: "agent" | "day"; label: string }[] = [
  { value: "agent", label: "Agent" },
  { value: "day", label: "Day" },
];

export function ResponseLatency(props: {
  accountIds: string[];
  base: Filter;
  utcOffsetMinutes: number;
  onFilter: (filter: Filter) => void;
}) {
  const { accountIds, base, utcOffsetMinutes, onFilter } = props;
  const [by, setBy] = useRemembered("latencyBy");
  const latency = useAnswer(`${accountIds.join(",")}|${by}|${JSON.stringify(base)}|${utcOffsetMinutes}`, () =>
    libraryLatency(accountIds, by, base, utcOffsetMinutes),
  );
  const groups = latency.value?.by === by ? latency.value.groups : [];
  const longest = Math.max(1, ...groups.map((g) => g.p90_s));
  return (
    <section className="response-latency" aria-label="Response latency">
      <div className="library-view__controls">
        <h3 className="response-latency__title">Response latency</h3>
        <Segmented label="Latency by" options={BY} value={by} onChange={setBy} />
      </div>
      {latency.error && <ErrorNotice error={latency.error} title="Couldn't measure response latency" onRetry={latency.retry} />}
      {latency.value && groups.length === 0 && (
        <p className="muted response-latency__empty">No analysed calls here yet: open calls, or have every downloaded recording analysed.</p>
      )}
      {groups.length > 0 && (
        <table className="response-latency__table">
          <thead>
            <tr>
              <th scope="col">{by === "agent" ? "Agent" : "Day"}</th>
              <th scope="col">Calls</th>
              <th scope="col">p50</th>
              <th scope="col">p90</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <LatencyRow key={g.key ?? ""} group={g} longest={longest} onOpen={() => onFilter(groupFilter(by, g, base))} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function LatencyRow({ group, longest, onOpen }: { group: LatencyGroup; longest: number; onOpen: () => void }) {
  const name = group.key ?? "(none)";
  return (
    <tr data-testid="latency-row">
      <th scope="row">
        <button type="button" className="btn btn--small btn--ghost" onClick={onOpen} aria-label={`List the calls of ${name}`}>
          {name}
        </button>
      </th>
      <td>{group.calls}</td>
      <LatencyCell seconds={group.p50_s} longest={longest} />
      <LatencyCell seconds={group.p90_s} longest={longest} />
    </tr>
  );
}

function LatencyCell({ seconds, longest }: { seconds: number; longest: number }) {
  return (
    <td className="response-latency__cell">
      <span
        className={`response-latency__bar call-figures__p90--${responseTone(seconds)}`}
        style={{ width: `${Math.round((seconds / longest) * 100)}%` }}
        aria-hidden="true"
      />
      <span className={`call-figures__p90--${responseTone(seconds)}`}>{seconds.toFixed(2)} s</span>
    </td>
  );
}
