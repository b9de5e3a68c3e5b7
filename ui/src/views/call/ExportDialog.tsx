import { revealItemInDir } from "@tauri-apps/plugin-opener";
import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { toAppError, type AppError } from "../../ipc/core";
import { exportOptions, exportTranscript, type ExportOptions } from "../../ipc/export";
import type { ExportFormat } from "./callTypes";

type Step =
  | { kind: "loading" }
  | { kind: "choose"; options: ExportOptions }
  | { kind: "saving"; options: ExportOptions }
  | { kind: "done"; options: ExportOptions; result: { path: string; bytes: number } };

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** "Export transcript…": pick a format, pick a file, write it, offer "Show in folder". */
export function ExportDialog(props: { conversationId: string; onClose: () => void }) {
  const { conversationId, onClose } = props;
  const [step, setStep] = useState<Step>({ kind: "loading" });
  const [format, setFormat] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    setStep({ kind: "loading" });
    setError(null);
    exportOptions(conversationId).then(
      (options) => {
        if (!live) return;
        setStep({ kind: "choose", options });
        setFormat(options.formats.find((f) => f.available)?.format ?? null);
      },
      (e: unknown) => live && setError(toAppError(e)),
    );
    return () => {
      live = false;
    };
  }, [conversationId, attempt]);

  useEffect(() => {
    dialogRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  const runExport = useCallback(async () => {
    if (step.kind !== "choose" && step.kind !== "done") return;
    const options = step.options;
    const chosen = options.formats.find((f) => f.format === format && f.available);
    if (!chosen) return;
    setError(null);
    // The Rust side opens the save dialog, so "saving" includes the user choosing a place.
    setStep({ kind: "saving", options });
    try {
      const outcome = await exportTranscript(conversationId, chosen.format);
      if (outcome.kind === "cancelled") setStep({ kind: "choose", options });
      else setStep({ kind: "done", options, result: outcome });
    } catch (e) {
      // Nothing was written; stay on the chooser so the user can pick another place.
      setError(toAppError(e));
      setStep({ kind: "choose", options });
    }
  }, [step, format, conversationId]);

  const reveal = async (path: string) => {
    try {
      await revealItemInDir(path);
    } catch (e) {
      setError(toAppError(e));
    }
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="modal export-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="export-title"
        tabIndex={-1}
        ref={dialogRef}
        onClick={(e) => e.stopPropagation()}
      >
        <h3 id="export-title">Export transcript</h3>
        {step.kind === "loading" && !error && <p>Loading formats…</p>}
        {(step.kind === "choose" || step.kind === "saving") && (
          <fieldset className="export-formats" disabled={step.kind === "saving"}>
            <legend>Format</legend>
            {step.options.formats.map((f) => (
              <label
                key={f.format}
                className={f.available ? "export-format" : "export-format export-format--unavailable"}
                data-format={f.format}
              >
                <input
                  type="radio"
                  name="export-format"
                  value={f.format}
                  checked={format === f.format}
                  disabled={!f.available}
                  onChange={() => setFormat(f.format)}
                />
                <span className="export-format__label">
                  {f.label} <span className="export-format__ext">.{f.extension}</span>
                </span>
                {!f.available && f.reason && <span className="export-format__reason">{f.reason}</span>}
              </label>
            ))}
          </fieldset>
        )}
        {step.kind === "done" && (
          <div className="export-done" role="status" data-testid="export-done">
            <p>
              Saved {formatBytes(step.result.bytes)} to <code>{step.result.path}</code>
            </p>
            <button type="button" className="btn" onClick={() => void reveal(step.result.path)}>
              Show in folder
            </button>
          </div>
        )}
        {error && (
          <ErrorNotice
            error={error}
            title={error.kind === "io" ? "Couldn't write the file" : undefined}
            onRetry={step.kind === "loading" ? () => setAttempt((a) => a + 1) : () => void runExport()}
          />
        )}
        <div className="modal-actions">
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {step.kind === "done" ? "Close" : "Cancel"}
          </button>
          {step.kind !== "done" && (
            <button
              type="button"
              className="btn btn--primary"
              disabled={step.kind !== "choose" || format === null}
              onClick={() => void runExport()}
            >
              {step.kind === "saving" ? "Saving…" : "Save…"}
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
