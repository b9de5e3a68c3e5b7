// The triage's groups as rows: what, how many, and the share as a bar behind the row.
import type { Triage, TriageGroup } from "../../ipc/libraryQuery";
import { formatCount, type TimeZoneChoice } from "../../lib/time";
import { isCategory } from "../../lib/statusLabels";
import { groupLabel } from "./labels";

function percent(share: number): string {
  const p = Math.min(100, Math.max(0, share * 100));
  return p > 0 && p < 1 ? "<1%" : `${Math.round(p)}%`;
}

export function TriageGroups(props: { triage: Triage; zone: TimeZoneChoice; onGroup: (group: TriageGroup) => void }) {
  const { triage, zone, onGroup } = props;
  if (triage.groups.length === 0) return <p className="library-empty muted">No calls in this range.</p>;
  return (
    <ul className="triage-groups" aria-label={`Calls by ${triage.by}`}>
      {triage.groups.map((group) => {
        const label = groupLabel(triage.by, group, zone);
        const width = `${Math.min(100, Math.max(0, group.share * 100)).toFixed(2)}%`;
        return (
          <li key={group.key ?? ""}>
            <button
              type="button"
              className="triage-group"
              data-testid="triage-group"
              data-key={group.key ?? ""}
              data-count={group.count}
              title={`Show these ${formatCount(group.count)} calls in the list`}
              onClick={() => onGroup(group)}
            >
              <span className="triage-group__bar" style={{ width }} aria-hidden="true" />
              {triage.by === "category" && group.key !== null && isCategory(group.key) && (
                <span className={`dot dot--${group.key}`} aria-hidden="true" />
              )}
              <span className="triage-group__label">{label}</span>
              <span className="triage-group__count">{formatCount(group.count)}</span>
              <span className="triage-group__share">{percent(group.share)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
