/**
 * The waveform's colours come from the design tokens (styles/tokens.css), read off the canvas
 * element with getComputedStyle, so the canvas follows the colour scheme like the CSS does.
 * A canvas keeps its pixels when the scheme changes, so `useColourScheme` tells the view to
 * draw again.
 */
import { useSyncExternalStore } from "react";
import type { ChannelMode } from "./Waveform";
import type { Region, WaveStyle } from "./draw";

const DARK = "(prefers-color-scheme: dark)";

export type ColourScheme = "light" | "dark";

function darkQuery(): MediaQueryList | null {
  return typeof window.matchMedia === "function" ? window.matchMedia(DARK) : null;
}

function subscribe(onChange: () => void): () => void {
  const query = darkQuery();
  query?.addEventListener("change", onChange);
  return () => query?.removeEventListener("change", onChange);
}

/** The system's colour scheme now; re-renders when it changes. */
export function useColourScheme(): ColourScheme {
  return useSyncExternalStore(subscribe, () => (darkQuery()?.matches ? "dark" : "light"));
}

const VAR_REFERENCE = /^var\(\s*(--[\w-]+)\s*\)$/;

/** `value` itself, or the token a `var(--name)` reference names, as set on `css`'s element. */
export function resolveColour(css: CSSStyleDeclaration, value: string): string {
  const name = VAR_REFERENCE.exec(value.trim())?.[1];
  if (!name) return value;
  return css.getPropertyValue(name).trim() || value;
}

/** Lane colours, background and centre line for `channels` under the current scheme. */
export function waveStyle(css: CSSStyleDeclaration, channels: number, mode: ChannelMode): WaveStyle {
  const token = (name: string) => css.getPropertyValue(name).trim();
  const dimmed = new Set<number>();
  if (channels === 2 && mode === "left") dimmed.add(1);
  if (channels === 2 && mode === "right") dimmed.add(0);
  return {
    laneColours: channels === 2 ? [token("--wave-lane-1"), token("--wave-lane-2")] : [token("--wave-mono")],
    dimmedLanes: dimmed,
    background: token("--wave-bg"),
    centreLine: token("--wave-centre"),
  };
}

/** Regions with their token references resolved to colours a canvas can paint. */
export function resolveRegions(css: CSSStyleDeclaration, regions: readonly Region[]): Region[] {
  return regions.map((r) => ({ ...r, colour: resolveColour(css, r.colour) }));
}
