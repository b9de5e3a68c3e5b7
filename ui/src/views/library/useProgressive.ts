// Draws a long list in two steps: the first rows in the frame the answer lands in, the rest
// right after it. The user sees results sooner after a keypress; the rest follow unseen.
import { useEffect, useState } from "react";

export const FIRST_DRAWN = 20;

/** How many of `count` items to draw now; `key` is the list (a new one starts over). */
export function useProgressive(key: unknown, count: number): number {
  const [state, setState] = useState<{ key: unknown; shown: number }>({ key, shown: FIRST_DRAWN });
  useEffect(() => {
    if (count <= FIRST_DRAWN) return;
    let timer = 0;
    // After the frame that paints the first rows (rAF runs before it, the timeout after it).
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setState({ key, shown: count }), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [key, count]);
  return Math.min(count, state.key === key ? state.shown : FIRST_DRAWN);
}
