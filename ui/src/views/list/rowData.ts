// What one list row shows, from either source: a call of the live list (`Conversation`) or a
// row of the library (`CallRow`).
import type { CallRow } from "../../bindings/CallRow";
import type { Conversation, StatusInfo } from "../../ipc/types";
import { statusInfoOf } from "../../lib/statusLabels";

export interface ListRowData {
  id: string;
  startMs: number | null;
  contact: string | null;
  agentId: number | null;
  status: StatusInfo | null;
  durationSecs: number | null;
  /** Library rows only: the figures of the call's analysis, `null` until it is analysed. */
  figures?: RowFigures | null;
}

export interface RowFigures {
  latencyP90Secs: number | null;
  interruptions: number;
}

export function rowOfConversation(c: Conversation): ListRowData {
  return {
    id: c.conversation_id,
    startMs: c.start_ms,
    contact: c.contact_number,
    agentId: c.agent_id,
    status: c.status,
    durationSecs: c.duration_seconds,
  };
}

export function rowOfCallRow(r: CallRow): ListRowData {
  return {
    id: r.conversation_id,
    startMs: r.start_ms,
    contact: r.contact_number,
    agentId: r.agent_id,
    status: statusInfoOf(r.status, r.status_category),
    durationSecs: r.duration_s,
    figures: r.interruptions === null ? null : { latencyP90Secs: r.latency_p90_s, interruptions: r.interruptions },
  };
}

/** The call view's first paint for a library row, until `get_conversation` answers (it reads
 * the stored call, offline too). */
export function summaryOfCallRow(r: CallRow): Conversation {
  return {
    conversation_id: r.conversation_id,
    agent_id: r.agent_id,
    contact_number: r.contact_number,
    duration_seconds: r.duration_s,
    start_ms: r.start_ms,
    end_ms: r.end_ms,
    status: statusInfoOf(r.status, r.status_category),
    failure_reason: r.failure_reason,
    trace_id: null,
    results: null,
    transcript: null,
    raw: {},
  };
}
