import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AppError, toAppError } from "../../ipc/core";
import { onPlayerEvent, player, type ChannelMode } from "../../ipc/recording";
import { PlayerClock } from "./playerClock";
import { stepSpeed } from "./playerKeys";

export interface PlayerControls {
  clock: PlayerClock;
  speed: number;
  volume: number;
  muted: boolean;
  channelMode: ChannelMode;
  device: { available: boolean; message: string | null };
  error: AppError | null;
  togglePlay: () => void;
  seek: (secs: number) => void;
  seekBy: (delta: number) => void;
  setSpeed: (speed: number) => void;
  stepSpeed: (direction: 1 | -1) => void;
  setVolume: (volume: number) => void;
  toggleMute: () => void;
  setChannelMode: (mode: ChannelMode) => void;
  clearError: () => void;
}

/**
 * The playback engine as seen from one call view: position events feed a
 * clock the playhead interpolates from; commands report failures by kind.
 */
export function usePlayer(duration: number): PlayerControls {
  const clock = useMemo(() => new PlayerClock(), []);
  const [speed, setSpeedState] = useState(1);
  const [volume, setVolumeState] = useState(1);
  const [muted, setMuted] = useState(false);
  const [channelMode, setChannelModeState] = useState<ChannelMode>("both");
  const [device, setDevice] = useState<{ available: boolean; message: string | null }>({ available: true, message: null });
  const [error, setError] = useState<AppError | null>(null);
  const durationRef = useRef(duration);

  useEffect(() => {
    durationRef.current = duration;
    clock.update({ duration }, performance.now());
  }, [clock, duration]);

  useEffect(() => {
    const off = onPlayerEvent((event) => {
      const now = performance.now();
      switch (event.kind) {
        case "position":
          clock.update({ secs: event.secs, playing: event.playing }, now);
          break;
        case "ended":
          clock.update({ secs: durationRef.current, playing: false }, now);
          break;
        case "error":
          setError(new AppError(event.error.kind, event.error.message));
          clock.update({ playing: false }, now);
          break;
        case "device":
          setDevice({ available: event.available, message: event.message });
          break;
      }
    });
    return () => {
      off();
      // Leaving the call stops its audio; the next call loads paused anyway.
      player.pause().catch(() => undefined);
    };
  }, [clock]);

  const run = useCallback((op: Promise<void>) => {
    op.catch((e: unknown) => setError(toAppError(e)));
  }, []);

  const togglePlay = useCallback(() => {
    const now = performance.now();
    if (clock.snapshot.playing) {
      clock.update({ playing: false }, now);
      run(player.pause());
    } else {
      const atEnd = durationRef.current > 0 && clock.now(now) >= durationRef.current - 0.05;
      // Playing again after the end starts from the beginning, as media players do.
      const start = atEnd ? player.seek(0).then(() => player.play()) : player.play();
      run(
        start.then(() => {
          setError(null);
          // Show "playing" at once; the engine's position events take over from here.
          clock.update({ playing: true }, performance.now());
        }),
      );
    }
  }, [clock, run]);

  const seek = useCallback(
    (secs: number) => {
      const target = Math.min(Math.max(0, secs), Math.max(0, durationRef.current));
      // Move the playhead at once; the engine's next position event confirms it.
      clock.update({ secs: target }, performance.now());
      run(player.seek(target));
    },
    [clock, run],
  );

  const seekBy = useCallback((delta: number) => seek(clock.now(performance.now()) + delta), [clock, seek]);

  const setSpeed = useCallback(
    (next: number) => {
      const s = Math.min(2, Math.max(0.5, next));
      setSpeedState(s);
      clock.update({ speed: s }, performance.now());
      run(player.setSpeed(s));
    },
    [clock, run],
  );

  const speedRef = useRef(speed);
  speedRef.current = speed;
  const stepSpeedBy = useCallback((direction: 1 | -1) => setSpeed(stepSpeed(speedRef.current, direction)), [setSpeed]);

  const setVolume = useCallback(
    (v: number) => {
      const vol = Math.min(1, Math.max(0, v));
      setVolumeState(vol);
      setMuted(false);
      run(player.setVolume(vol));
    },
    [run],
  );

  const mutedRef = useRef(muted);
  mutedRef.current = muted;
  const volumeRef = useRef(volume);
  volumeRef.current = volume;
  const toggleMute = useCallback(() => {
    const next = !mutedRef.current;
    setMuted(next);
    run(player.setVolume(next ? 0 : volumeRef.current));
  }, [run]);

  const setChannelMode = useCallback(
    (mode: ChannelMode) => {
      setChannelModeState(mode);
      run(player.setChannelMode(mode));
    },
    [run],
  );

  const clearError = useCallback(() => setError(null), []);

  return {
    clock,
    speed,
    volume,
    muted,
    channelMode,
    device,
    error,
    togglePlay,
    seek,
    seekBy,
    setSpeed,
    stepSpeed: stepSpeedBy,
    setVolume,
    toggleMute,
    setChannelMode,
    clearError,
  };
}
