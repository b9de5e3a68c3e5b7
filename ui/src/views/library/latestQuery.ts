// Runs a query shortly after the last change and keeps only the answer to the newest one: a
// slow answer to "refu" that lands after the answer to "refund" is dropped, never drawn. At
// most one query runs at a time; the newest one waiting starts when it settles. Pure (timers
// are passed in), so the rule is unit-tested.

export interface Timers {
  set: (fn: () => void, ms: number) => unknown;
  clear: (handle: unknown) => void;
}

const WINDOW_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LatestQueryOptions<Q, R> {
  /** How long the input must rest before the query runs. */
  delayMs: number;
  run: (query: Q) => Promise<R>;
  /** The answer to the newest query; older answers never arrive here. */
  onResult: (query: Q, result: R) => void;
  onError: (query: Q, error: unknown) => void;
  /** Called as a query starts running (after the delay). */
  onStart?: (query: Q) => void;
  timers?: Timers;
}

export interface LatestQuery<Q> {
  /** A new query: replaces any waiting one and makes answers to older ones stale. */
  request: (query: Q) => void;
  /** Forgets the waiting query and every answer still on its way (e.g. the input was cleared). */
  cancel: () => void;
}

export function createLatestQuery<Q, R>(options: LatestQueryOptions<Q, R>): LatestQuery<Q> {
  const timers = options.timers ?? WINDOW_TIMERS;
  let generation = 0;
  let pending: unknown = null;
  let inFlight = false;
  /** A query whose delay passed while another ran: it starts when that one settles. */
  let queued: { query: Q; generation: number } | null = null;

  const clearPending = () => {
    if (pending !== null) timers.clear(pending);
    pending = null;
  };

  const start = (query: Q, mine: number) => {
    inFlight = true;
    options.onStart?.(query);
    const settle = () => {
      inFlight = false;
      const next = queued;
      queued = null;
      if (next && next.generation === generation) start(next.query, next.generation);
    };
    options.run(query).then(
      (result) => {
        if (mine === generation) options.onResult(query, result);
        settle();
      },
      (error: unknown) => {
        if (mine === generation) options.onError(query, error);
        settle();
      },
    );
  };

  return {
    request(query) {
      clearPending();
      const mine = ++generation;
      pending = timers.set(() => {
        pending = null;
        if (mine !== generation) return;
        // One query at a time: a fast typist never piles searches up on the backend.
        if (inFlight) queued = { query, generation: mine };
        else start(query, mine);
      }, options.delayMs);
    },
    cancel() {
      clearPending();
      queued = null;
      generation++;
    },
  };
}
