// Renders any AppError by its kind, with the one action that kind calls for. Views pass the
// callbacks they can honour; the notice never looks at the message text.
import type { ReactNode } from "react";
import type { AppError, ErrorKind } from "../ipc/core";
import { useRateLimitRetry } from "../hooks/useRateLimitRetry";

export interface ErrorNoticeProps {
  error: AppError;
  /** Re-run what failed (network, timeout, server, bad_response, recording_unavailable, rate_limited, unknown). */
  onRetry?: () => void;
  /** Open the account dialog on the key (auth). */
  onUpdateKey?: () => void;
  onDismiss?: () => void;
  /** Further actions of the context (e.g. "Rebuild library"), before the kind's own. */
  actions?: ReactNode;
  /** A heading for context, e.g. "Could not load calls". */
  title?: string;
  className?: string;
}

const RETRYABLE: ReadonlySet<ErrorKind> = new Set([
  "network",
  "timeout",
  "server",
  "bad_response",
  "recording_unavailable",
  // An internal failure (e.g. a command that panicked on odd server data): trying again is all
  // the user can do, and it may well work (another page, a fixed-up answer).
  "unknown",
]);

function headline(kind: ErrorKind): string {
  switch (kind) {
    case "auth":
      return "The API key was rejected";
    case "not_found":
      return "Not found";
    case "recording_unavailable":
      return "Recording not available yet";
    case "rate_limited":
      return "Too many requests";
    case "network":
      return "Cannot reach the server";
    case "timeout":
      return "The server took too long";
    case "server":
      return "The server had a problem";
    case "bad_response":
      return "Unexpected answer from the server";
    case "keychain":
      return "The system keychain is unavailable";
    case "audio":
      return "Audio problem";
    case "invalid_input":
      return "Please check the input";
    case "io":
      return "File problem";
    case "cancelled":
      return "Cancelled";
    case "library_damaged":
      return "The library file is damaged";
    case "unknown":
      return "Something went wrong";
  }
}

export function ErrorNotice({ error, onRetry, onUpdateKey, onDismiss, actions, title, className }: ErrorNoticeProps) {
  const countdown = useRateLimitRetry(error, onRetry);
  const tone = error.kind === "keychain" ? "banner" : error.kind === "cancelled" ? "muted" : "error";
  return (
    <div
      className={`error-notice error-notice--${tone} ${className ?? ""}`}
      role="alert"
      data-error-kind={error.kind}
    >
      <div className="error-notice__text">
        <strong className="error-notice__title">{title ?? headline(error.kind)}</strong>
        <span className="error-notice__message">{error.message}</span>
        {error.kind === "rate_limited" && countdown !== null && (
          <span className="error-notice__countdown" data-testid="rate-limit-countdown">
            Retrying in {countdown} s…
          </span>
        )}
      </div>
      <div className="error-notice__actions">
        {actions}
        {error.kind === "auth" && onUpdateKey && (
          <button type="button" className="btn btn--primary" onClick={onUpdateKey}>
            Update key
          </button>
        )}
        {RETRYABLE.has(error.kind) && onRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            Retry
          </button>
        )}
        {error.kind === "rate_limited" && onRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            Retry now
          </button>
        )}
        {onDismiss && (
          <button type="button" className="btn btn--ghost" onClick={onDismiss} aria-label="Dismiss">
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
