// Bulk export of the calls a filter (and the list's selection) picks to a .zip or a folder
// (`library_export`): the Rust side asks where, streams progress, and stops on `cancel_task(taskId)`.
import { call, createChannel } from "./core";
import type { BulkDestination } from "../bindings/BulkDestination";
import type { BulkExportOutcome } from "../bindings/BulkExportOutcome";
import type { BulkExportProgress } from "../bindings/BulkExportProgress";
import type { Filter } from "../bindings/Filter";
import type { Picked } from "../bindings/Picked";
import type { ExportFormat } from "./types";

export type { BulkDestination, BulkExportOutcome, BulkExportProgress };

export interface BulkExportRequest {
  accountIds: string[];
  filter: Filter;
  picked: Picked | null;
  destination: BulkDestination;
  format: ExportFormat;
}

export function exportCalls(
  taskId: string,
  request: BulkExportRequest,
  onProgress: (progress: BulkExportProgress) => void,
): Promise<BulkExportOutcome> {
  return call("library_export", { taskId, ...request, onEvent: createChannel(onProgress) });
}
