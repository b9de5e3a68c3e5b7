// The call's figures from its audio: response latency (p50 / p90 / max), interruptions, dead
// air, the agent's share of the talking and the time to its first word. A figure that has a
// place in the call seeks there when clicked.
import type { AudioChannel } from "../../../bindings/AudioChannel";
import type { CallAnalysis } from "../../../bindings/CallAnalysis";
import { notableMarks, type Mark } from "./marks";

function secs(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(1)} s`;
}

function Figure({ label, value, mark, onSeek }: { label: string; value: string; mark?: Mark | null; onSeek: (secs: number) => void }) {
  return (
    <div className="analysis-figure">
      <dt>{label}</dt>
      <dd>
        {mark ? (
          <button type="button" className="analysis-figure__seek" onClick={() => onSeek(mark.seekTo)} aria-label={`${label} ${value}: ${mark.label}`}>
            {value}
          </button>
        ) : (
          value
        )}
      </dd>
    </div>
  );
}

/** Two channels: which is the agent's — as decided for this call, or as set for the account. */
function AgentChannelChoice({ analysis, onChoose }: { analysis: CallAnalysis; onChoose: (channel: AudioChannel | null) => void }) {
  const chosen = analysis.agent_channel_from === "option" ? analysis.agent_channel : null;
  const decided = analysis.agent_channel === "right" ? "right" : "left";
  const how = analysis.agent_channel_from === "transcript" ? "from the transcript" : "by default";
  return (
    <label className="analysis-figure analysis-agent-channel">
      <span className="analysis-agent-channel__label">Agent on</span>
      <select
        aria-label="Agent channel"
        value={chosen ?? "auto"}
        onChange={(e) => onChoose(e.target.value === "left" || e.target.value === "right" ? e.target.value : null)}
      >
        <option value="auto">{chosen === null ? `${decided === "left" ? "Left" : "Right"} (${how})` : "Decide per call"}</option>
        <option value="left">Left, for this account</option>
        <option value="right">Right, for this account</option>
      </select>
    </label>
  );
}

export function AnalysisFigures({
  analysis,
  marks,
  onSeek,
  onChooseAgentChannel,
}: {
  analysis: CallAnalysis;
  marks: readonly Mark[];
  onSeek: (secs: number) => void;
  onChooseAgentChannel?: (channel: AudioChannel | null) => void;
}) {
  const s = analysis.summary;
  const { slowest, firstInterruption, longestDeadAir } = notableMarks(marks);
  const share = s.agent_talk_share === null ? "—" : `${Math.round(s.agent_talk_share * 100)}%`;
  const firstWord =
    s.time_to_first_word_s === null
      ? null
      : { kind: "response" as const, tone: "response-fast" as const, start: s.time_to_first_word_s, end: s.time_to_first_word_s, seekTo: s.time_to_first_word_s, label: "the agent's first word" };
  return (
    <dl className="analysis-figures" data-testid="analysis-figures" aria-label="Call figures from the audio">
      <Figure label="Response p50" value={secs(s.latency_p50_s)} onSeek={onSeek} />
      <Figure label="p90" value={secs(s.latency_p90_s)} onSeek={onSeek} />
      <Figure label="max" value={secs(s.latency_max_s)} mark={slowest} onSeek={onSeek} />
      <Figure label="Interruptions" value={String(s.interruptions)} mark={firstInterruption} onSeek={onSeek} />
      <Figure label="Dead air" value={secs(s.dead_air_s)} mark={longestDeadAir} onSeek={onSeek} />
      <Figure label="Agent talk" value={share} onSeek={onSeek} />
      <Figure label="First word" value={secs(s.time_to_first_word_s)} mark={firstWord} onSeek={onSeek} />
      {analysis.channels === 2 && onChooseAgentChannel && <AgentChannelChoice analysis={analysis} onChoose={onChooseAgentChannel} />}
    </dl>
  );
}
