// The rows of a windowed list: fixed windows of rows fetched around the visible range, cached
// by offset, the farthest dropped once too many are held. An account may hold 1,000,000 calls;
// the list never holds more than `maxWindows × windowRows` of them.

/** Rows per `library_list` request. */
export const WINDOW_ROWS = 200;
/** Rows beyond either end of the visible range that should be there before they scroll in. */
export const MARGIN_ROWS = 50;
/** Windows held at most (5,000 rows). */
export const MAX_WINDOWS = 25;

export class WindowCache<T> {
  private readonly windows = new Map<number, T[]>();
  private readonly pending = new Set<number>();
  /** Rows the query matches in all; null until the first window answered. */
  total: number | null = null;

  constructor(
    readonly windowRows = WINDOW_ROWS,
    readonly maxWindows = MAX_WINDOWS,
    readonly marginRows = MARGIN_ROWS,
  ) {}

  windowOf(index: number): number {
    return Math.floor(index / this.windowRows) * this.windowRows;
  }

  rowAt(index: number): T | undefined {
    const offset = this.windowOf(index);
    return this.windows.get(offset)?.[index - offset];
  }

  /** The index of the first held row `match` accepts, or -1. */
  findIndex(match: (row: T) => boolean): number {
    for (const [offset, rows] of this.windows) {
      const i = rows.findIndex(match);
      if (i >= 0) return offset + i;
    }
    return -1;
  }

  /** Rows held now. */
  get heldRows(): number {
    let n = 0;
    for (const rows of this.windows.values()) n += rows.length;
    return n;
  }

  /**
   * The windows rows `first`..`last` (and the margin around them) need that are neither held
   * nor asked for: the visible ones first. Before the total is known, only the first window.
   */
  missing(first: number, last: number): number[] {
    if (this.total === null) return this.windows.has(0) || this.pending.has(0) ? [] : [0];
    const end = this.total - 1;
    if (end < 0) return [];
    const clamp = (i: number) => Math.max(0, Math.min(end, i));
    const visible = [this.windowOf(clamp(first)), this.windowOf(clamp(last))];
    const around = [this.windowOf(clamp(first - this.marginRows)), this.windowOf(clamp(last + this.marginRows))];
    const wanted: number[] = [];
    for (let o = visible[0]!; o <= visible[1]!; o += this.windowRows) wanted.push(o);
    for (let o = around[0]!; o <= around[1]!; o += this.windowRows) if (!wanted.includes(o)) wanted.push(o);
    return wanted.filter((o) => !this.windows.has(o) && !this.pending.has(o));
  }

  /** A request for the window at `offset` went out. */
  begin(offset: number): void {
    this.pending.add(offset);
  }

  /** It failed: it may be asked for again. */
  fail(offset: number): void {
    this.pending.delete(offset);
  }

  /**
   * Its rows arrived, with the query's total. Windows beyond `maxWindows` go, farthest from
   * `keepNear` (the visible range's first row) first.
   */
  store(offset: number, rows: T[], total: number, keepNear: number): void {
    this.pending.delete(offset);
    this.total = total;
    this.windows.set(offset, rows);
    if (this.windows.size <= this.maxWindows) return;
    const byDistance = [...this.windows.keys()].sort((a, b) => Math.abs(b - keepNear) - Math.abs(a - keepNear));
    for (const o of byDistance.slice(0, this.windows.size - this.maxWindows)) this.windows.delete(o);
  }
}
