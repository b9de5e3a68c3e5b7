// Recording download and the playback engine (`open_recording`, `player_*`, `save_recording`,
// recording cache). Payloads are snake_case as the Rust side sends them; their types are
// generated from Rust (`src/bindings/`).
import { call, createChannel } from "./core";
import type { CacheInfo } from "../bindings/CacheInfo";
import type { ChannelMode } from "../bindings/ChannelMode";
import type { PlayerEvent } from "../bindings/PlayerEvent";
import type { PlayerSettings } from "../bindings/PlayerSettings";
import type { RecordingEvent } from "../bindings/RecordingEvent";
import type { RecordingInfo } from "../bindings/RecordingInfo";
import type { SaveOutcome } from "./types";

export type { ChannelMode, PlayerEvent, PlayerSettings, RecordingEvent, RecordingInfo };
export type RecordingCacheInfo = CacheInfo;

/** Downloads (or takes from the cache) and loads the call's recording, paused at 0. */
export function openRecording(id: string, onEvent: (event: RecordingEvent) => void): Promise<RecordingInfo> {
  return call("open_recording", { id, onEvent: createChannel(onEvent) });
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
    subscribed = done(call("player_subscribe", { onEvent: channel })).catch((error: unknown) => {
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

/** The transport commands resolve to nothing (Rust's `()` arrives as `null`). */
const done = (reply: Promise<null>): Promise<void> => reply.then(() => undefined);

export const player = {
  play: () => done(call("player_play")),
  pause: () => done(call("player_pause")),
  seek: (secs: number) => done(call("player_seek", { secs })),
  settings: () => call("player_settings"),
  setVolume: (volume: number) => done(call("player_set_volume", { volume })),
  setMuted: (muted: boolean) => done(call("player_set_muted", { muted })),
  setSpeed: (speed: number) => done(call("player_set_speed", { speed })),
  setChannelMode: (mode: ChannelMode) => done(call("player_set_channel_mode", { mode })),
};

/** Asks the user where to save (a native dialog, from Rust) and copies the cached WAV there atomically. */
export function saveRecording(id: string): Promise<SaveOutcome> {
  return call("save_recording", { id });
}

export function recordingCacheInfo(): Promise<RecordingCacheInfo> {
  return call("recording_cache_info");
}

export function clearRecordingCache(): Promise<RecordingCacheInfo> {
  return call("clear_recording_cache");
}
