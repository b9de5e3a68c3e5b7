/**
 * The playhead between backend position events. Events arrive a few times a
 * second; while playing, the position is extrapolated from the last event with
 * the playback speed so the playhead moves smoothly on every animation frame.
 */

export interface ClockState {
  /** Position reported by the last event, in seconds. */
  secs: number;
  playing: boolean;
  /** performance.now() when that event arrived. */
  at: number;
  speed: number;
  duration: number;
}

export const initialClock: ClockState = { secs: 0, playing: false, at: 0, speed: 1, duration: 0 };

/** Position at time `now` (ms, performance.now()). Never runs past the end. */
export function positionAt(clock: ClockState, now: number): number {
  if (!clock.playing) return clock.secs;
  const elapsed = Math.max(0, now - clock.at) / 1000;
  const secs = clock.secs + elapsed * clock.speed;
  return clock.duration > 0 ? Math.min(secs, clock.duration) : secs;
}

type Listener = () => void;

/**
 * A tiny external store (for `useSyncExternalStore`) so only the parts that
 * show the position re-render on a position event, not the whole call view.
 */
export class PlayerClock {
  private state: ClockState = initialClock;
  private readonly listeners = new Set<Listener>();

  get snapshot(): ClockState {
    return this.state;
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ClockState => this.state;

  update(patch: Partial<ClockState>, now: number): void {
    // Re-anchor before changing speed so the extrapolation stays continuous.
    const secs = patch.secs ?? positionAt(this.state, now);
    this.state = { ...this.state, ...patch, secs, at: now };
    for (const l of this.listeners) l();
  }

  now(now: number): number {
    return positionAt(this.state, now);
  }
}
