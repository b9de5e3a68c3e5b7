import { useMemo, useState } from "react";
import { flattenResults } from "./resultsTree";

/** The call's structured results as an indented key/value list, with a raw-JSON toggle. */
export function ResultsTree(props: { results: Record<string, unknown> | null; raw: Record<string, unknown> }) {
  const [showRaw, setShowRaw] = useState(false);
  const rows = useMemo(() => flattenResults(props.results), [props.results]);
  const rawText = useMemo(() => (showRaw ? JSON.stringify(props.raw, null, 2) : ""), [showRaw, props.raw]);

  return (
    <section className="call-results" aria-labelledby="call-results-title">
      <div className="call-section-head">
        <h3 id="call-results-title">Results</h3>
        <label className="call-raw-toggle">
          <input type="checkbox" checked={showRaw} onChange={(e) => setShowRaw(e.target.checked)} />
          Raw JSON
        </label>
      </div>
      {showRaw ? (
        <pre className="call-raw-json" data-testid="raw-json">
          {rawText}
        </pre>
      ) : rows.length === 0 ? (
        <p className="call-empty">No results for this call.</p>
      ) : (
        <dl className="results-tree" data-testid="results-tree">
          {rows.map((row) => (
            <div
              key={row.path}
              className={`results-row results-${row.kind}`}
              style={{ paddingInlineStart: `${row.depth * 1.25}rem` }}
            >
              <dt title={row.path}>{row.label}</dt>
              <dd className={row.kind === "object" || row.kind === "array" ? "results-summary" : undefined}>
                {row.display}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
