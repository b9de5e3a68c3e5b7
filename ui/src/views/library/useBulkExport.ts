// One bulk export at a time: start it (the Rust side asks where to save), follow its progress,
// cancel it. The outcome says where it went and how many calls it holds.
import { useCallback, useEffect, useRef, useState } from "react";
import { newTaskId, toAppError, type AppError } from "../../ipc/core";
import { cancelTask } from "../../ipc/conversations";
import { exportCalls, type BulkDestination, type BulkExportOutcome, type BulkExportProgress } from "../../ipc/bulkExport";
import type { ExportFormat } from "../../ipc/types";
import type { LibrarySelection } from "./selection";

export type BulkExportStep =
  | { kind: "idle"; cancelled: boolean }
  | { kind: "running"; progress: BulkExportProgress | null; cancelling: boolean }
  | { kind: "done"; outcome: Extract<BulkExportOutcome, { kind: "exported" }> };

export interface BulkExport {
  step: BulkExportStep;
  error: AppError | null;
  start: (selection: LibrarySelection, format: ExportFormat, destination: BulkDestination) => void;
  cancel: () => void;
}

export function useBulkExport(): BulkExport {
  const [step, setStep] = useState<BulkExportStep>({ kind: "idle", cancelled: false });
  const [error, setError] = useState<AppError | null>(null);
  const taskRef = useRef<string | null>(null);

  const start = useCallback((selection: LibrarySelection, format: ExportFormat, destination: BulkDestination) => {
    if (taskRef.current !== null) return;
    const taskId = newTaskId("bulk-export");
    taskRef.current = taskId;
    setError(null);
    setStep({ kind: "running", progress: null, cancelling: false });
    const onProgress = (progress: BulkExportProgress) => {
      if (taskRef.current !== taskId) return;
      setStep((s) => (s.kind === "running" ? { ...s, progress } : s));
    };
    const request = {
      accountIds: selection.accountIds,
      filter: selection.filter,
      picked: selection.picked ?? null,
      destination,
      format,
    };
    exportCalls(taskId, request, onProgress).then(
      (outcome) => {
        if (taskRef.current !== taskId) return;
        taskRef.current = null;
        setStep(outcome.kind === "exported" ? { kind: "done", outcome } : { kind: "idle", cancelled: true });
      },
      (e: unknown) => {
        if (taskRef.current !== taskId) return;
        taskRef.current = null;
        // Nothing was left under the chosen name (the Rust side writes aside, then renames).
        setError(toAppError(e));
        setStep({ kind: "idle", cancelled: false });
      },
    );
  }, []);

  const cancel = useCallback(() => {
    const taskId = taskRef.current;
    if (taskId === null) return;
    setStep((s) => (s.kind === "running" ? { ...s, cancelling: true } : s));
    cancelTask(taskId).catch((e: unknown) => setError(toAppError(e)));
  }, []);

  // A dialog closed mid-export stops it: an export nobody watches should not run on.
  useEffect(
    () => () => {
      const taskId = taskRef.current;
      if (taskId !== null) cancelTask(taskId).catch(() => undefined);
    },
    [],
  );

  return { step, error, start, cancel };
}
