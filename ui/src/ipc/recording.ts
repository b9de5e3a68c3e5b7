// Recording download and the playback engine (`open_recording`, `player_*`, `save_recording`,
// recording cache). Payloads are snake_case as the Rust side sends them.
import { call, createChannel, type ErrorKind } from "./core";

export type RecordingEvent =
  | { kind: "progress"; received_bytes: number; total_bytes: number | null }
  | {
      kind: "format";
      sample_rate: number;
      channels: number;
      duration_secs: number | null;
      pixels_per_second: number;
    }
  /** Per pixel, per channel: min, max (int16 range). */
  | { kind: "peaks"; first_pixel: number; data: number[] }
  /** The recording came from the cache: all peaks follow at once. */
  | { kind: "cached" };

export interface RecordingInfo {
  id: string;
  sample_rate: number;
  channels: number;
  duration_secs: number;
  pixels_per_second: number;
  /** The complete finest level, same layout as the `peaks` events. */
  peaks: number[];
  bytes: number;
  from_cache: boolean;
}

export type PlayerEvent =
  | { kind: "position"; secs: number; playing: boolean }
  | { kind: "ended" }
  | { kind: "error"; error: { kind: ErrorKind; message: string } }
  | { kind: "device"; available: boolean; message: string | null }
  /** After every change of the settings, whichever view made it. */
  | { kind: "settings"; settings: PlayerSettings };

export type ChannelMode = "both" | "left" | "right";

/** What the engine plays every recording with; it keeps them across calls and launches. */
export interface PlayerSettings {
  speed: number;
  channel_mode: ChannelMode;
  /** 0–1, kept while muted. */
  volume: number;
  muted: boolean;
}

export interface SavedFile {
  path: string;
  bytes: number;
}

export interface RecordingCacheInfo {
  bytes: number;
  files: number;
  cap_bytes: number;
}

/** Downloads (or takes from the cache) and loads the call's recording, paused at 0. */
export function openRecording(id: string, onEvent: (event: RecordingEvent) => void): Promise<RecordingInfo> {
  return call<RecordingInfo>("open_recording", { id, onEvent: createChannel(onEvent) });
}

type PlayerListener = (event: PlayerEvent) => void;
const playerListeners = new Set<PlayerListener>();
let subscribed: Promise<void> | null = null;

/**
 * Listens to the playback engine. The backend takes one subscription for the
 * app's lifetime, so the first listener subscribes and later ones share it.
 */
export function onPlayerEvent(listener: PlayerListener): () => void {
  playerListeners.add(listener);
  if (subscribed === null) {
    const channel = createChannel<PlayerEvent>((event) => {
      for (const l of [...playerListeners]) l(event);
    });
    subscribed = call<void>("player_subscribe", { onEvent: channel }).catch((error: unknown) => {
      // Let a later view try again rather than staying deaf for the session.
      subscribed = null;
      throw error;
    });
    subscribed.catch(() => undefined);
  }
  return () => {
    playerListeners.delete(listener);
  };
}

export const player = {
  play: () => call<void>("player_play"),
  pause: () => call<void>("player_pause"),
  seek: (secs: number) => call<void>("player_seek", { secs }),
  settings: () => call<PlayerSettings>("player_settings"),
  setVolume: (volume: number) => call<void>("player_set_volume", { volume }),
  setMuted: (muted: boolean) => call<void>("player_set_muted", { muted }),
  setSpeed: (speed: number) => call<void>("player_set_speed", { speed }),
  setChannelMode: (mode: ChannelMode) => call<void>("player_set_channel_mode", { mode }),
};

/** Copies the cached WAV to `path` (atomically, on the Rust side). */
export function saveRecording(id: string, path: string): Promise<SavedFile> {
  return call<SavedFile>("save_recording", { id, path });
}

export function recordingCacheInfo(): Promise<RecordingCacheInfo> {
  return call<RecordingCacheInfo>("recording_cache_info");
}

export function clearRecordingCache(): Promise<RecordingCacheInfo> {
  return call<RecordingCacheInfo>("clear_recording_cache");
}
