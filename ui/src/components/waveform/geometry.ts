/**
 * Pure geometry for the waveform: mapping between time and x, the zoomed
 * detail window, channel lanes and min/max aggregation of peaks.
 *
 * Peaks follow the IPC layout: for each peak pixel, for each channel, a
 * `min` then a `max` (int16 range). A "peak pixel" is 1 / pixels_per_second
 * seconds of audio at the finest level the backend computed.
 */

/** A visible time window in seconds: `[start, start + span)`. */
export interface ViewWindow {
  start: number;
  span: number;
}

/** Seconds → x (CSS pixels) inside a window drawn `width` pixels wide. */
export function timeToX(secs: number, view: ViewWindow, width: number): number {
  if (view.span <= 0) return 0;
  return ((secs - view.start) / view.span) * width;
}

/** x (CSS pixels) → seconds, clamped to `[0, duration]`. */
export function xToTime(x: number, view: ViewWindow, width: number, duration: number): number {
  if (width <= 0) return 0;
  const secs = view.start + (x / width) * view.span;
  return clamp(secs, 0, Math.max(0, duration));
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/**
 * How far one peak pixel may be stretched when zoomed in (CSS pixels). Beyond
 * a little stretching the view shows no more detail, only bigger blocks, but
 * some stretch lets a user place the playhead precisely on a wide screen.
 */
export const MAX_STRETCH = 8;

/** The narrowest span the detail view may show. */
export function minSpan(width: number, pixelsPerSecond: number, duration: number): number {
  if (pixelsPerSecond <= 0 || width <= 0) return duration;
  return Math.min(duration, width / (pixelsPerSecond * MAX_STRETCH));
}

/** Keeps a window inside the recording and inside the allowed zoom range. */
export function clampWindow(
  view: ViewWindow,
  duration: number,
  width: number,
  pixelsPerSecond: number,
): ViewWindow {
  if (duration <= 0) return { start: 0, span: 0 };
  const span = clamp(view.span, minSpan(width, pixelsPerSecond, duration), duration);
  const start = clamp(view.start, 0, duration - span);
  return { start, span };
}

/**
 * Zooms by `factor` (> 1 zooms in) keeping the time under `anchorX` fixed on
 * screen, so the wheel/pinch feels anchored to the pointer.
 */
export function zoomAt(
  view: ViewWindow,
  factor: number,
  anchorX: number,
  width: number,
  duration: number,
  pixelsPerSecond: number,
): ViewWindow {
  if (factor <= 0 || width <= 0) return view;
  const anchorFraction = clamp(anchorX / width, 0, 1);
  const anchorTime = view.start + anchorFraction * view.span;
  const span = clamp(view.span / factor, minSpan(width, pixelsPerSecond, duration), duration);
  return clampWindow(
    { start: anchorTime - anchorFraction * span, span },
    duration,
    width,
    pixelsPerSecond,
  );
}

/**
 * Scrolls the window just enough to keep `secs` visible: when the playhead
 * runs off the right edge, the next page comes into view.
 */
export function follow(view: ViewWindow, secs: number, duration: number): ViewWindow {
  if (secs >= view.start && secs <= view.start + view.span) return view;
  const start = clamp(secs - view.span * 0.1, 0, Math.max(0, duration - view.span));
  return { start, span: view.span };
}

/** One horizontal band of the canvas for one channel. */
export interface Lane {
  top: number;
  height: number;
  /** The y of the zero line. */
  mid: number;
}

/** Splits `height` into one lane per channel (stereo calls: agent on top, customer below). */
export function lanes(channels: number, height: number, gap = 4): Lane[] {
  const count = Math.max(1, channels);
  const laneHeight = (height - gap * (count - 1)) / count;
  return Array.from({ length: count }, (_, i) => {
    const top = i * (laneHeight + gap);
    return { top, height: laneHeight, mid: top + laneHeight / 2 };
  });
}

/** int16 sample → y inside a lane (full scale fills the lane). */
export function sampleToY(sample: number, lane: Lane): number {
  return lane.mid - (sample / 32768) * (lane.height / 2);
}

/** Number of peak pixels present in a peaks array. */
export function peakPixelCount(peaks: ArrayLike<number>, channels: number): number {
  return Math.floor(peaks.length / (2 * Math.max(1, channels)));
}

/**
 * Aggregates peak pixels `[from, to)` into `buckets` buckets, taking the min of
 * the mins and the max of the maxes per channel. Used both to shrink the whole
 * call into the overview and to fit the detail window into the canvas width.
 * A bucket that covers no data yet (still downloading) is `[0, 0]`.
 * When there are fewer pixels than buckets, neighbouring buckets repeat the
 * same pixel, so a zoomed-in view is stretched rather than gapped.
 */
export function aggregatePeaks(
  peaks: ArrayLike<number>,
  channels: number,
  from: number,
  to: number,
  buckets: number,
): Int16Array {
  const ch = Math.max(1, channels);
  const out = new Int16Array(Math.max(0, buckets) * ch * 2);
  const available = peakPixelCount(peaks, ch);
  if (buckets <= 0 || to <= from) return out;
  const perBucket = (to - from) / buckets;
  for (let b = 0; b < buckets; b++) {
    let p0 = Math.floor(from + b * perBucket);
    let p1 = Math.floor(from + (b + 1) * perBucket);
    if (p1 <= p0) p1 = p0 + 1;
    p0 = Math.max(0, p0);
    p1 = Math.min(available, p1);
    for (let c = 0; c < ch; c++) {
      let lo = 0;
      let hi = 0;
      let seen = false;
      for (let p = p0; p < p1; p++) {
        const base = (p * ch + c) * 2;
        const mn = peaks[base] ?? 0;
        const mx = peaks[base + 1] ?? 0;
        if (!seen) {
          lo = mn;
          hi = mx;
          seen = true;
        } else {
          if (mn < lo) lo = mn;
          if (mx > hi) hi = mx;
        }
      }
      out[(b * ch + c) * 2] = lo;
      out[(b * ch + c) * 2 + 1] = hi;
    }
  }
  return out;
}

/** Canvas backing-store size for a CSS size, so lines stay sharp on HiDPI screens. */
export function backingSize(
  cssWidth: number,
  cssHeight: number,
  devicePixelRatio: number,
): { width: number; height: number; scale: number } {
  const scale = devicePixelRatio > 0 ? devicePixelRatio : 1;
  return {
    width: Math.max(1, Math.round(cssWidth * scale)),
    height: Math.max(1, Math.round(cssHeight * scale)),
    scale,
  };
}
