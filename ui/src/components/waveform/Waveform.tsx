import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import type { PlayerClock } from "../../views/call/playerClock";
import { sliderTarget } from "../../views/call/playerKeys";
import { drawWaveform, type Region } from "./draw";
import { clampWindow, follow, timeToX, xToTime, zoomAt, type ViewWindow } from "./geometry";
import { resolveRegions, useColourScheme, waveStyle } from "./theme";
import { formatClock, scrubberValueText } from "./timeText";
import { useCanvasSize } from "./useCanvas";
import "./waveform.css";

export type ChannelMode = "both" | "left" | "right";

export interface WaveformProps {
  peaks: ArrayLike<number>;
  channels: number;
  pixelsPerSecond: number;
  /** Seconds; may grow while the recording downloads. */
  duration: number;
  regions: readonly Region[];
  clock: PlayerClock;
  channelMode: ChannelMode;
  onSeek: (secs: number) => void;
  /** Drawn over the overview (the whole call, left to right): e.g. the call analysis marks. */
  overviewOverlay?: ReactNode;
}

const OVERVIEW_HEIGHT = 44;
const DETAIL_HEIGHT = 132;
const INITIAL_SPAN = 30;
const ZOOM_STEP = 1.6;
/**
 * The recording's waveform: an overview of the whole call and a zoomable
 * detail view with a playhead. The detail view is the ARIA slider used to seek.
 */
export function Waveform(props: WaveformProps) {
  const { peaks, channels, pixelsPerSecond, duration, regions, clock, channelMode, onSeek, overviewOverlay } = props;
  const overviewRef = useRef<HTMLCanvasElement>(null);
  const detailRef = useRef<HTMLCanvasElement>(null);
  const overviewHeadRef = useRef<HTMLDivElement>(null);
  const detailHeadRef = useRef<HTMLDivElement>(null);
  const overviewSize = useCanvasSize(overviewRef, OVERVIEW_HEIGHT);
  const detailSize = useCanvasSize(detailRef, DETAIL_HEIGHT);
  const [view, setView] = useState<ViewWindow>({ start: 0, span: INITIAL_SPAN });
  const [hover, setHover] = useState<{ x: number; secs: number } | null>(null);
  const [dragSecs, setDragSecs] = useState<number | null>(null);
  const pointers = useRef(new Map<number, number>());
  const pinchDistance = useRef<number | null>(null);
  const scheme = useColourScheme();

  const shown = useMemo(
    () => clampWindow(view, duration, detailSize.cssWidth, pixelsPerSecond),
    [view, duration, detailSize.cssWidth, pixelsPerSecond],
  );
  const whole = useMemo<ViewWindow>(() => ({ start: 0, span: duration }), [duration]);

  // Draw both canvases when data, window, size or colour scheme change (peaks grow while
  // downloading). Colours are the design tokens as they apply to each canvas.
  useLayoutEffect(() => {
    const draw = (canvas: HTMLCanvasElement | null, cssWidth: number, cssHeight: number, scale: number, w: ViewWindow) => {
      const ctx = canvas?.getContext("2d");
      if (!canvas || !ctx || cssWidth <= 0 || w.span <= 0) return;
      const css = getComputedStyle(canvas);
      const style = waveStyle(css, channels, channelMode);
      const painted = resolveRegions(css, regions);
      drawWaveform(ctx, cssWidth, cssHeight, scale, { peaks, channels, pixelsPerSecond, view: w, regions: painted, style });
    };
    draw(overviewRef.current, overviewSize.cssWidth, OVERVIEW_HEIGHT, overviewSize.scale, whole);
    draw(detailRef.current, detailSize.cssWidth, DETAIL_HEIGHT, detailSize.scale, shown);
  }, [peaks, channels, channelMode, pixelsPerSecond, regions, scheme, whole, shown, overviewSize, detailSize]);

  // Playhead: moved every frame from the interpolated clock while playing (without React renders),
  // and once per clock change while paused, so an idle call view costs no frames.
  const shownRef = useRef(shown);
  shownRef.current = shown;
  useEffect(() => {
    let frame = 0;
    const place = () => {
      const secs = dragSecs ?? clock.now(performance.now());
      const put = (el: HTMLDivElement | null, w: ViewWindow, width: number) => {
        if (!el) return;
        const x = timeToX(secs, w, width);
        el.style.transform = `translateX(${x}px)`;
        el.style.visibility = x < 0 || x > width ? "hidden" : "visible";
      };
      put(overviewHeadRef.current, whole, overviewSize.cssWidth);
      put(detailHeadRef.current, shownRef.current, detailSize.cssWidth);
      return secs;
    };
    const tick = () => {
      frame = 0;
      const secs = place();
      if (clock.snapshot.playing && dragSecs === null) {
        const next = follow(shownRef.current, secs, duration);
        if (next !== shownRef.current) setView(next);
        frame = requestAnimationFrame(tick);
      }
    };
    const wake = () => {
      if (frame === 0) frame = requestAnimationFrame(tick);
    };
    wake();
    const unsubscribe = clock.subscribe(wake);
    return () => {
      unsubscribe();
      cancelAnimationFrame(frame);
    };
  }, [clock, whole, duration, dragSecs, overviewSize.cssWidth, detailSize.cssWidth, shown]);

  // The slider value is only re-rendered once per whole second.
  const wholeSecond = useSyncExternalStore(clock.subscribe, () => Math.floor(clock.snapshot.secs));
  const valueNow = dragSecs !== null ? Math.floor(dragSecs) : wholeSecond;

  const zoom = useCallback(
    (factor: number, anchorX?: number) => {
      setView((v) => {
        const current = clampWindow(v, duration, detailSize.cssWidth, pixelsPerSecond);
        return zoomAt(current, factor, anchorX ?? detailSize.cssWidth / 2, detailSize.cssWidth, duration, pixelsPerSecond);
      });
    },
    [duration, detailSize.cssWidth, pixelsPerSecond],
  );

  // Wheel must be a non-passive listener to stop the page from scrolling while zooming.
  useEffect(() => {
    const canvas = detailRef.current;
    if (!canvas) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const x = e.clientX - canvas.getBoundingClientRect().left;
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY) && !e.ctrlKey) {
        setView((v) => {
          const current = clampWindow(v, duration, detailSize.cssWidth, pixelsPerSecond);
          const shift = (e.deltaX / Math.max(1, detailSize.cssWidth)) * current.span;
          return clampWindow({ ...current, start: current.start + shift }, duration, detailSize.cssWidth, pixelsPerSecond);
        });
        return;
      }
      // Trackpad pinch arrives as ctrl+wheel with small deltas; mouse wheels as large steps.
      const factor = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
      zoom(factor, x);
    };
    canvas.addEventListener("wheel", onWheel, { passive: false });
    return () => canvas.removeEventListener("wheel", onWheel);
  }, [zoom, duration, detailSize.cssWidth, pixelsPerSecond]);

  const secsAt = (e: React.PointerEvent<HTMLElement>, w: ViewWindow, width: number) => {
    const x = e.clientX - e.currentTarget.getBoundingClientRect().left;
    return { x, secs: xToTime(x, w, width, duration) };
  };

  const onDetailDown = (e: React.PointerEvent<HTMLDivElement>) => {
    pointers.current.set(e.pointerId, e.clientX);
    e.currentTarget.setPointerCapture?.(e.pointerId);
    if (pointers.current.size === 2) {
      const [a, b] = [...pointers.current.values()];
      pinchDistance.current = Math.abs((a ?? 0) - (b ?? 0));
      setDragSecs(null);
      return;
    }
    setDragSecs(secsAt(e, shown, detailSize.cssWidth).secs);
  };
  const onDetailMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const at = secsAt(e, shown, detailSize.cssWidth);
    setHover(at);
    if (!pointers.current.has(e.pointerId)) return;
    pointers.current.set(e.pointerId, e.clientX);
    if (pointers.current.size === 2 && pinchDistance.current) {
      const [a, b] = [...pointers.current.values()];
      const distance = Math.abs((a ?? 0) - (b ?? 0));
      if (distance > 0) zoom(distance / pinchDistance.current, at.x);
      pinchDistance.current = distance;
      return;
    }
    if (dragSecs !== null) setDragSecs(at.secs);
  };
  const onDetailUp = (e: React.PointerEvent<HTMLDivElement>) => {
    pointers.current.delete(e.pointerId);
    if (pointers.current.size < 2) pinchDistance.current = null;
    if (dragSecs !== null) {
      onSeek(secsAt(e, shown, detailSize.cssWidth).secs);
      setDragSecs(null);
    }
  };
  const onOverviewDown = (e: React.PointerEvent<HTMLDivElement>) => {
    const { secs } = secsAt(e, whole, overviewSize.cssWidth);
    onSeek(secs);
    setView((v) => ({ start: secs - v.span / 2, span: v.span }));
  };

  const onSliderKey = (e: React.KeyboardEvent<HTMLDivElement>) => {
    const target = sliderTarget(e.key, e.shiftKey, clock.now(performance.now()), duration);
    if (target === null) return;
    e.preventDefault();
    // The player's global shortcuts would handle the same arrows again.
    e.stopPropagation();
    onSeek(target);
  };

  const viewBox = {
    left: timeToX(shown.start, whole, overviewSize.cssWidth),
    width: timeToX(shown.start + shown.span, whole, overviewSize.cssWidth) - timeToX(shown.start, whole, overviewSize.cssWidth),
  };

  return (
    <div className="waveform">
      <div className="waveform-overview" onPointerDown={onOverviewDown} title="Overview of the whole call" data-duration={duration}>
        <canvas ref={overviewRef} style={{ width: "100%", height: OVERVIEW_HEIGHT }} data-testid="waveform-overview" />
        <div className="waveform-viewbox" style={{ left: viewBox.left, width: Math.max(2, viewBox.width) }} />
        {overviewOverlay}
        <div ref={overviewHeadRef} className="waveform-playhead" />
      </div>
      <div
        className="waveform-detail"
        role="slider"
        tabIndex={0}
        aria-label="Playback position"
        aria-valuemin={0}
        aria-valuemax={Math.floor(duration)}
        aria-valuenow={Math.min(valueNow, Math.floor(duration))}
        aria-valuetext={scrubberValueText(Math.min(valueNow, duration), duration)}
        onKeyDown={onSliderKey}
        onPointerDown={onDetailDown}
        onPointerMove={onDetailMove}
        onPointerUp={onDetailUp}
        onPointerCancel={onDetailUp}
        onPointerLeave={() => setHover(null)}
      >
        <canvas ref={detailRef} style={{ width: "100%", height: DETAIL_HEIGHT }} data-testid="waveform-detail" />
        <div ref={detailHeadRef} className="waveform-playhead" />
        {hover && (
          <div className="waveform-hover" style={{ transform: `translateX(${hover.x}px)` }}>
            <span>{formatClock(hover.secs)}</span>
          </div>
        )}
      </div>
      <div className="waveform-zoom">
        <button type="button" className="btn btn--small" onClick={() => zoom(1 / ZOOM_STEP)} aria-label="Zoom out" disabled={shown.span >= duration}>
          −
        </button>
        <button type="button" className="btn btn--small" onClick={() => zoom(ZOOM_STEP)} aria-label="Zoom in">
          +
        </button>
        <span className="waveform-span">{formatClock(shown.start)}–{formatClock(shown.start + shown.span)}</span>
      </div>
    </div>
  );
}
