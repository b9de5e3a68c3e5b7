// What the list pane says about the library besides progress: a damaged file (with a rebuild),
// the account offline (since when, and how old the data shown is), and a sync that stopped.
import { useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { toAppError, type AppError } from "../../ipc/core";
import type { LibraryAccountStatus, LibraryStatus } from "../../ipc/library";
import { offlineText } from "../../lib/syncStatusText";
import type { TimeZoneChoice } from "../../lib/time";

export interface LibraryNoticesProps {
  library: LibraryStatus | null;
  account: LibraryAccountStatus | null;
  zone: TimeZoneChoice;
  onRebuild: () => Promise<void>;
  onSyncNow: () => void;
}

function LibraryProblem({ library, onRebuild }: { library: LibraryStatus; onRebuild: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<AppError | null>(null);
  if (library.available || library.problem === null) return null;
  const rebuild = () => {
    setBusy(true);
    setFailed(null);
    onRebuild().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setFailed(toAppError(e));
      },
    );
  };
  return (
    <div data-testid="library-problem">
      <ErrorNotice
        className="library-problem"
        error={failed ?? toAppError(library.problem)}
        // The message says why (damaged, made by a newer version, an unreadable folder).
        title={failed ? "The library could not be rebuilt" : "The library cannot be used"}
        actions={
          library.can_rebuild && (
            <button type="button" className="btn btn--primary" onClick={rebuild} disabled={busy}>
              {busy ? "Rebuilding…" : "Rebuild library"}
            </button>
          )
        }
      />
      <p className="library-problem__note muted">The list shows the calls from the server meanwhile.</p>
    </div>
  );
}

export function LibraryNotices({ library, account, zone, onRebuild, onSyncNow }: LibraryNoticesProps) {
  const offline = account ? offlineText(account, zone, Date.now()) : null;
  return (
    <>
      {library && <LibraryProblem library={library} onRebuild={onRebuild} />}
      {offline && (
        <div className="offline-banner" role="status" data-testid="offline-banner">
          <strong className="offline-banner__text">{offline}</strong>
          <span className="offline-banner__hint">The library syncs again by itself once the server can be reached.</span>
        </div>
      )}
      {account?.error && !offline && (
        <ErrorNotice error={toAppError(account.error)} title="The library could not sync" onRetry={onSyncNow} />
      )}
    </>
  );
}
