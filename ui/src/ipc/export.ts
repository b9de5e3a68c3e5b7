// Transcript export (`export_options`, `export_transcript`).
import { call } from "./core";
import type { ExportFormat, SaveOutcome } from "./types";

export interface ExportFormatOption {
  format: ExportFormat;
  label: string;
  extension: string;
  available: boolean;
  /** Why the format is unavailable (e.g. subtitles need turn times). */
  reason: string | null;
}

export interface ExportOptions {
  formats: ExportFormatOption[];
  /** For the first format; swap the extension for another. */
  default_file_name: string;
}

export function exportOptions(id: string): Promise<ExportOptions> {
  return call<ExportOptions>("export_options", { id });
}

/**
 * Asks the user where to save (a native dialog opened by the Rust side) and writes the
 * transcript there atomically; a missing or read-only folder rejects with `io`.
 */
export function exportTranscript(id: string, format: ExportFormat): Promise<SaveOutcome> {
  return call<SaveOutcome>("export_transcript", { id, format });
}
