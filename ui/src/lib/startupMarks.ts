// Named moments of the app's start, read by the app benchmark (tests/tests/app_bench.rs) to
// split "launch → first row" into its parts. A mark costs microseconds; nothing else reads them.
export const STARTUP_MARKS = {
  /** The bundle's first line ran. */
  script: "startup:script",
  /** The accounts arrived from the backend. */
  accounts: "startup:accounts",
  /** The list's first page arrived. */
  firstPage: "startup:first-page",
} as const;

/** Marks `name` the first time only (later reloads of the same data are not the start). */
export function markStartup(name: string): void {
  if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name);
}
