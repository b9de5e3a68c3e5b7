// Recordings are downloaded once and kept in a size-capped cache; this shows how much it holds
// and empties it on request (e.g. before handing the machine to someone else).
import { useState } from "react";
import { clearRecordingCache, recordingCacheInfo, type RecordingCacheInfo } from "../ipc/recording";
import { toAppError, type AppError } from "../ipc/core";
import { ErrorNotice } from "./ErrorNotice";

export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function CacheMenu() {
  const [open, setOpen] = useState(false);
  const [info, setInfo] = useState<RecordingCacheInfo | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = () => {
    setError(null);
    recordingCacheInfo().then(setInfo, (e: unknown) => setError(toAppError(e)));
  };
  const toggle = () => {
    if (!open) refresh();
    setOpen(!open);
  };
  const clear = () => {
    setBusy(true);
    clearRecordingCache()
      .then(setInfo, (e: unknown) => setError(toAppError(e)))
      .finally(() => setBusy(false));
  };

  return (
    <div className="cache-menu">
      <button type="button" className="btn btn--small btn--ghost" aria-expanded={open} onClick={toggle}>
        Recordings cache
      </button>
      {open && (
        <div className="menu cache-menu__panel" role="dialog" aria-label="Recordings cache">
          {info && (
            <p data-testid="cache-usage">
              {info.files === 1 ? "1 recording" : `${info.files} recordings`}, {formatBytes(info.bytes)} of{" "}
              {formatBytes(info.cap_bytes)}
            </p>
          )}
          {error && <ErrorNotice error={error} onRetry={refresh} />}
          <button type="button" className="btn btn--small" onClick={clear} disabled={busy || info?.files === 0}>
            {busy ? "Clearing…" : "Clear cache"}
          </button>
        </div>
      )}
    </div>
  );
}
