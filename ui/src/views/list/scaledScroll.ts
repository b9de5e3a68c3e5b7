// Lists taller than a browser lets an element be. WebKit and Chromium cap an element's height at
// 2^25 px (33,554,432) and Firefox lower, so at 32 px a row a list of more than about a million
// calls would be cut off. Past MAX_SCROLL_PX the list is drawn in a scroll area of that height,
// and each pixel scrolled there stands for `factor` pixels of the list: the virtualizer keeps
// working in the list's own pixels, and only the scroll position is translated both ways.
import { elementScroll, observeElementOffset, type Virtualizer } from "@tanstack/react-virtual";

/** The tallest scroll area drawn: half WebKit's cap, under every engine's. */
export const MAX_SCROLL_PX = 16_000_000;

/** List pixels per scrolled pixel, for a list `totalPx` tall in a viewport `viewportPx` tall. */
export function scrollFactor(totalPx: number, viewportPx: number): number {
  if (totalPx <= MAX_SCROLL_PX) return 1;
  const room = MAX_SCROLL_PX - viewportPx;
  return room > 0 ? (totalPx - viewportPx) / room : 1;
}

/** The height the scroll area is drawn at. */
export function drawnHeight(totalPx: number): number {
  return Math.min(totalPx, MAX_SCROLL_PX);
}

/**
 * Where a row that starts at `startPx` of the list is drawn in the scroll area, when the list is
 * scrolled to `offsetPx` (list pixels): as far from the viewport's top as in the list itself.
 */
export function drawnStart(startPx: number, offsetPx: number, factor: number): number {
  return startPx - offsetPx + offsetPx / factor;
}

/**
 * The virtualizer's scroll hooks, translated by the factor `factor()` gives at the time: it reads
 * list pixels and asks to scroll to list pixels; the element moves in drawn pixels.
 */
export function scaledScrollHooks(factor: () => number) {
  return {
    observeElementOffset: (instance: Virtualizer<HTMLDivElement, Element>, cb: (offset: number, scrolling: boolean) => void) =>
      observeElementOffset(instance, (offset, scrolling) => cb(offset * factor(), scrolling)),
    scrollToFn: (
      offset: number,
      options: { adjustments?: number; behavior?: ScrollBehavior },
      instance: Virtualizer<HTMLDivElement, Element>,
    ) => {
      const f = factor();
      elementScroll(offset / f, { ...options, adjustments: (options.adjustments ?? 0) / f }, instance);
    },
  };
}
