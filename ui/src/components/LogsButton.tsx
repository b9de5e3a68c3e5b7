// "Open logs folder": the log files a user attaches to a support request. Where no file
// manager can be started, the error names the folder instead.
import { useState } from "react";
import { toAppError, type AppError } from "../ipc/core";
import { openLogsFolder } from "../ipc/logs";

export function LogsButton() {
  const [error, setError] = useState<AppError | null>(null);
  const open = () => {
    setError(null);
    openLogsFolder().catch((e: unknown) => setError(toAppError(e)));
  };
  return (
    <>
      <button
        type="button"
        className="btn btn--small btn--ghost"
        title="The app's log files, to attach to a support request (they never hold a key)"
        onClick={open}
      >
        Open logs folder
      </button>
      {error && (
        <span role="alert" className="app-header__notice" data-testid="logs-error">
          {error.message}
        </span>
      )}
    </>
  );
}
