// Transcript export (`export_options`, `export_transcript`).
import { call } from "./core";
import type { ExportFormat } from "./types";
import type { ExportOptions } from "../bindings/ExportOptions";
import type { FormatOption } from "../bindings/FormatOption";
import type { WrittenFile } from "../bindings/WrittenFile";

export type { ExportOptions };
export type ExportFormatOption = FormatOption;
export type ExportResult = WrittenFile;

export function exportOptions(id: string): Promise<ExportOptions> {
  return call("export_options", { id });
}

/** Writes the transcript atomically; a missing or read-only folder rejects with `io`. */
export function exportTranscript(id: string, format: ExportFormat, path: string): Promise<ExportResult> {
  return call("export_transcript", { id, format, path });
}

/** "call-123.txt" → "call-123.srt"; a name without an extension gets one. */
export function withExtension(fileName: string, extension: string): string {
  const ext = extension.replace(/^\./, "");
  const dot = fileName.lastIndexOf(".");
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return `${base}.${ext}`;
}
