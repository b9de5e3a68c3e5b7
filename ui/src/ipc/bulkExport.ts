// Bulk export of the calls a filter selects to a .zip (`library_export`): the Rust side asks
// where to save, streams progress, and stops on `cancel_task(taskId)`.
import { call, createChannel } from "./core";
import type { BulkExportOutcome } from "../bindings/BulkExportOutcome";
import type { BulkExportProgress } from "../bindings/BulkExportProgress";
import type { Filter } from "../bindings/Filter";
import type { ExportFormat } from "./types";

export type { BulkExportOutcome, BulkExportProgress };

export function exportCalls(
  taskId: string,
  accountIds: string[],
  filter: Filter,
  format: ExportFormat,
  onProgress: (progress: BulkExportProgress) => void,
): Promise<BulkExportOutcome> {
  return call("library_export", { taskId, accountIds, filter, format, onEvent: createChannel(onProgress) });
}
