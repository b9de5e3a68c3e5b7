/**
 * Canvas drawing of waveform peaks. Only draws: all numbers come from
 * `geometry.ts`, so the maths is unit-tested and this stays a thin layer.
 */
import { aggregatePeaks, lanes, sampleToY, timeToX, type Lane, type ViewWindow } from "./geometry";

export interface Region {
  start: number;
  end: number;
  colour: string;
}

export interface WaveStyle {
  /** One colour per lane (channel); the last one repeats. */
  laneColours: readonly string[];
  /** Lanes drawn dimmed (the channel muted by the channel mode). */
  dimmedLanes: ReadonlySet<number>;
  background: string;
  centreLine: string;
}

export interface WaveScene {
  peaks: ArrayLike<number>;
  channels: number;
  pixelsPerSecond: number;
  view: ViewWindow;
  regions: readonly Region[];
  style: WaveStyle;
}

/**
 * Draws peaks for `scene.view` across a canvas whose backing store is
 * `cssWidth × cssHeight` scaled by `scale` (devicePixelRatio): one min/max
 * column per device pixel, so the result is sharp on HiDPI screens.
 */
export function drawWaveform(
  ctx: CanvasRenderingContext2D,
  cssWidth: number,
  cssHeight: number,
  scale: number,
  scene: WaveScene,
): void {
  const { view, channels, style } = scene;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);

  for (const r of scene.regions) {
    const x0 = timeToX(r.start, view, cssWidth);
    const x1 = timeToX(r.end, view, cssWidth);
    if (x1 < 0 || x0 > cssWidth) continue;
    ctx.fillStyle = r.colour;
    ctx.globalAlpha = 0.14;
    ctx.fillRect(x0, 0, Math.max(1 / scale, x1 - x0), cssHeight);
  }
  ctx.globalAlpha = 1;

  const laneList = lanes(channels, cssHeight);
  const devicePixels = Math.max(1, Math.round(cssWidth * scale));
  const from = view.start * scene.pixelsPerSecond;
  const to = (view.start + view.span) * scene.pixelsPerSecond;
  const columns = aggregatePeaks(scene.peaks, channels, from, to, devicePixels);
  const ch = Math.max(1, channels);
  const columnWidth = 1 / scale;

  laneList.forEach((lane: Lane, c: number) => {
    ctx.fillStyle = style.centreLine;
    ctx.fillRect(0, lane.mid - 0.5 / scale, cssWidth, 1 / scale);
    ctx.fillStyle = style.laneColours[Math.min(c, style.laneColours.length - 1)] ?? style.centreLine;
    ctx.globalAlpha = style.dimmedLanes.has(c) ? 0.25 : 1;
    for (let x = 0; x < devicePixels; x++) {
      const lo = columns[(x * ch + c) * 2] ?? 0;
      const hi = columns[(x * ch + c) * 2 + 1] ?? 0;
      if (lo === 0 && hi === 0) continue;
      const yTop = sampleToY(hi, lane);
      const yBottom = sampleToY(lo, lane);
      // At least one device pixel tall so quiet passages stay visible.
      ctx.fillRect(x * columnWidth, yTop, columnWidth, Math.max(columnWidth, yBottom - yTop));
    }
    ctx.globalAlpha = 1;
  });
}
