// Calls over time, stacked by status category: an SVG drawn with the colour tokens (via CSS
// classes), every bar a button that says what it holds ("18 Mar: 40 calls, 12 failed").
import { useMemo } from "react";
import type { TimelineBucket, TimelinePoint } from "../../ipc/libraryQuery";
import { formatCount, type TimeZoneChoice } from "../../lib/time";
import { chartGeometry, labelledBars, pointTotal, STACK_ORDER } from "./chartGeometry";
import { CATEGORY_LABELS } from "../../lib/statusLabels";
import { barText, bucketLabel } from "./labels";

const WIDTH = 640;
const HEIGHT = 190;
const LEFT = 40;
const RIGHT = 8;
const TOP = 10;
const BOTTOM = 24;
const PLOT_W = WIDTH - LEFT - RIGHT;
const PLOT_H = HEIGHT - TOP - BOTTOM;

export function TimelineChart(props: {
  points: TimelinePoint[];
  bucket: TimelineBucket;
  zone: TimeZoneChoice;
  onBar: (point: TimelinePoint) => void;
}) {
  const { points, bucket, zone, onBar } = props;
  const geometry = useMemo(() => chartGeometry(points, bucket, PLOT_W, PLOT_H), [points, bucket]);
  const labelled = useMemo(() => labelledBars(geometry.bars.length, 8), [geometry.bars.length]);
  const totals = useMemo(() => {
    const t = { connected: 0, not_reached: 0, failed: 0, unknown: 0, all: 0 };
    for (const p of points) {
      t.connected += p.connected;
      t.not_reached += p.not_reached;
      t.failed += p.failed;
      t.unknown += p.unknown;
      t.all += pointTotal(p);
    }
    return t;
  }, [points]);

  if (points.length === 0) {
    return <p className="library-empty muted">No calls with a start time in this range.</p>;
  }

  return (
    <figure className="timeline" aria-label={`Calls per ${bucket}, by status`}>
      <svg
        className="timeline__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="group"
        aria-label={`Calls per ${bucket}: ${formatCount(totals.all)} in all`}
        data-testid="timeline"
      >
        <g transform={`translate(${LEFT} ${TOP})`}>
          {geometry.ticks.map((tick) => {
            const y = PLOT_H - (tick / geometry.scaleMax) * PLOT_H;
            return (
              <g key={tick} aria-hidden="true">
                <line className="timeline__grid" x1={0} x2={PLOT_W} y1={y} y2={y} />
                <text className="timeline__axis" x={-6} y={y} dy="0.32em" textAnchor="end">
                  {formatCount(tick)}
                </text>
              </g>
            );
          })}
          {geometry.bars.map((bar, i) => {
            const label = barText(bucketLabel(bar.point.start_ms, bucket, zone), bar.total, bar.point.failed);
            return (
              <g
                key={bar.point.start_ms}
                className="timeline__bar"
                data-testid="timeline-bar"
                data-start-ms={bar.point.start_ms}
                data-total={bar.total}
                data-failed={bar.point.failed}
                role="button"
                tabIndex={0}
                aria-label={label}
                onClick={() => onBar(bar.point)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault();
                    onBar(bar.point);
                  }
                }}
              >
                <title>{label}</title>
                {/* The whole column answers the pointer, so a short bar is as easy to hit as a tall one. */}
                <rect className="timeline__hit" x={bar.x} y={0} width={bar.width} height={PLOT_H} />
                {bar.segments.map((s) => (
                  <rect
                    key={s.category}
                    className={`timeline__seg timeline__seg--${s.category}`}
                    x={bar.x}
                    y={s.y}
                    width={bar.width}
                    height={s.height}
                  />
                ))}
                {labelled.has(i) && (
                  <text className="timeline__axis" x={bar.x + bar.width / 2} y={PLOT_H + 16} textAnchor="middle" aria-hidden="true">
                    {bucketLabel(bar.point.start_ms, bucket, zone)}
                  </text>
                )}
              </g>
            );
          })}
          <line className="timeline__baseline" x1={0} x2={PLOT_W} y1={PLOT_H} y2={PLOT_H} aria-hidden="true" />
        </g>
      </svg>
      <figcaption className="timeline__legend">
        {[...STACK_ORDER].reverse().map((category) => (
          <span key={category} className="timeline__key">
            <span className={`timeline__swatch timeline__seg--${category}`} aria-hidden="true" />
            {CATEGORY_LABELS[category]} <span className="timeline__key-count">{formatCount(totals[category])}</span>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
