import { useCallback, useEffect, useRef, useState } from "react";
import { toAppError, type AppError } from "../../ipc/core";
import { openRecording, type RecordingEvent } from "../../ipc/recording";

export interface RecordingState {
  phase: "loading" | "ready" | "error";
  receivedBytes: number;
  totalBytes: number | null;
  channels: number;
  pixelsPerSecond: number;
  /** Seconds, once known (from the format event or the finished download). */
  duration: number | null;
  /** Peaks received so far (a view over a growing buffer; a new view per update). */
  peaks: Int16Array;
  fromCache: boolean;
  error: AppError | null;
}

const initial: RecordingState = {
  phase: "loading",
  receivedBytes: 0,
  totalBytes: null,
  channels: 1,
  pixelsPerSecond: 0,
  duration: null,
  peaks: new Int16Array(0),
  fromCache: false,
  error: null,
};

/**
 * Grows a peaks buffer as `peaks` events arrive (doubling, so a long download
 * stays linear) and exposes the filled part.
 */
class PeaksBuffer {
  private buffer = new Int16Array(0);
  private filled = 0;

  write(offset: number, data: readonly number[]): void {
    const end = offset + data.length;
    if (end > this.buffer.length) {
      const grown = new Int16Array(Math.max(end, this.buffer.length * 2, 4096));
      grown.set(this.buffer.subarray(0, this.filled));
      this.buffer = grown;
    }
    this.buffer.set(data, offset);
    this.filled = Math.max(this.filled, end);
  }

  view(): Int16Array {
    return this.buffer.subarray(0, this.filled);
  }
}

/** Opens the call's recording, streaming progress and peaks; `retry` starts over. */
export function useRecording(id: string): { state: RecordingState; retry: () => void } {
  const [state, setState] = useState<RecordingState>(initial);
  const [attempt, setAttempt] = useState(0);
  const channelsRef = useRef(1);

  useEffect(() => {
    let live = true;
    const buffer = new PeaksBuffer();
    channelsRef.current = 1;
    setState(initial);
    // Peaks and progress arrive in bursts; coalesce them into one render per animation frame so a
    // download never competes with opening the call.
    let pending: Partial<RecordingState> | null = null;
    let frame = 0;
    const flush = () => {
      frame = 0;
      const patch = pending;
      pending = null;
      if (live && patch) setState((s) => ({ ...s, ...patch }));
    };
    const queue = (patch: Partial<RecordingState>) => {
      pending = { ...pending, ...patch };
      if (frame === 0) frame = requestAnimationFrame(flush);
    };
    const onEvent = (event: RecordingEvent) => {
      if (!live) return;
      switch (event.kind) {
        case "progress":
          queue({ receivedBytes: event.received_bytes, totalBytes: event.total_bytes });
          break;
        case "format":
          channelsRef.current = Math.max(1, event.channels);
          queue({
            channels: Math.max(1, event.channels),
            pixelsPerSecond: event.pixels_per_second,
            duration: event.duration_secs,
          });
          break;
        case "peaks":
          buffer.write(event.first_pixel * channelsRef.current * 2, event.data);
          queue({ peaks: buffer.view() });
          break;
        case "cached":
          queue({ fromCache: true });
          break;
      }
    };
    openRecording(id, onEvent).then(
      (info) => {
        if (!live) return;
        cancelAnimationFrame(frame);
        frame = 0;
        pending = null;
        setState((s) => ({
          ...s,
          phase: "ready",
          channels: Math.max(1, info.channels),
          pixelsPerSecond: info.pixels_per_second,
          duration: info.duration_secs,
          peaks: Int16Array.from(info.peaks),
          receivedBytes: info.bytes,
          totalBytes: info.bytes,
          fromCache: info.from_cache,
          error: null,
        }));
      },
      (e: unknown) => {
        if (!live) return;
        setState((s) => ({ ...s, phase: "error", error: toAppError(e) }));
      },
    );
    return () => {
      live = false;
      cancelAnimationFrame(frame);
    };
  }, [id, attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { state, retry };
}
