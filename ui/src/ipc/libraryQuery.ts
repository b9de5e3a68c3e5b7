// Questions asked of the local library over one or more accounts: full-text search, triage
// counts and the calls over time. All run in the store on the Rust side; the webview only draws.
import { call } from "./core";
import type { Filter } from "../bindings/Filter";
import type { LibrarySearchHit } from "../bindings/LibrarySearchHit";
import type { LibrarySearchResults } from "../bindings/LibrarySearchResults";
import type { Timeline } from "../bindings/Timeline";
import type { TimelineBucket } from "../bindings/TimelineBucket";
import type { TimelinePoint } from "../bindings/TimelinePoint";
import type { Triage } from "../bindings/Triage";
import type { TriageBy } from "../bindings/TriageBy";
import type { TriageGroup } from "../bindings/TriageGroup";

export type {
  Filter,
  LibrarySearchHit,
  LibrarySearchResults,
  Timeline,
  TimelineBucket,
  TimelinePoint,
  Triage,
  TriageBy,
  TriageGroup,
};

/** Ranked hits (best first) of `text` in the accounts' transcripts, results, reasons, numbers, ids. */
export const librarySearch = (accountIds: string[], text: string, filter: Filter, limit: number) =>
  call("library_search", { accountIds, text, filter, limit });

/** The calls of `filter` counted by `by`; days and hours in the zone `utcOffsetMinutes` east of UTC. */
export const libraryTriage = (accountIds: string[], by: TriageBy, filter: Filter, utcOffsetMinutes: number) =>
  call("library_triage", { accountIds, by, filter, utcOffsetMinutes });

/** Response latency of the analysed calls of `filter` by `by`: median p50 and 90th-percentile p90. */
export const libraryLatency = (accountIds: string[], by: TriageBy, filter: Filter, utcOffsetMinutes: number) =>
  call("library_latency", { accountIds, by, filter, utcOffsetMinutes });

/** Calls per day or hour, split by status category. */
export const libraryTimeline = (
  accountIds: string[],
  bucket: TimelineBucket,
  filter: Filter,
  utcOffsetMinutes: number,
) => call("library_timeline", { accountIds, bucket, filter, utcOffsetMinutes });
