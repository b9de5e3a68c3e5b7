import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AppError, toAppError } from "../../ipc/core";
import { onPlayerEvent, player, type ChannelMode, type PlayerSettings } from "../../ipc/recording";
import { PlayerClock } from "./playerClock";
import { stepSpeed } from "./playerKeys";

export interface PlayerControls {
  clock: PlayerClock;
  /** What the engine plays with (it keeps them across calls and launches); null until it has
   * said, so the controls never show a default of their own. */
  settings: PlayerSettings | null;
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
 * clock the playhead interpolates from; the settings shown are the ones the
 * engine reports; commands report failures by kind.
 */
export function usePlayer(duration: number): PlayerControls {
  const clock = useMemo(() => new PlayerClock(), []);
  const [settings, setSettings] = useState<PlayerSettings | null>(null);
  const [device, setDevice] = useState<{ available: boolean; message: string | null }>({ available: true, message: null });
  const [error, setError] = useState<AppError | null>(null);
  const durationRef = useRef(duration);

  useEffect(() => {
    durationRef.current = duration;
    clock.update({ duration }, performance.now());
  }, [clock, duration]);

  const showSettings = useCallback(
    (reported: PlayerSettings) => {
      setSettings(reported);
      clock.update({ speed: reported.speed }, performance.now());
    },
    [clock],
  );

  useEffect(() => {
    let reported = false;
    const off = onPlayerEvent((event) => {
      const now = performance.now();
      switch (event.kind) {
        case "settings":
          reported = true;
          showSettings(event.settings);
          break;
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
    // A change reported while this asked wins over the answer.
    player
      .settings()
      .then((current) => {
        if (!reported) showSettings(current);
      })
      .catch((e: unknown) => setError(toAppError(e)));
    return () => {
      off();
      // Leaving the call stops its audio; the next call loads paused anyway.
      player.pause().catch(() => undefined);
    };
  }, [clock, showSettings]);

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

  // Changes go to the engine; the controls move when it reports the new settings.
  const settingsRef = useRef(settings);
  settingsRef.current = settings;

  const setSpeed = useCallback((next: number) => run(player.setSpeed(Math.min(2, Math.max(0.5, next)))), [run]);

  const stepSpeedBy = useCallback(
    (direction: 1 | -1) => {
      const current = settingsRef.current;
      if (current) setSpeed(stepSpeed(current.speed, direction));
    },
    [setSpeed],
  );

  const setVolume = useCallback(
    (v: number) => {
      run(player.setVolume(Math.min(1, Math.max(0, v))));
      // Moving the slider is choosing to hear it.
      if (settingsRef.current?.muted) run(player.setMuted(false));
    },
    [run],
  );

  const toggleMute = useCallback(() => {
    const current = settingsRef.current;
    if (current) run(player.setMuted(!current.muted));
  }, [run]);

  const setChannelMode = useCallback((mode: ChannelMode) => run(player.setChannelMode(mode)), [run]);

  const clearError = useCallback(() => setError(null), []);

  return {
    clock,
    settings,
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
