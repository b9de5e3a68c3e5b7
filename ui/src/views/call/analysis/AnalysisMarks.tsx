// The analysis drawn over the waveform's overview: each mark a button at its place in the call,
// coloured by kind (response gaps by how long the caller waited), named for screen readers.
import type { Mark } from "./marks";

/** Marks narrower than this are widened so they can be seen and clicked. */
const MIN_WIDTH_PX = 4;

export function AnalysisMarks({ marks, duration, onSeek }: { marks: readonly Mark[]; duration: number; onSeek: (secs: number) => void }) {
  if (duration <= 0 || marks.length === 0) return null;
  const percent = (secs: number) => `${Math.min(100, Math.max(0, (secs / duration) * 100))}%`;
  return (
    <div className="analysis-marks" role="group" aria-label="Call analysis marks">
      {marks.map((m) => (
        <button
          key={`${m.kind}-${m.start}`}
          type="button"
          className={`analysis-mark analysis-mark--${m.tone}`}
          data-testid="analysis-mark"
          data-kind={m.kind}
          data-start={m.start.toFixed(3)}
          style={{ left: percent(m.start), width: `max(${MIN_WIDTH_PX}px, calc(${percent(m.end)} - ${percent(m.start)}))` }}
          aria-label={m.label}
          title={m.label}
          // The overview seeks (and moves the zoom window) on pointer down: the mark's own seek wins.
          onPointerDown={(e) => e.stopPropagation()}
          onClick={() => onSeek(m.seekTo)}
        />
      ))}
    </div>
  );
}
