// Transcript export (`export_options`, `export_transcript`).
import { call } from "./core";
import type { ExportFormat, SaveOutcome } from "./types";
import type { ExportOptions } from "../bindings/ExportOptions";
import type { FormatOption } from "../bindings/FormatOption";

export type { ExportOptions };
export type ExportFormatOption = FormatOption;

export function exportOptions(id: string): Promise<ExportOptions> {
  return call("export_options", { id });
}

/**
 * Asks the user where to save (a native dialog opened by the Rust side) and writes the
 * transcript there atomically; a missing or read-only folder rejects with `io`.
 */
export function exportTranscript(id: string, format: ExportFormat): Promise<SaveOutcome> {
  return call("export_transcript", { id, format });
}
