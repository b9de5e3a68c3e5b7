/**
 * Colour arithmetic of WCAG 2.x: relative luminance, contrast ratio, and alpha compositing.
 * The app uses it to pick a legible text colour on an account's own colour; the browser tests
 * use the same functions to check every text's contrast against its background.
 * (The formulas are the spec's: https://www.w3.org/TR/WCAG22/#dfn-relative-luminance.)
 */

/** Red, green and blue in 0–255, alpha in 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const HEX = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
// What getComputedStyle returns: "rgb(1, 2, 3)", "rgba(1, 2, 3, 0.5)"; also "rgb(1 2 3 / 50%)".
const RGB = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)\s*(?:[,/]\s*([\d.]+)(%?)\s*)?\)$/i;

/** Parses a hex or rgb()/rgba() colour; null for anything else (named colours, color-mix()). */
export function parseColour(css: string): Rgba | null {
  const text = css.trim();
  if (text === "transparent") return { r: 0, g: 0, b: 0, a: 0 };
  const hex = HEX.exec(text)?.[1];
  if (hex) {
    const digits = hex.length <= 4 ? [...hex].map((d) => d + d) : (hex.match(/../g) ?? []);
    const [r = 0, g = 0, b = 0, a = 255] = digits.map((d) => parseInt(d, 16));
    return { r, g, b, a: a / 255 };
  }
  const rgb = RGB.exec(text);
  if (!rgb) return null;
  const alpha = rgb[4] === undefined ? 1 : Number(rgb[4]) / (rgb[5] === "%" ? 100 : 1);
  return { r: Number(rgb[1]), g: Number(rgb[2]), b: Number(rgb[3]), a: Math.min(1, Math.max(0, alpha)) };
}

/** `top` painted over `bottom` (source-over), as the browser blends a translucent background. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

export function relativeLuminance({ r, g, b }: Rgba): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** From 1 (no contrast) to 21 (black on white). Both colours are taken as opaque. */
export function contrastRatio(a: Rgba, b: Rgba): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

const LIGHT_TEXT = "#ffffff";
const DARK_TEXT = "#111827";

/** White or near-black, whichever reads better on `background` (e.g. an account's colour). */
export function readableTextOn(background: string): string {
  const bg = parseColour(background);
  if (!bg) return LIGHT_TEXT;
  const light = parseColour(LIGHT_TEXT);
  const dark = parseColour(DARK_TEXT);
  if (!light || !dark) return LIGHT_TEXT;
  return contrastRatio(light, bg) >= contrastRatio(dark, bg) ? LIGHT_TEXT : DARK_TEXT;
}
