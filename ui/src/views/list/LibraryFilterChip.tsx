// A filter set from outside the list (a triage group, a search), shown as a chip; × clears it.
import type { Filter } from "../../ipc/library";
import { describeFilter, isEmptyFilter } from "../../lib/libraryFilter";
import type { TimeZoneChoice } from "../../lib/time";

export interface LibraryFilterChipProps {
  filter: Filter;
  zone: TimeZoneChoice;
  /** The list reads from the library (else the filter waits for the first sync to finish). */
  applies: boolean;
  onClear: () => void;
}

export function LibraryFilterChip({ filter, zone, applies, onClear }: LibraryFilterChipProps) {
  if (isEmptyFilter(filter)) return null;
  const text = describeFilter(filter, zone);
  return (
    <div className="filter-chips">
      <span
        className="filter-chip"
        data-testid="library-filter-chip"
        title={applies ? undefined : "Applies once the library has this account's calls"}
      >
        <span className="filter-chip__text">{text}</span>
        <button type="button" className="filter-chip__clear" aria-label={`Clear filter ${text}`} onClick={onClear}>
          ×
        </button>
      </span>
      {!applies && <span className="muted filter-chips__note">Applies once the library is synced.</span>}
    </div>
  );
}
