// Transcript export (`export_options`, `export_transcript`).
import { call } from "./core";
import type { ExportFormat } from "./types";

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

export interface ExportResult {
  path: string;
  bytes: number;
}

export function exportOptions(id: string): Promise<ExportOptions> {
  return call<ExportOptions>("export_options", { id });
}

/** Writes the transcript atomically; a missing or read-only folder rejects with `io`. */
export function exportTranscript(id: string, format: ExportFormat, path: string): Promise<ExportResult> {
  return call<ExportResult>("export_transcript", { id, format, path });
}

/** "call-123.txt" → "call-123.srt"; a name without an extension gets one. */
export function withExtension(fileName: string, extension: string): string {
  const ext = extension.replace(/^\./, "");
  const dot = fileName.lastIndexOf(".");
  const base = dot > 0 ? fileName.slice(0, dot) : fileName;
  return `${base}.${ext}`;
}
