// "Export calls…": the selected calls to a .zip or a folder (one transcript file per call in
// the chosen format, calls.csv, calls.jsonl), with progress, cancel, and where it went.
import { revealItemInDir } from "@tauri-apps/plugin-opener";
import { useEffect, useRef, useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { toAppError, type AppError } from "../../ipc/core";
import type { BulkDestination, BulkExportProgress } from "../../ipc/bulkExport";
import type { ExportFormat } from "../../ipc/types";
import { formatCount } from "../../lib/time";
import type { LibrarySelection } from "./selection";
import { useBulkExport } from "./useBulkExport";

export const BULK_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: "txt", label: "Plain text (.txt)" },
  { format: "md", label: "Markdown (.md)" },
  { format: "json", label: "JSON (.json)" },
  { format: "csv", label: "CSV (.csv)" },
  { format: "srt", label: "SubRip subtitles (.srt)" },
  { format: "vtt", label: "WebVTT subtitles (.vtt)" },
];

const DESTINATIONS: { destination: BulkDestination; label: string }[] = [
  { destination: "zip", label: "Zip file" },
  { destination: "folder", label: "Folder" },
];

/** Selected calls the library no longer has: said, not dropped without a word. */
export function notFoundText(count: number, ids: string[]): string {
  const some = ids.join(", ");
  const more = count > ids.length ? `, and ${formatCount(count - ids.length)} more` : "";
  return `${formatCount(count)} selected ${count === 1 ? "call is" : "calls are"} not in the library and ${count === 1 ? "was" : "were"} not exported: ${some}${more}.`;
}

/** "1,240 of 9,880 calls" (or "1,240 calls" while the total is not known). */
export function progressText(p: BulkExportProgress): string {
  const done = formatCount(p.done);
  const counted = p.total === null ? `${done} calls` : `${done} of ${formatCount(p.total)} calls`;
  return p.stage === "table" ? `Writing calls.csv: ${counted}` : counted;
}

export function BulkExportDialog(props: { selection: LibrarySelection; onClose: () => void }) {
  const { selection, onClose } = props;
  const [format, setFormat] = useState<ExportFormat>("txt");
  const [destination, setDestination] = useState<BulkDestination>("zip");
  const bulk = useBulkExport();
  const [revealError, setRevealError] = useState<AppError | null>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const running = bulk.step.kind === "running";
  const { cancel } = bulk;

  useEffect(() => {
    dialogRef.current?.focus();
  }, []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      // Escape stops a running export first; once it has stopped, Escape closes.
      if (running) cancel();
      else onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [running, cancel, onClose]);

  const reveal = (path: string) => {
    revealItemInDir(path).catch((e: unknown) => setRevealError(toAppError(e)));
  };
  const step = bulk.step;

  return (
    <div className="modal-backdrop" onClick={running ? undefined : onClose}>
      <div
        className="modal bulk-export"
        role="dialog"
        aria-modal="true"
        aria-label="Export calls"
        tabIndex={-1}
        ref={dialogRef}
        onClick={(e) => e.stopPropagation()}
      >
        <h3>Export calls</h3>
        <p className="bulk-export__what">
          {selection.description[0]?.toUpperCase()}
          {selection.description.slice(1)}
          {selection.accountIds.length > 1 ? `, in ${selection.accountIds.length} accounts` : ""}: one transcript file
          per call, calls.csv and calls.jsonl.
        </p>
        <fieldset className="bulk-export__destination" disabled={running}>
          <legend>Save as</legend>
          {DESTINATIONS.map((d) => (
            <label key={d.destination}>
              <input
                type="radio"
                name="destination"
                value={d.destination}
                checked={destination === d.destination}
                onChange={() => setDestination(d.destination)}
              />{" "}
              {d.label}
            </label>
          ))}
        </fieldset>
        {destination === "folder" && (
          <p className="muted bulk-export__hint">
            Pick an empty folder, or any folder to get a new “calls-export” folder inside it. The export appears there
            only once it is complete.
          </p>
        )}
        <label className="bulk-export__format">
          Transcript format
          <select name="format" value={format} disabled={running} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
            {BULK_FORMATS.map((f) => (
              <option key={f.format} value={f.format}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        {step.kind === "running" && (
          <div className="bulk-export__progress" role="status">
            {step.progress === null ? (
              <span>{destination === "zip" ? "Choose where to save the .zip…" : "Choose the folder…"}</span>
            ) : (
              <>
                <progress
                  max={step.progress.total ?? undefined}
                  value={step.progress.total === null ? undefined : step.progress.done}
                  aria-label="Export progress"
                />
                <span data-testid="bulk-export-progress">{progressText(step.progress)}</span>
              </>
            )}
            {step.cancelling && <span className="muted">Cancelling…</span>}
          </div>
        )}
        {step.kind === "idle" && step.cancelled && (
          <p className="muted" data-testid="bulk-export-cancelled">
            The export was cancelled; nothing was saved.
          </p>
        )}
        {step.kind === "done" && (
          <div className="bulk-export__result" role="status" data-testid="bulk-export-result">
            <p>
              Exported {formatCount(step.outcome.calls)} {step.outcome.calls === 1 ? "call" : "calls"} to{" "}
              <code>{step.outcome.path}</code>
            </p>
            <p>
              {formatCount(step.outcome.transcripts)} transcript {step.outcome.transcripts === 1 ? "file" : "files"}
              {step.outcome.transcripts_skipped > 0 &&
                `; ${formatCount(step.outcome.transcripts_skipped)} ${step.outcome.transcripts_skipped === 1 ? "call has" : "calls have"} none${step.outcome.skip_reason ? `: ${step.outcome.skip_reason}` : ""}`}
              .
            </p>
            {step.outcome.not_found > 0 && (
              <p data-testid="bulk-export-not-found">
                {notFoundText(step.outcome.not_found, step.outcome.not_found_ids)}
              </p>
            )}
            <button type="button" className="btn" onClick={() => reveal(step.outcome.path)}>
              Show in folder
            </button>
          </div>
        )}
        {bulk.error && <ErrorNotice error={bulk.error} title="Couldn't export the calls" />}
        {revealError && <ErrorNotice error={revealError} onDismiss={() => setRevealError(null)} />}
        <div className="modal-actions">
          {running ? (
            <button type="button" className="btn" onClick={cancel} disabled={step.kind === "running" && step.cancelling}>
              Cancel
            </button>
          ) : (
            <>
              <button type="button" className="btn btn--ghost" onClick={onClose}>
                Close
              </button>
              <button type="button" className="btn btn--primary" onClick={() => bulk.start(selection, format, destination)}>
                {step.kind === "done" ? "Export again…" : "Export"}
              </button>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
