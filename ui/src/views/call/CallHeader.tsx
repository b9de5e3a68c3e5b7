import { formatDuration, formatInstant } from "../../lib/time";
import { useTimeZone } from "../../state/timeZone";
import type { Conversation } from "./callTypes";
import { CopyButton } from "./CopyButton";

/** Status, who/when, and copyable identifiers of one call. */
export function CallHeader(props: { conversation: Conversation }) {
  const c = props.conversation;
  const { zone } = useTimeZone();
  const category = c.status?.category ?? "unknown";
  const failed = category === "failed";

  return (
    <header className="call-header">
      <div className="call-header__title">
        <span
          className={`status-badge status-badge--${category}`}
          title={c.status?.description ?? undefined}
          data-testid="call-status"
        >
          {c.status?.label ?? "Unknown status"}
        </span>
        <h2 className="call-header__number">
          {c.contact_number ?? "Unknown number"}
          {c.contact_number && <CopyButton value={c.contact_number} label="number" />}
        </h2>
      </div>
      {c.failure_reason && (
        <div
          className={failed ? "call-failure call-failure--prominent" : "call-failure"}
          role={failed ? "alert" : undefined}
          data-testid="failure-reason"
        >
          <strong>{failed ? "Call failed: " : "Note: "}</strong>
          {c.failure_reason}
        </div>
      )}
      <dl className="call-meta">
        <div>
          <dt>Agent</dt>
          <dd>{c.agent_id ?? "—"}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatInstant(c.start_ms, zone)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd>{formatInstant(c.end_ms, zone)}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(c.duration_seconds)}</dd>
        </div>
        <div>
          <dt>Conversation ID</dt>
          <dd className="call-meta__id">
            <code>{c.conversation_id}</code>
            <CopyButton value={c.conversation_id} label="conversation ID" />
          </dd>
        </div>
        <div>
          <dt>Trace ID</dt>
          <dd className="call-meta__id">
            {c.trace_id ? (
              <>
                <code>{c.trace_id}</code>
                <CopyButton value={c.trace_id} label="trace ID" />
              </>
            ) : (
              "—"
            )}
          </dd>
        </div>
      </dl>
    </header>
  );
}
