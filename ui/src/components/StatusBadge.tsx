import type { StatusInfo } from "../ipc/types";

/** A status pill coloured by category (connected green, not reached amber, failed red). */
export function StatusBadge({ status }: { status: StatusInfo | null }) {
  if (!status) return <span className="status-badge status-badge--unknown">Unknown</span>;
  return (
    <span
      className={`status-badge status-badge--${status.category}`}
      title={status.description || status.code}
      data-status-code={status.code}
    >
      {status.label}
    </span>
  );
}
