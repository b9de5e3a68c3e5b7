// Over the library list while calls are selected: how many, Export… and Clear. Always in the
// DOM (empty when nothing is selected), so its count is announced as it changes.
import type { RefObject } from "react";
import { formatCount } from "../../lib/time";

export interface SelectionBarProps {
  count: number;
  /** Every call of the filter is selected (minus what was unticked). */
  all: boolean;
  notice: string | null;
  onExport: () => void;
  onClear: () => void;
  barRef: RefObject<HTMLDivElement | null>;
}

export function SelectionBar({ count, all, notice, onExport, onClear, barRef }: SelectionBarProps) {
  return (
    <div className="selection-bar" ref={barRef} aria-live="polite" data-testid="selection-bar">
      {count > 0 && (
        <>
          <span className="selection-bar__count" data-testid="selection-count">
            {formatCount(count)} selected{all ? " (all that match)" : ""}
          </span>
          <button type="button" className="btn btn--small" onClick={onExport}>
            Export…
          </button>
          <button type="button" className="btn btn--small btn--ghost" onClick={onClear} title="Clear the selection (Esc)">
            Clear
          </button>
        </>
      )}
      {notice && (
        <p className="selection-bar__notice" role="alert">
          {notice}
        </p>
      )}
    </div>
  );
}
