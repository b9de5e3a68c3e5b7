// A rate-limited request waits the server's Retry-After (default 5 s) with a visible countdown,
// then retries by itself.
import { useEffect, useRef, useState } from "react";
import type { AppError } from "../ipc/core";

export const DEFAULT_RETRY_AFTER_SECS = 5;

/** Seconds to wait before retrying after `error` (only meaningful for `rate_limited`). */
export function retryDelaySecs(error: AppError): number {
  const secs = error.retryAfterSecs;
  return secs !== null && secs >= 0 ? Math.ceil(secs) : DEFAULT_RETRY_AFTER_SECS;
}

/**
 * While `error` is `rate_limited`, counts down once per second and calls `onRetry` at zero.
 * Returns the seconds left, or `null` when no countdown is running.
 */
export function useRateLimitRetry(error: AppError | null, onRetry: (() => void) | undefined): number | null {
  const active = error !== null && error.kind === "rate_limited" && onRetry !== undefined;
  const [left, setLeft] = useState<number | null>(null);
  const retryRef = useRef(onRetry);
  useEffect(() => {
    retryRef.current = onRetry;
  }, [onRetry]);

  useEffect(() => {
    if (!active || error === null) {
      setLeft(null);
      return;
    }
    const deadline = Date.now() + retryDelaySecs(error) * 1000;
    setLeft(retryDelaySecs(error));
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        window.clearInterval(timer);
        retryRef.current?.();
      }
    }, 250);
    return () => window.clearInterval(timer);
  }, [active, error]);

  return left;
}
