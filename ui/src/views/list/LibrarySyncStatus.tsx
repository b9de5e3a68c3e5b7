// The library's sync status in the list toolbar: "Syncing… 1,240 of 9,880 calls" with Pause /
// Resume, or "9,880 calls · synced 10:42" once done; and Sync now.
import type { LibraryAccountStatus } from "../../ipc/library";
import { syncRunning, syncStatusText } from "../../lib/syncStatusText";
import type { TimeZoneChoice } from "../../lib/time";

export interface LibrarySyncStatusProps {
  account: LibraryAccountStatus;
  zone: TimeZoneChoice;
  onPause: (paused: boolean) => void;
  /** Syncs now (offline, this finds out at once whether the server is back). */
  onSyncNow: () => void;
}

export function LibrarySyncStatus({ account, zone, onPause, onSyncNow }: LibrarySyncStatusProps) {
  const text = syncStatusText(account, zone, Date.now());
  const running = syncRunning(account);
  const paused = account.paused || account.progress?.paused === true;
  return (
    <span className="library-status" data-testid="library-status">
      {text !== null && (
        <span className="library-status__text" aria-live="polite">
          {text}
        </span>
      )}
      {running && (
        <button type="button" className="btn btn--small" onClick={() => onPause(!paused)}>
          {paused ? "Resume" : "Pause"}
        </button>
      )}
      <button type="button" className="btn btn--small" aria-label="Sync now" title="Sync with the server now" onClick={onSyncNow}>
        Sync now
      </button>
    </span>
  );
}
