import { useEffect, useRef, useState, type RefObject } from "react";
import { backingSize } from "./geometry";

export interface CanvasSize {
  cssWidth: number;
  cssHeight: number;
  scale: number;
}

/**
 * Tracks an element's CSS size and the devicePixelRatio, and sizes the
 * canvas backing store to match so drawings stay sharp on HiDPI screens and
 * after the window is moved to a screen with another ratio.
 */
export function useCanvasSize(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  cssHeight: number,
): CanvasSize {
  const [size, setSize] = useState<CanvasSize>({ cssWidth: 0, cssHeight, scale: 1 });
  const lastRef = useRef(size);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const measure = () => {
      const cssWidth = Math.floor(canvas.getBoundingClientRect().width);
      const { width, height, scale } = backingSize(cssWidth, cssHeight, window.devicePixelRatio);
      if (canvas.width !== width) canvas.width = width;
      if (canvas.height !== height) canvas.height = height;
      const last = lastRef.current;
      if (last.cssWidth !== cssWidth || last.scale !== scale || last.cssHeight !== cssHeight) {
        lastRef.current = { cssWidth, cssHeight, scale };
        setSize(lastRef.current);
      }
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(canvas);
    // A change of devicePixelRatio (zoom, other screen) does not resize the element.
    const media = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
    media.addEventListener("change", measure);
    return () => {
      observer.disconnect();
      media.removeEventListener("change", measure);
    };
  }, [canvasRef, cssHeight]);

  return size;
}
