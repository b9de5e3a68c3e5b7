// A library row's figures from the analysis of its recording: the response latency p90,
// coloured as the waveform colours a gap, and the interruptions. "—" for a call not analysed.
import { responseTone } from "../call/analysis/marks";
import type { RowFigures } from "./rowData";
import "./figures.css";

export function CallFiguresBadge({ figures }: { figures: RowFigures | null }) {
  if (figures === null) {
    return (
      <span className="call-figures muted" aria-label="Not analysed yet">
        —
      </span>
    );
  }
  const { latencyP90Secs: p90, interruptions } = figures;
  const label = [
    p90 === null ? "no reply measured" : `reply p90 ${p90.toFixed(1)} s`,
    `${interruptions} ${interruptions === 1 ? "interruption" : "interruptions"}`,
  ].join(", ");
  return (
    <span className="call-figures" aria-label={label} title={label} data-testid="call-figures">
      <span className={`call-figures__p90 ${p90 === null ? "muted" : `call-figures__p90--${responseTone(p90)}`}`}>
        {p90 === null ? "—" : `${p90.toFixed(1)} s`}
      </span>
      {interruptions > 0 && <span className="call-figures__interruptions">⇄{interruptions}</span>}
    </span>
  );
}
